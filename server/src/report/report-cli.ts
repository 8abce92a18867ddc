/**
 * `npm run report -- <municipalityCode> <year> [--out file.xlsx|file.pdf] [--plan <id>] [--stage self]`
 *
 * .xlsx (default, named like 令和4年度_伊勢崎市_評価報告書.xlsx): built here from the database
 * (the embedded PostgreSQL or DATABASE_URL), with a progress line per step on stderr.
 * .pdf: the print view is rendered by the running server (it needs the built dashboard and
 * Chromium): `npm start` first; the CLI fetches /reports/<code>/<year>.pdf from REPORT_SERVER
 * (default http://127.0.0.1:$PORT or 4000), sending ADMIN_TOKEN as a bearer token when set.
 */
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { StartupError } from '../shared/errors.js';
import { StageEnum } from '../graphql/filters.js';
import { annualReport } from './report.service.js';
import { reportFileName, reportWorkbookBuffer } from './report.xlsx.js';

const USAGE = 'usage: npm run report -- <municipalityCode> <year> [--out file.xlsx|file.pdf] [--plan <id>] [--stage self|secondary|external|council]';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) fail(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}
function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

const args = process.argv.slice(2);
const out = option(args, '--out');
const plan = option(args, '--plan');
const stage = option(args, '--stage')?.toLowerCase();
const [code, yearText, ...rest] = args;
if (!code || !yearText || rest.length) fail('municipality code and fiscal year are required');
if (!/^[0-9]{6}$/.test(code)) fail(`not a 6-digit municipality code: ${code}`);
const year = Number(yearText);
if (!Number.isInteger(year) || year < 1989 || year > 2100) fail(`not a fiscal year: ${yearText}`);
if (plan !== undefined && !/^[1-9][0-9]*$/.test(plan)) fail(`not a plan id: ${plan}`);
if (stage !== undefined && !(Object.values(StageEnum) as string[]).includes(stage)) fail(`not a stage: ${stage}`);
if (out && !/\.(xlsx|pdf)$/i.test(out)) fail('--out must end in .xlsx or .pdf');

const started = Date.now();
const step = (what: string) => process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${what}\n`);

if (out?.toLowerCase().endsWith('.pdf')) {
  const base = process.env.REPORT_SERVER ?? `http://127.0.0.1:${process.env.PORT || 4000}`;
  const url = new URL(`/reports/${code}/${year}.pdf`, base);
  if (plan) url.searchParams.set('plan', plan);
  if (stage) url.searchParams.set('stage', stage);
  step(`rendering the print view at ${url} …`);
  const token = process.env.ADMIN_TOKEN;
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch((e: unknown) => {
    console.error(`the server at ${base} cannot be reached (${(e as Error).message}); start it with npm start, or set REPORT_SERVER`);
    process.exit(1);
  });
  if (!res.ok) {
    console.error(`${res.status}: ${await res.text()}`);
    process.exit(1);
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  await writeFile(out, bytes);
  step(`wrote ${out} (${(bytes.length / 1024).toFixed(0)} KB)`);
  process.exit(0);
}

const db = await openDatabase(loadConfig(), (m) => console.error(m)).catch((e: unknown) => {
  console.error(e instanceof StartupError ? e.message : String(e));
  process.exit(1);
});
let exitCode = 0;
try {
  step('database ready');
  const report = await annualReport(db.orm.em.fork(), {
    municipalityCode: code,
    fiscalYear: year,
    planId: plan ? Number(plan) : null,
    stage: (stage as StageEnum | undefined) ?? null,
    onProgress: (s) => step(`report: ${s}`),
  });
  step(
    `${report.municipalityName} ${report.planName} ${report.fiscalYear.label}: ${report.areas.length} areas, ${report.measures.length} ${report.measureLevelName ?? 'measures'}, ` +
      `${report.indicators.length} indicators, ${report.projects.length} projects`,
  );
  const buffer = await reportWorkbookBuffer(report);
  const file = out ?? reportFileName(report, 'xlsx');
  await writeFile(file, buffer);
  step(`wrote ${file} (${(buffer.length / 1024).toFixed(0)} KB)`);
} catch (e) {
  exitCode = 1;
  console.error((e as Error).message);
} finally {
  await db.close();
}
process.exit(exitCode);
