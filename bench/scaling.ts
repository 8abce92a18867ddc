/**
 * Issue 24: throughput and p99 of the dashboard's mixed load with 1 and 2 API processes
 * (WORKERS, node's cluster module on one port), with and without a streaming read replica, on
 * this machine. Part of `npm run bench` (appended to bench/results/bench.md; BENCH_SCALING=0
 * skips it), or alone: `npm run bench:scaling`.
 *
 * A cluster of its own (tests/support/pg-cluster.ts: a primary and a hot standby from the
 * embedded binaries), SCALING_CITIES generated cities loaded through the importer. The response
 * cache is off (RESPONSE_CACHE_MB=0): with it on, a sustained mix is answered from memory and a
 * replica has nothing to do; off, every request runs its statements, which is what replicas and
 * more processes share. Each configuration runs the same seeded mix (SCALING_CONNECTIONS
 * connections for SCALING_SECONDS after a warm-up of the same length), in turn, twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { connect, migrate } from '../server/src/db/database.js';
import { startTestCluster } from '../tests/support/pg-cluster.js';
import { freePort } from '../tests/browser/support/server.js';
import { importCities } from './load.js';
import { ROOT, cityFacts, dashboardOperations } from './operations.js';
import { fmt } from './stats.js';

const CITIES = Number(process.env.SCALING_CITIES ?? 8);
const CONNECTIONS = Number(process.env.SCALING_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SCALING_SECONDS ?? 10);
const HEADERS = { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br' };

interface Config {
  name: string;
  workers: number;
  replica: boolean;
}
const CONFIGS: Config[] = [
  { name: '1 process, primary only', workers: 1, replica: false },
  { name: '2 processes, primary only', workers: 2, replica: false },
  { name: '1 process, primary + 1 replica', workers: 1, replica: true },
  { name: '2 processes, primary + 1 replica', workers: 2, replica: true },
];

interface Run {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  fromReplica: number;
}

async function startApi(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [resolve(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: { ...process.env, SEED: '0', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'error', RESPONSE_CACHE_MB: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the API exited with code ${proc.exitCode}`);
    try {
      const r = await fetch(`${url}/readyz`);
      const body = (await r.json()) as { replicas?: { inRotation: boolean }[] };
      if (r.ok && (!env.DATABASE_READ_URLS || body.replicas?.every((x) => x.inRotation))) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, url };
}

async function stopApi(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 20_000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/** The mix: every dashboard operation for every sample city, drawn at random (seeded, the same draw for every configuration). */
function mixBodies(cities: Awaited<ReturnType<typeof cityFacts>>[]): string[] {
  return dashboardOperations().flatMap((op) => cities.map((c) => JSON.stringify({ query: op.query, variables: op.variables(c) })));
}

async function load(url: string, bodies: string[], seconds: number): Promise<Run> {
  let seed = 20261224;
  const draw = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return bodies[((t ^ (t >>> 14)) >>> 0) % bodies.length]!;
  };
  let fromReplica = 0;
  const ac = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: HEADERS,
        setupRequest: (req: object) => ({ ...req, body: draw() }),
        onResponse: (_status: number, _body: string, _context: unknown, headers?: Record<string, string>) => {
          if (headers?.['x-read-from']?.startsWith('replica')) fromReplica++;
        },
      } as never,
    ],
  });
  return { requests: ac.requests.total, rps: ac.requests.total / seconds, p50: ac.latency.p50, p99: ac.latency.p99, failed: ac.errors + ac.timeouts + ac.non2xx, fromReplica };
}

/** Runs the measurement and returns its section of bench.md. */
export async function measureScaling(log: (s: string) => void = (s) => console.log(`[scaling] ${s}`)): Promise<string> {
  if (!existsSync(resolve(ROOT, 'server/dist/main.js'))) throw new Error('server/dist/main.js is missing: run `npm run build -w server`');
  const load1 = loadavg()[0]!;
  const cluster = await startTestCluster({ primaryPort: await freePort(), database: 'scaling' });
  const runs = new Map<string, Run[]>();
  try {
    const url = cluster.primary.url('scaling');
    const orm = await connect(url, { statementTimeoutMs: 3_600_000 });
    await migrate(orm);
    log(`importing ${CITIES} generated cities`);
    const imported = await importCities(orm, 0, CITIES, 1);
    await orm.close(true);
    const db = new pg.Pool({ connectionString: url, max: 2 });
    await db.query('vacuum analyze');
    await db.query('checkpoint');
    const cities = [];
    for (const id of imported.municipalityIds) cities.push(await cityFacts(db, id));
    await db.end();
    const standby = await cluster.addStandby(await freePort());
    await standby.catchUp();
    const bodies = mixBodies(cities);
    log(`${bodies.length} distinct requests (${bodies.length / cities.length} operations × ${cities.length} cities), ${CONNECTIONS} connections, ${SECONDS} s per run`);
    for (let round = 0; round < 2; round++) {
      for (const c of CONFIGS) {
        const api = await startApi({ DATABASE_URL: url, WORKERS: String(c.workers), ...(c.replica ? { DATABASE_READ_URLS: standby.url('scaling') } : {}) });
        try {
          await load(api.url, bodies, SECONDS); // warm-up: plans, prepared statements, JIT, pools
          const r = await load(api.url, bodies, SECONDS);
          runs.set(c.name, [...(runs.get(c.name) ?? []), r]);
          log(`${c.name}: ${fmt(r.rps)} requests/s, p50 ${r.p50} ms, p99 ${r.p99} ms, failed ${r.failed}, from the replica ${r.fromReplica}`);
        } finally {
          await stopApi(api.proc);
        }
      }
    }
  } finally {
    await cluster.stop();
  }
  const base = runs.get(CONFIGS[0]!.name)!;
  const baseRps = base.reduce((s, r) => s + r.rps, 0) / base.length;
  const L: string[] = [];
  L.push('## Several API processes and a read replica (issue 24)');
  L.push('');
  L.push(
    `${new Date().toISOString()}, ${cpus().length} cores (the load generator, the API processes, the primary and the standby all on them), load average ${load1.toFixed(1)} at the start. ` +
      `${CITIES} generated cities through the importer; the dashboard's operations for each, drawn at random; ${CONNECTIONS} connections, ${SECONDS} s after a warm-up of ${SECONDS} s; ` +
      `response cache off (every request runs its statements). Two rounds, configurations in turn.`,
  );
  L.push('');
  L.push('| configuration | requests/s (rounds) | vs 1 process, primary only | p50 ms | p99 ms | failed | answered by the replica |');
  L.push('|---|---|---|---|---|---|---|');
  for (const c of CONFIGS) {
    const rs = runs.get(c.name) ?? [];
    const rps = rs.reduce((s, r) => s + r.rps, 0) / Math.max(1, rs.length);
    L.push(
      `| ${c.name} | ${rs.map((r) => fmt(r.rps)).join(', ')} | ${(rps / baseRps).toFixed(2)}× | ${rs.map((r) => r.p50).join(', ')} | ${rs.map((r) => r.p99).join(', ')} | ${rs.map((r) => r.failed).join(', ')} | ${rs.map((r) => `${Math.round((100 * r.fromReplica) / Math.max(1, r.requests))} %`).join(', ')} |`,
    );
  }
  L.push('');
  L.push(
    'On two cores the processes, PostgreSQL servers and the load generator take turns on the same CPUs: a second process or a replica adds capacity only where one was idle. These ratios bound nothing for a machine per role; docs/scaling.md says what a larger deployment needs.',
  );
  return L.join('\n');
}

// `npm run bench:scaling`: this section alone, appended to (or replacing its part of) bench.md.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'scaling.ts')) {
  const section = await measureScaling();
  console.log(`\n${section}`);
  const file = join(ROOT, 'bench/results/bench.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8').replace(/\n## Several API processes and a read replica \(issue 24\)[\s\S]*$/, '') : '';
  writeFileSync(file, `${before.trimEnd()}\n\n${section}\n`);
}
