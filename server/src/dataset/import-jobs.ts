/**
 * Imports started from the dashboard (取込ジョブ): a file is read and checked, a dry run makes
 * its preview, and only a confirmation writes it — in the importer's one transaction. Each step
 * runs after the request that asked for it has answered, so the page polls the job's progress
 * and stays responsive on large files.
 *
 * Jobs live in the database (`import_job`), so any API process answers for any job: the
 * process that reads or writes a file records its state and progress there, and another may be
 * polled, confirm or cancel. The file waits in the row between preview and confirmation and is
 * read again by whichever process confirms. The preview remembers the city's `data_version`; a
 * confirmation after it moved is refused (`stale`) and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Dataset } from './format.js';
import { readDatasetBytes } from './read.js';
import { readCsv } from './csv.js';
import { DataChangedError, importDataset, importIndicatorValues, ImportConflictError, type ImportOptions, type ImportSummary, type IndicatorValuesFile } from './importer.js';
import { PreviewCollector, type ImportPreview } from './preview.js';
import type { Problem } from './validate.js';
import { TABLE_LABELS } from './importer.js';
import { fileSha256, type AuditActor } from '../audit/audit.sql.js';

export type ImportJobStatus = 'reading' | 'invalid' | 'ready' | 'writing' | 'done' | 'failed' | 'cancelled' | 'stale';

/** A job as any process reads it back (the file itself stays in the database). */
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
}

/** Jobs kept at once, and how long a finished or waiting one is kept. */
export const MAX_IMPORT_JOBS = 20;
export const IMPORT_JOB_TTL_MS = 30 * 60 * 1000;
/** A running job's process says it is alive this often; one silent for ABANDONED_MS has died. */
const HEARTBEAT_MS = 5_000;
const ABANDONED_MS = 60_000;
/** Progress is written at most this often (every batch would be a statement per 1,000 rows). */
const PROGRESS_MS = 250;

const RUNNING = `status in ('reading', 'writing')`;
const JSON_COLUMNS = new Set(['progress', 'problems', 'preview', 'result']);
const COLUMNS = `id, owner, file_name, format, status, municipality_name, progress, problems, preview, result, remove_missing`;

type Db = Knex;
const knexOf = (em: EntityManager): Db => em.getKnex();

/** A row of `import_job` as read (the file left out). */
interface JobRow {
  id: string;
  owner: string;
  file_name: string;
  format: string;
  status: ImportJobStatus;
  municipality_name: string | null;
  progress: ImportJob['progress'] | null;
  problems: Problem[] | null;
  preview: ImportPreview | null;
  result: ImportSummary | null;
  remove_missing: boolean;
}

function rowToJob(r: JobRow): ImportJob {
  return {
    id: r.id,
    owner: r.owner,
    fileName: r.file_name,
    format: r.format,
    status: r.status,
    municipalityName: r.municipality_name ?? undefined,
    progress: r.progress ?? undefined,
    problems: r.problems ?? [],
    preview: r.preview ?? undefined,
    result: r.result ?? undefined,
    removeMissing: r.remove_missing,
  };
}

/** A job whose process died (no heartbeat) is failed: its transaction rolled back with it. */
async function settleAbandoned(db: Db, where: string, bindings: Knex.RawBinding[]): Promise<void> {
  // sql-safe: `where` is a constant condition of this module's callers ('id = ?', 'true'), RUNNING constant SQL; values are ? bindings
  await db.raw(
    `update import_job set status = 'failed', progress = null, file = null, problems = ?::jsonb, updated_at = now()
      where ${where} and ${RUNNING} and updated_at < now() - make_interval(secs => ?)`,
    [JSON.stringify([failedProblem('', 'the process working on it stopped')]), ...bindings, ABANDONED_MS / 1000],
  );
}

/** A job by id, for its owner only. */
export async function importJob(em: EntityManager, id: string, owner: string): Promise<ImportJob | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const db = knexOf(em);
  await settleAbandoned(db, 'id = ?', [id]);
  // sql-safe: RUNNING and COLUMNS are constant SQL of this module; values are ? bindings
  const { rows } = (await db.raw(`select ${COLUMNS} from import_job where id = ? and owner = ?`, [id, owner])) as { rows: JobRow[] };
  return rows[0] ? rowToJob(rows[0]) : undefined;
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
export async function startImportPreview(o: StartOptions): Promise<ImportJob> {
  const ext = extname(o.fileName).toLowerCase();
  const id = randomUUID();
  const format = ext === '.xlsx' ? 'Excel' : ext === '.csv' ? 'CSV' : 'JSON';
  const db = knexOf(o.em);
  await db.transaction(async (trx) => {
    // One process at a time counts and makes room (the bound holds across processes).
    await trx.raw(`select pg_advisory_xact_lock(hashtext('import_job'))`);
    // sql-safe: RUNNING and COLUMNS are constant SQL of this module; values are ? bindings
    await trx.raw(`delete from import_job where not (${RUNNING}) and started_at < now() - make_interval(secs => ?)`, [IMPORT_JOB_TTL_MS / 1000]);
    await settleAbandoned(trx, 'true', []);
    const { rows } = await trx.raw(`select count(*)::int as n from import_job`);
    if (rows[0].n >= MAX_IMPORT_JOBS) {
      // The oldest job nobody waits on makes room; when every one is busy, the caller waits.
      // sql-safe: RUNNING and COLUMNS are constant SQL of this module; values are ? bindings
      const gone = await trx.raw(`delete from import_job where id = (select id from import_job where not (${RUNNING}) order by started_at limit 1) returning id`);
      if (!gone.rows.length) throw new ImportBusyError();
    }
    await trx.raw(
      `insert into import_job (id, owner, file_name, format, status, municipality_code, file, sha256) values (?, ?, ?, ?, 'reading', ?, ?, ?)`,
      [id, o.owner, o.fileName, format, o.municipalityCode ?? null, o.bytes, fileSha256(o.bytes)],
    );
  });
  const job = new RunningJob(db, id, o.fileName);
  void job.run(() => runPreview(job, o, format));
  return (await importJob(o.em, id, o.owner))!;
}

/** All import jobs are busy. */
export class ImportBusyError extends Error {
  constructor() {
    super('too many imports at once');
  }
}

/**
 * This process's hand on one job while it reads or writes: its progress (written at most every
 * PROGRESS_MS, in order), a heartbeat, and its last state written after every progress.
 */
class RunningJob {
  private writes: Promise<unknown> = Promise.resolve();
  private lastProgress = 0;

  constructor(
    private readonly db: Db,
    readonly id: string,
    readonly fileName: string,
  ) {}

  /** Writes columns of the job, after every write asked for before; with `whileStatus`, only if it is still in that state. */
  set(columns: Record<string, unknown>, whileStatus?: ImportJobStatus): Promise<void> {
    const names = Object.keys(columns);
    const json = (n: string) => JSON_COLUMNS.has(n);
    const values = names.map((n) => (json(n) && columns[n] !== null ? JSON.stringify(columns[n]) : columns[n]) as Knex.RawBinding);
    const assign = [...names.map((n) => `${n} = ?${json(n) ? '::jsonb' : ''}`), 'updated_at = now()'].join(', ');
    const only = whileStatus ? ' and status = ?' : '';
    // sql-safe: `assign` names columns of this module's own calls (never a client's), `only` is constant; values are ? bindings
    const next = this.writes.then(() => this.db.raw(`update import_job set ${assign} where id = ?${only}`, [...values, this.id, ...(whileStatus ? [whileStatus] : [])]));
    this.writes = next.catch(() => undefined);
    return next.then(() => undefined);
  }

  readonly onProgress = (table: string, done: number, total: number): void => {
    const now = Date.now();
    if (now - this.lastProgress < PROGRESS_MS && done < total) return;
    this.lastProgress = now;
    void this.set({ progress: { table: TABLE_LABELS[table] ?? '（その他）', done, total } }).catch(() => undefined);
  };

  /** Runs one step with a heartbeat; an unexpected error fails the job (nothing was written). */
  async run(step: () => Promise<void>): Promise<void> {
    const beat = setInterval(() => void this.set({}).catch(() => undefined), HEARTBEAT_MS);
    beat.unref();
    try {
      await step();
    } catch (e) {
      await this.set({ status: 'failed', progress: null, file: null, problems: [failedProblem(this.fileName, e instanceof Error ? e.message : String(e))] }).catch(() => undefined);
    } finally {
      clearInterval(beat);
    }
  }
}

const failedProblem = (file: string, why: string): Problem => ({ file, path: '', ja: '取り込みに失敗しました。何も書き込まれていません', en: `the import failed; nothing was written (${why})` });

/** What a confirmation writes: a whole dataset, or a CSV's indicator values. */
type Input = { kind: 'dataset'; dataset: Dataset } | { kind: 'values'; file: IndicatorValuesFile };

/** What a file holds to write, and the city it goes to; or its problems. */
async function readInput(
  bytes: Buffer,
  fileName: string,
  municipalityCode: string | null,
): Promise<{ problems: Problem[]; format?: string } | { input: Input; code: string; format?: string }> {
  if (/\.csv$/i.test(fileName)) {
    const csv = readCsv(bytes, fileName);
    const format = csv.encoding ? `CSV（${csv.encoding}）` : undefined;
    if (!csv.ok) return { problems: csv.problems, format };
    if (!municipalityCode) return { problems: [{ file: fileName, path: '', ja: 'CSV には自治体がありません。取り込む自治体を選んでください', en: 'a CSV names no municipality: choose one' }], format };
    return { input: { kind: 'values', file: { municipalityCode, values: csv.values, rows: csv.rows, fields: csv.fields } }, code: municipalityCode, format };
  }
  const read = await readDatasetBytes(bytes, fileName);
  if (!read.ok) return { problems: read.problems };
  return { input: { kind: 'dataset', dataset: read.dataset }, code: read.dataset.municipality.code };
}

async function runPreview(job: RunningJob, o: StartOptions, format: string): Promise<void> {
  const read = await readInput(o.bytes, o.fileName, o.municipalityCode ?? null);
  const fmt = read.format ?? format;
  // Only while still reading: a job cancelled meanwhile stays cancelled.
  const invalid = (problems: Problem[]) => job.set({ status: 'invalid', format: fmt, problems, progress: null, file: null }, 'reading');
  if ('problems' in read) return invalid(read.problems);
  if (!(await o.mayImport(read.code))) return invalid([{ file: o.fileName, path: 'municipality', ja: '他の自治体のデータは取り込めません', en: 'you may import only your own municipality’s data' }]);
  const collector = new PreviewCollector();
  let preview: ImportPreview | undefined;
  try {
    const summary = await write(read.input, o.em, job, {
      dryRun: true,
      onRow: collector.onRow,
      beforeEnd: async (trx, s) => void (preview = await collector.render(trx, s.municipality.id)),
    });
    await job.set({ status: 'ready', format: fmt, municipality_name: summary.municipality.name, data_version: summary.dataVersion, preview, progress: null }, 'reading');
  } catch (e) {
    if (e instanceof ImportConflictError) return invalid([{ file: o.fileName, path: 'municipality', ja: e.ja, en: e.en }]);
    throw e;
  }
}

function write(input: Input, em: EntityManager, job: RunningJob, opts: ImportOptions): Promise<ImportSummary> {
  const withProgress: ImportOptions = { ...opts, onProgress: job.onProgress };
  return input.kind === 'dataset' ? importDataset(em, input.dataset, withProgress) : importIndicatorValues(em, input.file, withProgress);
}

/**
 * Confirms a job whose preview is ready: claims it (one process, once), reads its file again and
 * writes it, provided the city's data is still the version previewed (and, only if asked,
 * removes what the file lacks).
 */
export async function confirmImport(em: EntityManager, id: string, owner: string, o: { actor: AuditActor; removeMissing: boolean }): Promise<ImportJob> {
  const db = knexOf(em);
  const { rows } = await db.raw(
    `update import_job set status = 'writing', remove_missing = ?, progress = null, updated_at = now()
      where id = ? and owner = ? and status = 'ready'
      returning file, file_name, municipality_code, data_version, sha256`,
    [o.removeMissing, id, owner],
  );
  const claimed = rows[0] as { file: Buffer; file_name: string; municipality_code: string | null; data_version: number | null; sha256: string } | undefined;
  if (!claimed) throw await stateErrorOf(em, id, owner);
  const job = new RunningJob(db, id, claimed.file_name);
  void job.run(async () => {
    const read = await readInput(claimed.file, claimed.file_name, claimed.municipality_code);
    if ('problems' in read) throw new Error('the file no longer reads as it did');
    try {
      const result = await write(read.input, em, job, {
        removeMissing: o.removeMissing,
        expectDataVersion: claimed.data_version,
        audit: { actor: o.actor, fileName: claimed.file_name, sha256: claimed.sha256 },
      });
      await job.set({ status: 'done', result, progress: null, file: null });
    } catch (e) {
      // Changed since the preview: the file stays, for a new preview of it.
      if (e instanceof DataChangedError) await job.set({ status: 'stale', progress: null, problems: [{ file: claimed.file_name, path: '', ja: e.ja, en: e.en }] });
      else if (e instanceof ImportConflictError) await job.set({ status: 'failed', progress: null, file: null, problems: [{ file: claimed.file_name, path: '', ja: e.ja, en: e.en }] });
      else throw e;
    }
  });
  return (await importJob(em, id, owner))!;
}

/**
 * Makes a new preview of a job's file (after a confirmation found the city's data changed, or
 * on second thoughts): a new job, the same file, city and owner.
 */
export async function previewAgain(em: EntityManager, id: string, owner: string, mayImport: StartOptions['mayImport']): Promise<ImportJob> {
  // sql-safe: RUNNING and COLUMNS are constant SQL of this module; values are ? bindings
  const { rows } = await knexOf(em).raw(`select file_name, municipality_code, file from import_job where id = ? and owner = ? and file is not null and not (${RUNNING})`, [id, owner]);
  const r = rows[0] as { file_name: string; municipality_code: string | null; file: Buffer } | undefined;
  if (!r) throw await stateErrorOf(em, id, owner);
  return startImportPreview({ em, owner, fileName: r.file_name, bytes: r.file, municipalityCode: r.municipality_code ?? undefined, mayImport });
}

/** Cancels a job that is neither being written nor written: nothing of it was ever written. */
export async function cancelImport(em: EntityManager, id: string, owner: string): Promise<ImportJob> {
  const { rows } = await knexOf(em).raw(
    `update import_job set status = 'cancelled', file = null, preview = null, progress = null, updated_at = now()
      where id = ? and owner = ? and status not in ('writing', 'done') returning id`,
    [id, owner],
  );
  if (!rows.length) throw await stateErrorOf(em, id, owner);
  return (await importJob(em, id, owner))!;
}

/** Why a job could not take a step: it is not there (for this caller), or not in a state for it. */
async function stateErrorOf(em: EntityManager, id: string, owner: string): Promise<Error> {
  const job = await importJob(em, id, owner);
  return job ? new ImportStateError(job.status) : new ImportNotFoundError();
}

/** A job asked to do what its state does not allow. */
export class ImportStateError extends Error {
  constructor(readonly status: ImportJobStatus) {
    super(`the import is ${status}`);
  }
}

/** No such job for this caller (expired, or another's). */
export class ImportNotFoundError extends Error {
  constructor() {
    super('no such import');
  }
}
