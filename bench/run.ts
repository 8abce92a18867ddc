/**
 * `npm run bench` (issue 8): the API at one city, a prefecture (40 cities) and the nation
 * (1,741 cities) of generated data, through the full HTTP stack (server/dist/main.js on an
 * embedded PostgreSQL in a temp dir), beside plain SQL (the floor) and PostGraphile 4.14 +
 * @graphile/pg-aggregates 0.1.1 on the same database, in the same run.
 *
 *   BENCH_SIZES=city,prefecture npm run bench     # a subset (default city,prefecture,nation)
 *   BENCH_ITER=60                                 # timed requests per operation and variant (twice that per aggregation)
 *   BENCH_DATABASE_URL=postgres://…               # an existing database (loaded up to the sizes asked for, then reused)
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof"           # Node options for the API server (profiling, memory tracing)
 *   BENCH_SCALING=0                               # skip the section on several processes and a replica (bench/scaling.ts)
 *
 * Loading: cities 0-39 come from generateNation through the real importer (timed, one
 * transaction per city, beside a COPY of the same rows); the nation's further cities are copies
 * of those 40 made inside PostgreSQL (INSERT … SELECT with shifted ids), which the report says.
 * Prints the tables and writes bench/results/bench.md.
 */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../server/src/db/embedded-postgres.js';
import { connect, ensureDatabase, migrate } from '../server/src/db/database.js';
import { cloneCities, copyBaseline, importCities } from './load.js';
import { COST_AGGREGATIONS } from './cost.js';
import { AGGREGATIONS, NATIONWIDE, ROOT, SKIPPED, cityFacts, dashboardOperations, type Aggregation, type CityFacts } from './operations.js';
import { fmt, median, ms, p95 } from './stats.js';
import { measureScaling } from './scaling.js';

const SIZES = { city: 1, prefecture: 40, nation: 1741 } as const;
type Size = keyof typeof SIZES;
/** Cities loaded through the importer; further cities are copies of these. */
const IMPORTED = 40;
/** 60: a p95 is then the 57th of 60 times (of 30 it was the second slowest, one stray request from a miss). */
const ITER = Number(process.env.BENCH_ITER ?? 60);
/** Rounds per main aggregation (each round: ours, the floor, PostGraphile, bare HTTP): ratios of a few milliseconds need more than ITER. */
const AGG_ITER = ITER * 2;
const SAMPLE_CITIES = 8;
const CONCURRENCY = 200;
const CONCURRENCY_SECONDS = 10;
/** Time per operation and variant; past it (and at least MIN_SAMPLES requests) the rest of the ITER requests are skipped. */
const OP_BUDGET_MS = 12_000;
const MIN_SAMPLES = 3;
/** Operations slower than this (p95, cache missed) are left out of the concurrency mix, which says so. */
const CONCURRENCY_MAX_P95_MS = 1_000;

const BROWSER_HEADERS = { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br' };
const TARGET = { viewP95: 100, floorRatio: 1.5, concurrentP99: 250, rssMb: 500, importRatio: 0.5, nationwideP95: 150, nationwideFloorRatio: 1, searchP95: 200, answerMb: 1 };
/** Rounds per nationwide aggregation (each: ours, the floor, PostGraphile where it has one). */
const NATION_ITER = Number(process.env.BENCH_NATION_ITER ?? 20);

const sizes = (process.env.BENCH_SIZES ?? 'city,prefecture,nation')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as Size[];
for (const s of sizes) if (!(s in SIZES)) throw new Error(`BENCH_SIZES: unknown size "${s}" (city, prefecture, nation)`);
sizes.sort((a, b) => SIZES[a] - SIZES[b]);

const started = performance.now();
const loadAtStart = loadavg()[0]!.toFixed(1);
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

// ---- processes -----------------------------------------------------------------------------

function ensurePostgraphile() {
  const dir = resolve(ROOT, 'bench/postgraphile');
  if (existsSync(join(dir, 'node_modules/postgraphile/package.json')) && existsSync(join(dir, 'node_modules/@graphile/pg-aggregates/package.json'))) return;
  log('installing PostGraphile 4.14 + @graphile/pg-aggregates 0.1.1 into bench/postgraphile (first run)');
  execSync('npm install --prefix bench/postgraphile --no-audit --no-fund --loglevel=error', { cwd: ROOT, stdio: 'inherit' });
}

async function waitFor(url: string, proc: ChildProcess, what: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with code ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Child processes, killed if this process ends without stopping them. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function startOurs(databaseUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), resolve(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SEED: '0', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(proc);
  await waitFor(`http://127.0.0.1:${port}/readyz`, proc, 'the API server');
  return { proc, url: `http://127.0.0.1:${port}/graphql` };
}

async function startPostgraphile(databaseUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [resolve(ROOT, 'bench/postgraphile/server.cjs'), databaseUrl, String(port)], {
    cwd: resolve(ROOT, 'bench/postgraphile'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(proc);
  await waitFor(`http://127.0.0.1:${port}/graphql`, proc, 'PostGraphile');
  return { proc, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * A bare Node HTTP server in a process of its own, answering every POST with a fixed small JSON
 * body: the round trip any API over HTTP costs on this machine (client, loopback, server).
 */
async function startBareHttp(): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); s.end('{"data":{}}'); }); }).listen(${port}, '127.0.0.1')`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(proc);
  await waitFor(`http://127.0.0.1:${port}/`, proc, 'the bare HTTP server');
  return { proc, url: `http://127.0.0.1:${port}/` };
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

// ---- timing --------------------------------------------------------------------------------

interface Timed {
  ms: number[];
  errors: string[];
  /** The largest answer's bytes (JSON, uncompressed). */
  bytes?: number;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<{ ms: number; error?: string; bytes: number }> {
  const body = JSON.stringify({ query, variables });
  const t = performance.now();
  const r = await fetch(url, { method: 'POST', headers: BROWSER_HEADERS, body });
  const text = await r.text();
  const elapsed = performance.now() - t;
  let error: string | undefined;
  try {
    const j = JSON.parse(text) as { errors?: { message: string }[] };
    if (j.errors?.length) error = j.errors[0]!.message;
  } catch {
    error = `HTTP ${r.status}: ${text.slice(0, 200)}`;
  }
  if (!r.ok && !error) error = `HTTP ${r.status}`;
  return { ms: elapsed, error, bytes: Buffer.byteLength(text) };
}

let bust = 0;
/** `ITER` timed requests cycling through the cities; `unique` adds a variable no operation reads, so the response cache misses. */
async function timeGraphql(url: string, query: string, vars: (c: CityFacts) => Record<string, unknown>, cities: CityFacts[], unique: boolean): Promise<Timed> {
  const out: Timed = { ms: [], errors: [] };
  const until = performance.now() + OP_BUDGET_MS;
  for (let i = 0; i < ITER; i++) {
    if (i >= MIN_SAMPLES && performance.now() > until) break; // a very slow operation: fewer samples (reported)
    const c = cities[i % cities.length]!;
    const v = unique ? { ...vars(c), benchNoCache: ++bust } : vars(c);
    const r = await post(url, query, v);
    out.ms.push(r.ms);
    if (r.error) out.errors.push(r.error);
  }
  return out;
}

const timed = (): Timed => ({ ms: [], errors: [] });
function record(t: Timed, r: { ms: number; error?: string; bytes?: number }) {
  t.ms.push(r.ms);
  if (r.error) t.errors.push(r.error);
  if (r.bytes !== undefined) t.bytes = Math.max(t.bytes ?? 0, r.bytes);
}

async function sqlOnce(db: pg.Pool, text: string, values: unknown[]): Promise<{ ms: number; error?: string }> {
  const t = performance.now();
  try {
    await db.query(text, values);
    return { ms: performance.now() - t };
  } catch (e) {
    return { ms: performance.now() - t, error: (e as Error).message };
  }
}

// ---- measuring one size ---------------------------------------------------------------------

/**
 * Before timing, the database as it is once a load has settled: VACUUM ANALYZE (what autovacuum
 * does to freshly loaded tables within minutes, visibility maps included), a CHECKPOINT (the
 * load's dirty pages written now, not by the checkpointer during the timings), and no
 * autovacuum worker still running (waited for, up to two minutes). Returns the seconds taken.
 */
async function settle(db: pg.Pool): Promise<number> {
  const t = performance.now();
  await db.query(`vacuum (analyze)`);
  await db.query(`checkpoint`);
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    const { rows } = await db.query(`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return (performance.now() - t) / 1000;
}

interface ViewResult {
  view: string;
  name: string;
  uncached: Timed;
  cached: Timed;
}
interface AggResult {
  name: string;
  note: string;
  ours: Timed;
  floor: Timed;
  postgraphile: Timed;
  /** A bare Node HTTP server's answer to the same request (no GraphQL, no database). */
  bareHttp: Timed;
}
interface Concurrent {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  rps: number;
}
interface SizeResult {
  size: Size;
  cities: number;
  counts: Record<string, number>;
  views: ViewResult[];
  aggs: AggResult[];
  /** The mix on an empty response cache (every answer computed once), then sustained on a warm one. */
  concurrent: { cold: Concurrent; sustained: Concurrent; leftOut: string[] };
  rssMb: number;
  /** The API server's peak before the nationwide aggregations ran. */
  rssBeforeNationwideMb: number;
  nationwide: AggResult[];
  postgraphileRssMb: number;
  dbSize: string;
  /** Whether the embedded PostgreSQL ships pg_trgm / pg_bigm (pg_available_extensions). */
  extensions: string;
}

async function measure(size: Size, databaseUrl: string, db: pg.Pool): Promise<SizeResult> {
  const counts: Record<string, number> = {};
  for (const t of ['municipality', 'policy_node', 'indicator', 'indicator_value', 'evaluation', 'rating_rollup']) {
    counts[t] = Number((await db.query(`select count(*)::int as n from ${t}`)).rows[0].n);
  }
  const dbSize = String((await db.query(`select pg_size_pretty(pg_database_size(current_database())) as s`)).rows[0].s);
  const ids = (await db.query(`select id from municipality order by id`)).rows.map((r) => Number(r.id));
  const step = Math.max(1, Math.floor(ids.length / SAMPLE_CITIES));
  const sample = ids.filter((_, i) => i % step === 0).slice(0, SAMPLE_CITIES);
  const cities = await Promise.all(sample.map((id) => cityFacts(db, id)));

  const ours = await startOurs(databaseUrl);
  const pgl = await startPostgraphile(databaseUrl).catch(async (e: unknown) => {
    await stop(ours.proc);
    throw e;
  });
  const bare = await startBareHttp();
  log(`${size}: servers up (API pid ${ours.proc.pid}, PostGraphile pid ${pgl.proc.pid}); ${cities.length} sample cities`);
  try {
    const views: ViewResult[] = [];
    for (const op of dashboardOperations()) {
      const warmUntil = performance.now() + OP_BUDGET_MS;
      for (const c of cities) if (performance.now() < warmUntil) await post(ours.url, op.query, { ...op.variables(c), benchNoCache: ++bust }); // database warm
      const uncached = await timeGraphql(ours.url, op.query, op.variables, cities, true);
      const primeUntil = performance.now() + OP_BUDGET_MS;
      for (const c of cities) if (performance.now() < primeUntil) await post(ours.url, op.query, op.variables(c)); // response cache primed
      const cached = await timeGraphql(ours.url, op.query, op.variables, cities, false);
      views.push({ view: op.view, name: op.name, uncached, cached });
    }
    log(`${size}: ${views.length} dashboard operations timed`);

    // Each aggregation's three ways take turns request by request (ours, the floor, PostGraphile,
    // then the next city): all three see the same moments of this shared machine, so their ratios
    // do not depend on which of them ran while something else held a core. A bare HTTP exchange
    // (a Node server answering a fixed body) takes its turn too: the least any API over HTTP costs.
    const aggs: AggResult[] = [];
    for (const a of [...AGGREGATIONS, ...COST_AGGREGATIONS]) {
      const pg = a.postgraphile!;
      for (const c of cities) {
        await post(ours.url, a.ours.query, { ...a.ours.variables(c), benchNoCache: ++bust });
        await db.query(a.sql.text, a.sql.values(c));
        await post(pgl.url, pg.query, pg.variables(c));
      }
      const r: AggResult = { name: a.name, note: a.note, ours: timed(), floor: timed(), postgraphile: timed(), bareHttp: timed() };
      const until = performance.now() + OP_BUDGET_MS * 3;
      for (let i = 0; i < AGG_ITER; i++) {
        if (i >= MIN_SAMPLES && performance.now() > until) break;
        const c = cities[i % cities.length]!;
        record(r.ours, await post(ours.url, a.ours.query, { ...a.ours.variables(c), benchNoCache: ++bust }));
        record(r.floor, await sqlOnce(db, a.sql.text, a.sql.values(c)));
        record(r.postgraphile, await post(pgl.url, pg.query, pg.variables(c)));
        record(r.bareHttp, await post(bare.url, a.ours.query, { ...a.ours.variables(c), benchNoCache: bust }));
      }
      aggs.push(r);
    }
    log(`${size}: ${aggs.length} analyst aggregations timed (ours, SQL floor, PostGraphile)`);

    // Over every city, no city filter: the same turns, fewer rounds (each is a national
    // question). The API's peak memory before and after them, and each answer's size.
    const rssBeforeNationwideMb = peakRssMb(ours.proc.pid!);
    const nationwide: AggResult[] = [];
    for (const a of NATIONWIDE) nationwide.push(await timeNationwide(a, ours.url, pgl.url, db, cities[0]!));
    log(`${size}: ${nationwide.length} nationwide aggregations timed; API peak ${rssBeforeNationwideMb.toFixed(0)} → ${peakRssMb(ours.proc.pid!).toFixed(0)} MB`);
    const extensions = (await db.query(`select string_agg(name || ' ' || default_version, ', ' order by name) as e from pg_available_extensions where name in ('pg_trgm', 'pg_bigm')`)).rows[0].e ?? 'neither';

    // Mixed views, 200 connections: every request one of the dashboard's operations for one of the
    // sample cities, drawn at random (seeded), as many users on different views send them. (Given
    // as a list, every connection walks it in the same order: all 200 ask for the same answer at
    // once, and in 10 s none reaches the end of the list, so the "sustained" run computed the
    // last operations for the first time.)
    const slow = new Set(views.filter((v) => p95(v.uncached.ms) > CONCURRENCY_MAX_P95_MS).map((v) => v.name));
    const bodies = dashboardOperations()
      .filter((op) => !slow.has(op.name))
      .flatMap((op) => cities.map((c) => JSON.stringify({ query: op.query, variables: op.variables(c) })));
    let seed = 20261123; // mulberry32
    const draw = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return bodies[((t ^ (t >>> 14)) >>> 0) % bodies.length]!;
    };
    // The headers a browser running the dashboard sends (it always accepts gzip).
    const requests = [{ method: 'POST' as const, path: '/graphql', headers: BROWSER_HEADERS, setupRequest: (req: object) => ({ ...req, body: draw() }) }];
    // Twice: first on an empty cache (all answers computed while 200 connections wait), then
    // sustained (the answers cached, as a dashboard in use has them).
    const mix = async (): Promise<Concurrent> => {
      const ac = await autocannon({ url: ours.url.replace('/graphql', ''), connections: CONCURRENCY, duration: CONCURRENCY_SECONDS, requests, timeout: 10 });
      return { requests: ac.requests.total, p50: ac.latency.p50, p99: ac.latency.p99, errors: ac.errors + ac.timeouts, non2xx: ac.non2xx, rps: ac.requests.average };
    };
    // An empty cache for the first run: the sample cities' data versions move on (as an import of
    // them does), so no stored answer about them or about every city is keyed again.
    await db.query(`update municipality set data_version = data_version + 1 where id = any($1)`, [sample]);
    await new Promise((r) => setTimeout(r, 1_000)); // the server re-reads versions every 250 ms
    const cold = await mix();
    const sustained = await mix();
    const concurrent = { cold, sustained, leftOut: [...slow] };
    for (const [what, c] of [['empty cache', cold], ['sustained', sustained]] as const)
      log(`${size}: ${CONCURRENCY} connections for ${CONCURRENCY_SECONDS} s (${what}): ${fmt(c.requests)} requests, p99 ${c.p99} ms, errors ${c.errors + c.non2xx}`);
    return { size, cities: ids.length, counts, views, aggs, concurrent, rssMb: peakRssMb(ours.proc.pid!), rssBeforeNationwideMb, nationwide, postgraphileRssMb: peakRssMb(pgl.proc.pid!), dbSize, extensions };
  } finally {
    await stop(ours.proc);
    await stop(pgl.proc);
    await stop(bare.proc);
  }
}

/** One nationwide aggregation: a warm-up each way, then NATION_ITER rounds taking turns (cache missed). */
async function timeNationwide(a: Aggregation, oursUrl: string, pglUrl: string, db: pg.Pool, c: CityFacts): Promise<AggResult> {
  const r: AggResult = { name: a.name, note: a.note, ours: timed(), floor: timed(), postgraphile: timed(), bareHttp: timed() };
  await post(oursUrl, a.ours.query, { ...a.ours.variables(c), benchNoCache: ++bust });
  await sqlOnce(db, a.sql.text, a.sql.values(c));
  if (a.postgraphile) await post(pglUrl, a.postgraphile.query, a.postgraphile.variables(c));
  const until = performance.now() + OP_BUDGET_MS * 3;
  for (let i = 0; i < NATION_ITER; i++) {
    if (i >= MIN_SAMPLES && performance.now() > until) break;
    record(r.ours, await post(oursUrl, a.ours.query, { ...a.ours.variables(c), benchNoCache: ++bust }));
    record(r.floor, await sqlOnce(db, a.sql.text, a.sql.values(c)));
    if (a.postgraphile) record(r.postgraphile, await post(pglUrl, a.postgraphile.query, a.postgraphile.variables(c)));
  }
  return r;
}

// ---- report --------------------------------------------------------------------------------

const verdict = (value: number, limit: number, unit = '', lowerIsBetter = true) => {
  if (!Number.isFinite(value)) return 'not measured';
  const met = lowerIsBetter ? value <= limit : value >= limit;
  if (met) return 'met';
  const by = lowerIsBetter ? value - limit : limit - value;
  return `missed by ${unit === '×' ? by.toFixed(2) : by < 10 ? by.toFixed(1) : by.toFixed(0)}${unit}`;
};
const errs = (t: Timed) => (t.errors.length ? ` ⚠ ${t.errors.length} errors: ${t.errors[0]}` : '');

function report(results: SizeResult[], imports: { rows: number; seconds: number }, copy: { rows: number; seconds: number }, loadNotes: string[]): string {
  const L: string[] = [];
  L.push('# Benchmark: national scale (issue 8)', '');
  L.push(
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus().length} CPU cores (load average at the start ${loadAtStart}, at the end ${loadavg()[0]!.toFixed(1)}: other work shared the machine), ${(totalmem() / 2 ** 30).toFixed(0)} GB memory, Node ${process.version}, embedded PostgreSQL 17 (default settings). ` +
      `All data is **generated** (生成データ, labelled generated in the database). ${ITER} timed requests per operation and variant over ${SAMPLE_CITIES} sample cities (one for the city size). The whole run, generating and loading included, took ${((performance.now() - started) / 60_000).toFixed(1)} minutes.`,
    '',
  );
  L.push('Loading:', ...loadNotes.map((n) => `- ${n}`), '');
  L.push(
    'Before the timings at each size: VACUUM ANALYZE of the whole database and a CHECKPOINT, then no autovacuum worker running (the state autovacuum leaves a database in minutes after a load; the timings no longer share the machine with it or with the checkpointer writing the load out).',
    '',
  );
  if (SKIPPED.size) L.push(`Dashboard operations not measured (the benchmark knows no variables for them): ${[...SKIPPED].join(', ')}.`, '');
  const last = results.at(-1);

  // The targets, on the largest size measured.
  if (last) {
    const worstView = last.views.reduce((w, v) => (p95(v.uncached.ms) > p95(w.uncached.ms) ? v : w), last.views[0]!);
    const worstCachedView = last.views.reduce((w, v) => (p95(v.cached.ms) > p95(w.cached.ms) ? v : w), last.views[0]!);
    const ratios = last.aggs.map((a) => ({ a, floor: median(a.ours.ms) / median(a.floor.ms), pgl: median(a.ours.ms) / median(a.postgraphile.ms) }));
    const worstFloor = ratios.reduce((w, r) => (r.floor > w.floor ? r : w), ratios[0]!);
    const worstPgl = ratios.reduce((w, r) => (r.pgl > w.pgl ? r : w), ratios[0]!);
    const importRatio = imports.rows / imports.seconds / (copy.rows / copy.seconds);
    L.push(`## Targets (${last.size}: ${fmt(last.cities)} cities)`, '');
    L.push('| target | measured | result |', '|---|---|---|');
    L.push(`| every dashboard view's request p95 < ${TARGET.viewP95} ms, response cache missed (database warm) | worst ${worstView.name}: ${ms(p95(worstView.uncached.ms))} ms | ${verdict(p95(worstView.uncached.ms), TARGET.viewP95, ' ms')} |`);
    L.push(`| every dashboard view's request p95 < ${TARGET.viewP95} ms, response cache warm | worst ${worstCachedView.name}: ${ms(p95(worstCachedView.cached.ms))} ms | ${verdict(p95(worstCachedView.cached.ms), TARGET.viewP95, ' ms')} |`);
    L.push(`| main aggregations ≤ ${TARGET.floorRatio}× the plain-SQL floor (median, cache missed) | worst ${worstFloor.a.name}: ${worstFloor.floor.toFixed(2)}× | ${verdict(worstFloor.floor, TARGET.floorRatio, '×')} |`);
    L.push(`| main aggregations faster than PostGraphile (median) | worst ${worstPgl.a.name}: ${worstPgl.pgl.toFixed(2)}× PostGraphile's time | ${verdict(worstPgl.pgl, 1, '×')} |`);
    const sus = last.concurrent.sustained;
    const cold = last.concurrent.cold;
    L.push(
      `| ${CONCURRENCY} concurrent requests of mixed views sustained: p99 < ${TARGET.concurrentP99} ms, no errors | p99 ${sus.p99} ms, ${sus.errors + sus.non2xx} errors (starting on an empty cache: p99 ${cold.p99} ms, ${cold.errors + cold.non2xx} errors) | ${
        sus.errors + sus.non2xx + cold.errors + cold.non2xx > 0 ? `missed: ${sus.errors + sus.non2xx + cold.errors + cold.non2xx} errors` : verdict(sus.p99, TARGET.concurrentP99, ' ms')
      } |`,
    );
    L.push(`| API server peak memory (VmHWM) < ${TARGET.rssMb} MB, the nationwide aggregations included | ${last.rssMb.toFixed(0)} MB (${last.rssBeforeNationwideMb.toFixed(0)} MB before them) | ${verdict(last.rssMb, TARGET.rssMb, ' MB')} |`);
    const aggs = last.nationwide.filter((a) => !a.name.startsWith('text search'));
    const search = last.nationwide.find((a) => a.name.startsWith('text search'));
    if (aggs.length) {
      const worst = aggs.reduce((w, a) => (p95(a.ours.ms) > p95(w.ours.ms) ? a : w), aggs[0]!);
      const worstRatio = aggs.reduce((w, a) => (median(a.ours.ms) / median(a.floor.ms) > median(w.ours.ms) / median(w.floor.ms) ? a : w), aggs[0]!);
      const ratio = median(worstRatio.ours.ms) / median(worstRatio.floor.ms);
      L.push(`| every cross-city aggregation p95 < ${TARGET.nationwideP95} ms uncached | worst ${worst.name}: ${ms(p95(worst.ours.ms))} ms | ${verdict(p95(worst.ours.ms), TARGET.nationwideP95, ' ms')} |`);
      L.push(`| every cross-city aggregation at most the plain-SQL floor (median) | worst ${worstRatio.name}: ${ratio.toFixed(2)}× | ${verdict(ratio, TARGET.nationwideFloorRatio, '×')} |`);
    }
    if (search) L.push(`| nationwide text search, first page p95 < ${TARGET.searchP95} ms | ${ms(p95(search.ours.ms))} ms | ${verdict(p95(search.ours.ms), TARGET.searchP95, ' ms')} |`);
    const failed = last.nationwide.reduce((n, a) => n + a.ours.errors.length, 0);
    L.push(`| no statement timeouts (nationwide) | ${failed} failed requests${failed ? `: ${last.nationwide.find((a) => a.ours.errors.length)!.ours.errors[0]}` : ''} | ${failed ? 'missed' : 'met'} |`);
    const big = last.nationwide.filter((a) => (a.ours.bytes ?? 0) > TARGET.answerMb * 2 ** 20);
    L.push(`| no answer over ${TARGET.answerMb} MB (nationwide) | ${big.length ? big.map((a) => `${a.name}: ${((a.ours.bytes ?? 0) / 2 ** 20).toFixed(1)} MB`).join('; ') : `largest ${(Math.max(0, ...last.nationwide.map((a) => a.ours.bytes ?? 0)) / 2 ** 20).toFixed(2)} MB`} | ${big.length ? 'missed' : 'met'} |`);
    L.push(`| import ≥ ${TARGET.importRatio}× COPY's rows/s | ${importRatio.toFixed(2)}× (${fmt(imports.rows / imports.seconds)} vs ${fmt(copy.rows / copy.seconds)} rows/s) | ${verdict(importRatio, TARGET.importRatio, '×', false)} |`);
    L.push('');
  }

  for (const r of results) {
    L.push(`## ${r.size}: ${fmt(r.cities)} cities`, '');
    L.push(
      `${fmt(r.counts.policy_node!)} policy nodes, ${fmt(r.counts.indicator!)} indicators, ${fmt(r.counts.indicator_value!)} indicator values, ${fmt(r.counts.evaluation!)} evaluations, ${fmt(r.counts.rating_rollup!)} rollup rows; database ${r.dbSize}.`,
      '',
    );
    L.push('### Dashboard views (ms)', '', '| view | operation | n | median | p95 | cached median | cached p95 | p95 < 100 ms |', '|---|---|---:|---:|---:|---:|---:|---|');
    for (const v of r.views) {
      L.push(
        `| ${v.view} | ${v.name} | ${v.uncached.ms.length} | ${ms(median(v.uncached.ms))} | ${ms(p95(v.uncached.ms))} | ${ms(median(v.cached.ms))} | ${ms(p95(v.cached.ms))} | ${v.uncached.errors.length ? 'failed' : verdict(p95(v.uncached.ms), TARGET.viewP95, ' ms')}${errs(v.uncached)}${errs(v.cached)} |`,
      );
    }
    L.push('', `"median / p95": every request misses the response cache (a variable no operation reads makes each key new), the database is warm; n requests (fewer than ${ITER} when an operation used up its ${OP_BUDGET_MS / 1000} s). "cached": the same requests again.`, '');
    L.push(
      '### Main analyst aggregations (ms, median / p95)',
      '',
      '| aggregation | n | ours | SQL floor | PostGraphile | bare HTTP | ours ÷ floor | ours ÷ PostGraphile |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const a of r.aggs) {
      L.push(
        `| ${a.name} | ${a.ours.ms.length} | ${ms(median(a.ours.ms))} / ${ms(p95(a.ours.ms))} | ${ms(median(a.floor.ms))} / ${ms(p95(a.floor.ms))} | ${ms(median(a.postgraphile.ms))} / ${ms(p95(a.postgraphile.ms))} | ${ms(median(a.bareHttp.ms))} | ${(median(a.ours.ms) / median(a.floor.ms)).toFixed(2)} | ${(median(a.ours.ms) / median(a.postgraphile.ms)).toFixed(2)}${errs(a.ours)}${errs(a.floor)}${errs(a.postgraphile)} |`,
      );
    }
    L.push('');
    for (const a of r.aggs) L.push(`- ${a.name}: ${a.note}.`);
    L.push(
      '',
      `Ours through HTTP with the response cache missed; the floor is the aggregation as one SQL statement over the base tables through the same pg driver, in this process (no HTTP, no GraphQL); PostGraphile over HTTP on loopback; bare HTTP is the same request to a Node server that answers a fixed body at once (no GraphQL, no database): the least any API over HTTP takes here. The four take turns request by request (n rounds, cycling through the sample cities), so each ratio compares times taken at the same moments.`,
      '',
    );
    L.push(
      `Concurrency: ${CONCURRENCY} connections for ${CONCURRENCY_SECONDS} s, each request one of the dashboard operations for one of the sample cities drawn at random, sent as the dashboard in a browser sends them (accepting gzip)${
        r.concurrent.leftOut.length ? ` (left out, slower than ${CONCURRENCY_MAX_P95_MS} ms p95 alone: ${r.concurrent.leftOut.join(', ')})` : ''
      }. Starting on an empty response cache: ${fmt(r.concurrent.cold.requests)} requests (${fmt(r.concurrent.cold.rps)}/s), p50 ${r.concurrent.cold.p50} ms, p99 ${r.concurrent.cold.p99} ms, ${r.concurrent.cold.errors} errors, ${r.concurrent.cold.non2xx} non-2xx. ` +
        `Then sustained for another ${CONCURRENCY_SECONDS} s: ${fmt(r.concurrent.sustained.requests)} requests (${fmt(r.concurrent.sustained.rps)}/s), p50 ${r.concurrent.sustained.p50} ms, p99 ${r.concurrent.sustained.p99} ms, ${r.concurrent.sustained.errors} errors, ${r.concurrent.sustained.non2xx} non-2xx.`,
      '',
      `Peak memory (VmHWM): API server ${r.rssMb.toFixed(0)} MB (${r.rssBeforeNationwideMb.toFixed(0)} MB before the nationwide aggregations), PostGraphile ${r.postgraphileRssMb.toFixed(0)} MB.`,
      '',
    );
    L.push(
      '### Over every city, no city filter (ms, median / p95)',
      '',
      '| aggregation | n | ours | SQL floor | PostGraphile | ours ÷ floor | answer (largest) | p95 < 150 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const a of r.nationwide) {
      const pglCell = a.postgraphile.ms.length ? `${ms(median(a.postgraphile.ms))} / ${ms(p95(a.postgraphile.ms))}` : '–';
      const limit = a.name.startsWith('text search') ? TARGET.searchP95 : TARGET.nationwideP95;
      L.push(
        `| ${a.name} | ${a.ours.ms.length} | ${ms(median(a.ours.ms))} / ${ms(p95(a.ours.ms))} | ${ms(median(a.floor.ms))} / ${ms(p95(a.floor.ms))} | ${pglCell} | ${(median(a.ours.ms) / median(a.floor.ms)).toFixed(2)} | ${((a.ours.bytes ?? 0) / 1024).toFixed(0)} KB | ${a.ours.errors.length ? 'failed' : verdict(p95(a.ours.ms), limit, ' ms')}${errs(a.ours)}${errs(a.floor)}${errs(a.postgraphile)} |`,
      );
    }
    L.push('');
    for (const a of r.nationwide) L.push(`- ${a.name}: ${a.note}.`);
    L.push('', `Text search extensions the embedded PostgreSQL ships: ${r.extensions} (pg_available_extensions). Ours narrows evaluation searches of two characters or more by a bigram index (every two-character substring of the texts and names, GIN; Migration20261228000000_stage_pairs_and_search); the floor is \`like\` without an index made for it.`, '');
  }
  L.push(
    `## Import`,
    '',
    `The importer (validated data, diffed by natural keys, one transaction per city, rollups refreshed): ${fmt(imports.rows)} rows in ${imports.seconds.toFixed(1)} s = ${fmt(imports.rows / imports.seconds)} rows/s. ` +
      `COPY of the same cities' rows into the same tables (foreign keys and indexes in place, rolled back): ${fmt(copy.rows)} rows in ${copy.seconds.toFixed(1)} s = ${fmt(copy.rows / copy.seconds)} rows/s. ` +
      `Both count the same rows: what the cities have in the tables COPY fills, the rating rollup and the city summary included (the importer computes those; until 2026-12-07 its rate counted only the records of its files, not the rollup rows it writes, against COPY's count of every row).`,
    '',
  );
  return L.join('\n');
}

// ---- main ----------------------------------------------------------------------------------

ensurePostgraphile();
if (!existsSync(resolve(ROOT, 'server/dist/main.js'))) throw new Error('server/dist/main.js is missing: run `npm run build -w server` (npm run bench does)');

let cluster: EmbeddedCluster | undefined;
let dir: string | undefined;
let url = process.env.BENCH_DATABASE_URL;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), 'seisaku-bench-'));
  chmodSync(dir, 0o755); // the postgres user must reach it when run as root
  cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  await ensureDatabase(cluster.url('postgres'), 'bench');
  url = cluster.url('bench');
}
const orm = await connect(url, { statementTimeoutMs: 3_600_000 });
await migrate(orm);
const db = new pg.Pool({ connectionString: url, max: 4 });
await db.query(`select 1`);

// Interrupted: stop the servers and the database, remove the temp dir.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    void (async () => {
      await cluster?.stop().catch(() => {});
      if (dir) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    })();
  });
}

const results: SizeResult[] = [];
const imports = { rows: 0, seconds: 0 };
const copy = { rows: 0, seconds: 0 };
const loadNotes: string[] = [];
try {
  let loaded = Number((await db.query(`select count(*)::int as n from municipality`)).rows[0].n);
  for (const size of sizes) {
    const want = SIZES[size];
    const viaImporter = Math.min(want, IMPORTED);
    if (loaded < viaImporter) {
      const n = viaImporter - loaded;
      log(`${size}: importing cities ${loaded}-${viaImporter - 1} (generateNation + importer, one transaction each)`);
      const run = await importCities(orm, loaded, n, 1);
      imports.rows += run.rows;
      imports.seconds += run.seconds;
      loadNotes.push(
        `${size}: cities ${loaded}-${viaImporter - 1} generated by generateNation and loaded with the importer (${fmt(run.fileRows)} records of the files, ${fmt(run.rows)} rows in the tables with the rollup and summary it computes, ${run.seconds.toFixed(1)} s).`,
      );
      const sample = run.municipalityIds.slice(0, 10);
      const c = await copyBaseline(url, sample);
      copy.rows += c.rows;
      copy.seconds += c.seconds;
      // Rows/s of the importer on exactly those cities is not separable; the ratio compares rates.
      log(`${size}: importer ${fmt(run.rows / run.seconds)} rows/s; COPY of ${sample.length} of those cities ${fmt(c.rows / c.seconds)} rows/s`);
      loaded = viaImporter;
    }
    if (loaded < want) {
      log(`${size}: copying the ${loaded} imported cities up to ${want} cities inside PostgreSQL`);
      const cl = await cloneCities(url, want, (s) => log(s));
      loadNotes.push(
        `${size}: cities ${loaded}-${want - 1} are copies of the ${cl.templates} imported ones (shifted ids, their own codes and names), made inside PostgreSQL with INSERT … SELECT in ${cl.seconds.toFixed(0)} s (${fmt(cl.rows)} rows), not through the importer, written city by city as the importer writes them.`,
      );
      loaded = want;
    }
    const settled = await settle(db);
    log(`${size}: vacuum analyze, checkpoint, autovacuum idle: ${settled.toFixed(1)} s`);
    results.push(await measure(size, url, db));
  }
  let text = report(results, imports, copy, loadNotes);
  const out = resolve(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  // Written before the scaling section too: the sizes' tables outlive a failure there.
  writeFileSync(join(out, 'bench.md'), `${text}\n`);
  // Several API processes and a read replica, on a cluster of its own (bench/scaling.ts).
  if (process.env.BENCH_SCALING !== '0') text += `\n\n${await measureScaling((s) => log(`scaling: ${s}`))}`;
  console.log(`\n${text}`);
  writeFileSync(join(out, 'bench.md'), `${text}\n`);
  log(`written to bench/results/bench.md`);
} finally {
  await db.end();
  await orm.close(true);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
