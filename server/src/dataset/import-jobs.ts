/**
 * Imports started from the dashboard (取込ジョブ): a file is read and checked, a dry run makes
 * its preview, and only a confirmation writes it — in the importer's one transaction. Each step
 * runs after the request that asked for it has answered, so the page polls the job's progress
 * and stays responsive on large files.
 *
 * Jobs live in this process's memory, bounded in number and age: the parsed file waits here
 * between preview and confirmation (never the database). Several API processes need the
 * dashboard's requests for one job to reach the same process (sticky sessions).
 */
import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Dataset } from './format.js';
import { readDatasetBytes } from './read.js';
import { readCsv } from './csv.js';
import { importDataset, importIndicatorValues, ImportConflictError, type ImportOptions, type ImportSummary, type IndicatorValuesFile } from './importer.js';
import { PreviewCollector, type ImportPreview } from './preview.js';
import type { Problem } from './validate.js';
import { TABLE_LABELS } from './importer.js';
import { fileSha256, type AuditActor } from '../audit/audit.sql.js';

export type ImportJobStatus = 'reading' | 'invalid' | 'ready' | 'writing' | 'done' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  /** Who started it: only they may see, confirm or cancel it. */
  owner: string;
  fileName: string;
  /** JSON, Excel, CSV（UTF-8）, CSV（Shift_JIS）. */
  format: string;
  status: ImportJobStatus;
  municipalityName?: string;
  /** The table being written and how far (rows), while reading the preview or writing. */
  progress?: { table: string; done: number; total: number };
  problems: Problem[];
  preview?: ImportPreview;
  result?: ImportSummary;
  removeMissing: boolean;
  startedAt: number;
  /** What a confirmation writes. */
  input?: { kind: 'dataset'; dataset: Dataset } | { kind: 'values'; file: IndicatorValuesFile };
  sha256: string;
}

/** Jobs kept at once, and how long a finished or waiting one is kept. */
export const MAX_IMPORT_JOBS = 20;
export const IMPORT_JOB_TTL_MS = 30 * 60 * 1000;

const jobs = new Map<string, ImportJob>();

function prune(now = Date.now()): void {
  for (const [id, j] of jobs) if (j.status !== 'writing' && j.status !== 'reading' && now - j.startedAt > IMPORT_JOB_TTL_MS) jobs.delete(id);
}

/** A job by id, for its owner only. */
export function importJob(id: string, owner: string): ImportJob | undefined {
  prune();
  const j = jobs.get(id);
  return j && j.owner === owner ? j : undefined;
}

export interface StartOptions {
  em: EntityManager;
  owner: string;
  fileName: string;
  bytes: Buffer;
  /** The city a CSV's records go to (a CSV names none). */
  municipalityCode?: string;
  /** May this caller import into that city? */
  mayImport: (municipalityCode: string) => Promise<boolean>;
}

/** Starts reading a file and making its preview; returns at once with the job. */
export function startImportPreview(o: StartOptions): ImportJob {
  prune();
  if (jobs.size >= MAX_IMPORT_JOBS) {
    // The oldest job nobody waits on makes room; when every one is busy, the caller waits.
    const idle = [...jobs.values()].filter((j) => j.status !== 'writing' && j.status !== 'reading').sort((a, b) => a.startedAt - b.startedAt)[0];
    if (!idle) throw new ImportBusyError();
    jobs.delete(idle.id);
  }
  const ext = extname(o.fileName).toLowerCase();
  const job: ImportJob = {
    id: randomUUID(),
    owner: o.owner,
    fileName: o.fileName,
    format: ext === '.xlsx' ? 'Excel' : ext === '.csv' ? 'CSV' : 'JSON',
    status: 'reading',
    problems: [],
    removeMissing: false,
    startedAt: Date.now(),
    sha256: fileSha256(o.bytes),
  };
  jobs.set(job.id, job);
  void runPreview(job, o).catch((e: unknown) => fail(job, e));
  return job;
}

/** All import jobs are busy. */
export class ImportBusyError extends Error {
  constructor() {
    super('too many imports at once');
  }
}

async function runPreview(job: ImportJob, o: StartOptions): Promise<void> {
  const invalid = (problems: Problem[]) => {
    job.problems = problems;
    job.status = 'invalid';
  };
  let code: string;
  if (job.format === 'CSV') {
    const csv = readCsv(o.bytes, o.fileName);
    if (csv.encoding) job.format = `CSV（${csv.encoding}）`;
    if (!csv.ok) return invalid(csv.problems);
    if (!o.municipalityCode) return invalid([{ file: o.fileName, path: '', ja: 'CSV には自治体がありません。取り込む自治体を選んでください', en: 'a CSV names no municipality: choose one' }]);
    code = o.municipalityCode;
    job.input = { kind: 'values', file: { municipalityCode: code, values: csv.values, rows: csv.rows, fields: csv.fields } };
  } else {
    const read = await readDatasetBytes(o.bytes, o.fileName);
    if (!read.ok) return invalid(read.problems);
    code = read.dataset.municipality.code;
    job.input = { kind: 'dataset', dataset: read.dataset };
  }
  if (!(await o.mayImport(code))) return invalid([{ file: o.fileName, path: 'municipality', ja: '他の自治体のデータは取り込めません', en: 'you may import only your own municipality’s data' }]);
  const collector = new PreviewCollector();
  try {
    const summary = await write(job, o.em, { dryRun: true, onRow: collector.onRow, beforeEnd: async (trx, s) => void (job.preview = await collector.render(trx, s.municipality.id)) });
    job.municipalityName = summary.municipality.name;
    job.status = 'ready';
  } catch (e) {
    if (e instanceof ImportConflictError) return invalid([{ file: o.fileName, path: 'municipality', ja: e.ja, en: e.en }]);
    throw e;
  } finally {
    job.progress = undefined;
  }
}

function write(job: ImportJob, em: EntityManager, opts: ImportOptions): Promise<ImportSummary> {
  const input = job.input!;
  const withProgress: ImportOptions = { ...opts, onProgress: (table, done, total) => (job.progress = { table: TABLE_LABELS[table] ?? '（その他）', done, total }) };
  return input.kind === 'dataset' ? importDataset(em, input.dataset, withProgress) : importIndicatorValues(em, input.file, withProgress);
}

/** Confirms a job whose preview is ready: writes it (and, only if asked, removes what the file lacks). */
export function confirmImport(job: ImportJob, o: { em: EntityManager; actor: AuditActor; removeMissing: boolean }): ImportJob {
  if (job.status !== 'ready') throw new ImportStateError(job.status);
  job.status = 'writing';
  job.removeMissing = o.removeMissing;
  void (async () => {
    try {
      job.result = await write(job, o.em, { removeMissing: o.removeMissing, audit: { actor: o.actor, fileName: job.fileName, sha256: job.sha256 } });
      job.status = 'done';
      job.input = undefined;
    } catch (e) {
      if (e instanceof ImportConflictError) {
        job.problems = [{ file: job.fileName, path: '', ja: e.ja, en: e.en }];
        job.status = 'failed';
      } else fail(job, e);
    } finally {
      job.progress = undefined;
    }
  })();
  return job;
}

/** Cancels a job that is not being written: nothing of it was ever written. */
export function cancelImport(job: ImportJob): void {
  if (job.status === 'writing') throw new ImportStateError(job.status);
  job.status = 'cancelled';
  job.input = undefined;
  job.preview = undefined;
}

/** A job asked to do what its state does not allow. */
export class ImportStateError extends Error {
  constructor(readonly status: ImportJobStatus) {
    super(`the import is ${status}`);
  }
}

function fail(job: ImportJob, e: unknown): void {
  job.status = 'failed';
  job.input = undefined;
  job.problems = [{ file: job.fileName, path: '', ja: '取り込みに失敗しました。何も書き込まれていません', en: `the import failed; nothing was written (${e instanceof Error ? e.message : String(e)})` }];
}
