/**
 * Report speed: time to build the annual report content and its Excel workbook for 伊勢崎市
 * (the bundled seed, FY2022) and for a full-size generated サンプル市 (generateDataset with
 * the defaults, ≈ 6 indicators per measure and evaluations of every level, FY2023 against
 * FY2022), in an embedded PostgreSQL. `npm run bench:report`. Prints a table and writes
 * bench/results/report.md.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../server/src/db/embedded-postgres.js';
import { connect, ensureDatabase, migrate } from '../server/src/db/database.js';
import { generateDataset } from '../server/src/dataset/generate.js';
import { importDataset } from '../server/src/dataset/importer.js';
import { loadSeeds } from '../server/src/dataset/seeds.js';
import { annualReport } from '../server/src/report/report.service.js';
import { reportWorkbookBuffer } from '../server/src/report/report.xlsx.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

let cluster: EmbeddedCluster | undefined;
let dir: string | undefined;
let url = process.env.DATABASE_URL;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), 'seisaku-bench-report-'));
  chmodSync(dir, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54000 + Math.floor(Math.random() * 900) });
  await ensureDatabase(cluster.url('postgres'), 'bench');
  url = cluster.url('bench');
}
const orm = await connect(url);
await migrate(orm);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  console.error('loading the bundled seeds …');
  await loadSeeds(orm);
  console.error('generating and importing a full-size サンプル市 …');
  const full = generateDataset({ seed: 11, municipalityIndex: 901 });
  const summary = await importDataset(orm, full);
  const fullCode = summary.municipality.code;

  const cases = [
    { label: '伊勢崎市 (102041) FY2022, seed', code: '102041', year: 2022 },
    { label: `${summary.municipality.name} (${fullCode}) FY2023, generated full size`, code: fullCode, year: 2023 },
  ];
  const lines = [
    '# Report benchmark',
    '',
    `Median of ${RUNS} runs after one warm-up; content = \`annualReport\` (SQL + assembly), workbook = exceljs build and write to a buffer.`,
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, PostgreSQL ${cluster ? 'embedded 17' : 'at DATABASE_URL'}.`,
    '',
    '| report | measures | indicators | evaluations | content ms | workbook ms | total ms | xlsx KB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of cases) {
    const content: number[] = [];
    const book: number[] = [];
    let size = 0;
    let counts = { measures: 0, indicators: 0, evaluations: 0 };
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const report = await annualReport(orm.em.fork(), { municipalityCode: c.code, fiscalYear: c.year });
      const t1 = performance.now();
      const buf = await reportWorkbookBuffer(report);
      const t2 = performance.now();
      if (i === 0) continue; // warm-up
      content.push(t1 - t0);
      book.push(t2 - t1);
      size = buf.length;
      counts = { measures: report.measures.length, indicators: report.indicators.length, evaluations: report.summary.evaluationCount };
    }
    const line = `| ${c.label} | ${counts.measures} | ${counts.indicators} | ${counts.evaluations} | ${median(content).toFixed(0)} | ${median(book).toFixed(0)} | ${(median(content) + median(book)).toFixed(0)} | ${(size / 1024).toFixed(0)} |`;
    lines.push(line);
    console.error(line);
  }
  lines.push('', `Peak process memory (RSS): ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB.`);
  console.log(lines.join('\n'));
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.md'), lines.join('\n') + '\n');
} finally {
  await orm.close(true);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
