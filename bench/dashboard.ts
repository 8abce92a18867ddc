/**
 * Dashboard load: opens the overview cold (new browser context, empty cache) in Chromium against
 * the built server with the bundled data, and reports the time to the first chart, what it
 * waited for (the app's first request, the overview's answer), and the JavaScript the page
 * loaded (bytes on the wire, and gzip size of each file). The machine's load average is printed
 * beside the figures: on a shared machine they move with it.
 * `npm run bench:dashboard`; needs Chromium (apt-get install chromium). Writes bench/results/dashboard.md.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/browser/support/chromium.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_MS = 1000;
const BUDGET_JS_GZIP = 400 * 1024;

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'seisaku-bench-dash-'));
chmodSync(dir, 0o755);
const port = await freePort();
const server = spawn(process.execPath, [join(ROOT, 'server/dist/main.js')], {
  env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', PG_PORT: String(await freePort()), PG_DATA_DIR: join(dir, 'pg'), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await launchChromium();
  const loadBefore = loadavg()[0]!;
  const times: number[] = [];
  /** Per run: the app's first GraphQL request, the overview's answer. */
  const firstRequest: number[] = [];
  const overviewAnswer: number[] = [];
  let js = { files: 0, wire: 0, raw: 0, gzip: 0 };
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts: { url: string; wire: number; raw: number; gzip: number }[] = [];
    page.on('response', async (res) => {
      if (res.request().resourceType() !== 'script') return;
      const body = await res.body().catch(() => Buffer.alloc(0));
      const sizes = await res.request().sizes().catch(() => ({ responseBodySize: body.length }));
      scripts.push({ url: res.url(), wire: sizes.responseBodySize, raw: body.length, gzip: gzipSync(body).length });
    });
    const t0 = Date.now();
    let asked = 0;
    let answered = 0;
    page.on('request', (r) => {
      if (!asked && r.url().endsWith('/graphql')) asked = Date.now() - t0;
    });
    page.on('requestfinished', (r) => {
      if (!answered && (r.postData() ?? '').includes('"operationName":"GetOverview"')) answered = Date.now() - t0;
    });
    await page.goto(`${base}/`);
    // The first chart has drawn when ApexCharts has put its SVG into a chart element.
    await page.waitForSelector('.chart svg', { timeout: 30_000 });
    times.push(Date.now() - t0);
    firstRequest.push(asked);
    overviewAnswer.push(answered);
    await page.waitForLoadState('networkidle');
    if (run === 0) {
      js = scripts.reduce((a, s) => ({ files: a.files + 1, wire: a.wire + s.wire, raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { files: 0, wire: 0, raw: 0, gzip: 0 });
    }
    await context.close();
  }
  await browser.close();
  const loadAfter = loadavg()[0]!;
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const lines = [
    '# Dashboard load benchmark',
    '',
    `Overview of the default city, opened cold (new browser context) ${RUNS} times in headless Chromium on localhost; built server with the bundled data, NODE_ENV=production.`,
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the runs (a shared machine: the figures move with its load).`,
    '',
    '| measure | value | budget | |',
    '|---|---:|---:|---|',
    `| time to first chart (median of ${RUNS}) | ${median} ms | ${BUDGET_MS} ms | ${median <= BUDGET_MS ? 'met' : `missed by ${median - BUDGET_MS} ms`} |`,
    `| time to first chart (slowest) | ${times[times.length - 1]} ms | | |`,
    `| of which: until the first GraphQL request (the page and its boot script) | ${mid(firstRequest)} ms | | |`,
    `| of which: until the overview's answer | ${mid(overviewAnswer)} ms | | |`,
    `| JavaScript loaded, gzip (${js.files} files) | ${kb(js.gzip)} | ${kb(BUDGET_JS_GZIP)} | ${js.gzip <= BUDGET_JS_GZIP ? 'met' : `missed by ${kb(js.gzip - BUDGET_JS_GZIP)}`} |`,
    `| JavaScript on the wire (server compression) | ${kb(js.wire)} | | |`,
    `| JavaScript uncompressed | ${kb(js.raw)} | | |`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/dashboard.md'), lines.join('\n') + '\n');
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
