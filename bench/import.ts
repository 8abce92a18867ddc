/**
 * Import speed: rows per second of the importer for a generated file of at least one million
 * indicator values, beside PostgreSQL's own COPY of the same rows into the same table (the
 * ceiling), in the same process and database. `npm run bench:import` (about a minute).
 * Prints a table and writes bench/results/import.md.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../server/src/db/embedded-postgres.js';
import { connect, ensureDatabase, migrate } from '../server/src/db/database.js';
import { generateDataset } from '../server/src/dataset/generate.js';
import { importDataset } from '../server/src/dataset/importer.js';
import { validateDataset } from '../server/src/dataset/validate.js';
import type { Dataset } from '../server/src/dataset/format.js';

const TARGET_VALUES = Number(process.env.BENCH_VALUES ?? 1_000_000);

let cluster: EmbeddedCluster | undefined;
let dir: string | undefined;
let url = process.env.DATABASE_URL;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), 'seisaku-bench-'));
  chmodSync(dir, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54398 });
  await ensureDatabase(cluster.url('postgres'), 'bench');
  url = cluster.url('bench');
}
const orm = await connect(url);
await migrate(orm);

try {
  // One generated city, its indicators repeated (with their own keys) until the file holds the
  // target number of values; no evaluations, so the timing is about indicator values.
  const t0 = performance.now();
  const full = generateDataset({ seed: 7, municipalityIndex: 900, leafEvaluations: false });
  full.evaluations = [];
  const base = full.indicators;
  const perCopy = base.reduce((n, i) => n + i.values.length, 0);
  const copies = Math.ceil(TARGET_VALUES / perCopy);
  full.indicators = Array.from({ length: copies }, (_, c) =>
    base.map((i) => ({ ...i, key: c === 0 ? i.key : `${i.key}-r${c}`, name: c === 0 ? i.name : `${i.name}（複製${c}）`, values: i.values.map((v) => ({ ...v })) })),
  ).flat();
  full.projects = full.projects.map((p) => ({ ...p, outcomeIndicator: undefined }));
  const values = full.indicators.reduce((n, i) => n + i.values.length, 0);
  const checked = validateDataset(JSON.parse(JSON.stringify(full)));
  if (!checked.ok) throw new Error(`generated dataset invalid: ${checked.problems[0]?.en}`);
  const tGen = performance.now() - t0;

  // The structure first, so the measured import is the values (plus comparing unchanged indicators).
  const structure: Dataset = { ...full, indicators: full.indicators.map((i) => ({ ...i, values: [] })) };
  await importDataset(orm, structure);

  const t1 = performance.now();
  const summary = await importDataset(orm, full);
  const tImport = (performance.now() - t1) / 1000;
  const inserted = summary.tables.indicator_value?.added ?? 0;

  // The ceiling: COPY the very same rows back into indicator_value, inside a transaction that is rolled back.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cols = 'municipality_id, source_document_id, source_line, source_line_end, source_note, uncertain, indicator_id, fiscal_year, kind, value, text, observed_year, year_note, qualifier, span_from, span_to, printed_achievement, printed_achievement_text';
  const chunks: Buffer[] = [];
  const dump = client.query(copyStreams.to(`copy (select ${cols} from indicator_value where municipality_id = ${Number(summary.municipality.id)}) to stdout`));
  for await (const c of dump) chunks.push(c as Buffer);
  await client.query('begin');
  await client.query('delete from indicator_value where municipality_id = $1', [summary.municipality.id]);
  const t2 = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyStreams.from(`copy indicator_value (${cols}) from stdin`)));
  const tCopy = (performance.now() - t2) / 1000;
  await client.query('rollback');
  await client.end();

  const ours = inserted / tImport;
  const ceiling = inserted / tCopy;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  const lines = [
    `# Import benchmark`,
    ``,
    `Generated city (labelled generated): ${full.indicators.length.toLocaleString()} indicators, ${values.toLocaleString()} indicator values (generation and validation ${(tGen / 1000).toFixed(1)} s).`,
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, PostgreSQL ${cluster ? 'embedded 17' : 'at DATABASE_URL'}.`,
    ``,
    `| | rows | seconds | rows/s | ratio to COPY |`,
    `|---|---:|---:|---:|---:|`,
    `| importer (validated, diffed, one transaction) | ${inserted.toLocaleString()} | ${tImport.toFixed(2)} | ${Math.round(ours).toLocaleString()} | ${(ours / ceiling).toFixed(2)} |`,
    `| PostgreSQL COPY of the same rows (ceiling) | ${inserted.toLocaleString()} | ${tCopy.toFixed(2)} | ${Math.round(ceiling).toLocaleString()} | 1.00 |`,
    ``,
    `Peak process memory (RSS): ${rss.toFixed(0)} MB.`,
  ];
  console.log(lines.join('\n'));
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'import.md'), lines.join('\n') + '\n');
} finally {
  await orm.close(true);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
