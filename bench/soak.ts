/**
 * Soak test: the built server on its own embedded PostgreSQL with the bundled data, under mixed
 * dashboard and analyst queries at the highest rate the machine sustains, for SOAK_SECONDS
 * (default 600). `npm run soak` (SOAK_SECONDS=60 for a quick check).
 *
 * Passes when no request failed (transport errors, non-2xx, or GraphQL errors) and the server's
 * memory (RSS) grew by at most 10 % from the end of the warm-up to the end of the run.
 * Prints a table and writes bench/results/soak.md. Everything listens on 127.0.0.1 only.
 */
import autocannon from 'autocannon';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { startBenchServer } from './server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARMUP = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(30, Math.max(5, Math.round(SECONDS / 10))));
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const MAX_GROWTH = 0.1;

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const server = await startBenchServer('soak');
const base = server.base;
const stopServer = server.stop;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

try {
  console.log(`server ready in ${server.readySeconds.toFixed(1)} s (bundled data loaded); pid ${server.pid}`);

  // Real ids and codes for the queries.
  const { municipalities } = await gql<{ municipalities: { code: string; fiscalYears: { year: number }[] }[] }>('{ municipalities { code fiscalYears { year } } }');
  const codes = municipalities.map((m) => m.code);
  const { indicators } = await gql<{ indicators: { nodes: { id: string }[] } }>('{ indicators(first: 60) { nodes { id } } }');
  const indicatorIds = indicators.nodes.map((n) => n.id);
  const years = [...new Set(municipalities.flatMap((m) => m.fiscalYears.map((y) => y.year)))].sort();

  const Q = {
    municipalities: '{ municipalities { code name generated counts { evaluations indicators indicatorValues policyNodes } } }',
    evaluations: `query($c: [String!], $s: [Stage!], $after: String) {
      evaluations(first: 50, after: $after, filter: { municipalityCodes: $c, stages: $s }, orderBy: { field: FISCAL_YEAR, direction: DESC }) {
        totalCount nodes { id fiscalYear { year label } stage subjectKind subjectName level { code label color } department { name } }
        pageInfo { hasNextPage endCursor } } }`,
    tree: `query($c: String!) { plans(municipalityCode: $c) { id name startYear endYear roots { id name code children { id name code } } } }`,
    series: `query($ids: [ID!]!) { indicatorSeries(ids: $ids) { indicator { id name unit } points { fiscalYear { year } achievement achieved actual { value } target { value } } } }`,
    search: `query($q: String!) { evaluations(first: 20, filter: { search: $q }) { totalCount nodes { id subjectName } } indicators(first: 20, filter: { search: $q }) { totalCount nodes { id name } } }`,
    distribution: `query($c: [String!]) { ratingDistribution(groupBy: [MUNICIPALITY, FISCAL_YEAR, STAGE], filter: { municipalityCodes: $c }) { groups { fiscalYear { year } stage rated meanScore counts { count share level { code } } } } }`,
    bands: `query($y: Int!) { achievementBands(fiscalYear: $y, groupBy: [MUNICIPALITY]) { groups { total measured counts { count band { key } } } } }`,
  };
  const bodies: { name: string; body: string }[] = [];
  const add = (name: keyof typeof Q, variables: Record<string, unknown> = {}) => bodies.push({ name, body: JSON.stringify({ query: Q[name], variables }) });
  for (const [i, c] of codes.entries()) {
    add('municipalities');
    add('evaluations', { c: [c] });
    add('evaluations', { c: [c], s: ['SELF'] });
    add('tree', { c });
    add('series', { ids: indicatorIds.slice((i * 5) % indicatorIds.length, ((i * 5) % indicatorIds.length) + 5) });
    add('search', { q: ['子育て', '防災', '観光', '人口', '健康'][i % 5] });
    add('distribution', { c: [c] });
    add('bands', { y: years[Math.min(years.length - 1, i % Math.max(1, years.length))] ?? 2022 });
  }
  // Every body must succeed once before the load starts.
  for (const b of bodies) await gql(JSON.parse(b.body).query, JSON.parse(b.body).variables);

  let graphqlErrors = 0;
  const firstErrors: string[] = [];
  const requests = bodies.map((b) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: b.body,
    onResponse: (status: number, body: string) => {
      if (status === 200 && body.includes('"errors"')) {
        graphqlErrors++;
        if (firstErrors.length < 3) firstErrors.push(`${b.name}: ${body.slice(0, 300)}`);
      }
    },
  }));
  const run = (seconds: number) => autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests, timeout: 30 });

  const rssIdle = rssMb(server.pid!);
  console.log(`warm-up ${WARMUP} s with ${CONNECTIONS} connections…`);
  const warm = await run(WARMUP);
  const rssStart = rssMb(server.pid!);
  console.log(`soak ${SECONDS} s…`);
  const samples: number[] = [rssStart];
  const sampler = setInterval(() => samples.push(rssMb(server.pid!)), 5000);
  const graphqlErrorsBefore = graphqlErrors;
  const r = await run(SECONDS);
  clearInterval(sampler);
  const rssEnd = rssMb(server.pid!);
  samples.push(rssEnd);
  const growth = rssEnd / rssStart - 1;
  const errors = r.errors + r.timeouts + r.non2xx + (graphqlErrors - graphqlErrorsBefore);
  const warmErrors = warm.errors + warm.timeouts + warm.non2xx + graphqlErrorsBefore;
  const alive = server.exitCode() === null;

  const pass = errors === 0 && warmErrors === 0 && growth <= MAX_GROWTH && alive;
  const lines = [
    `# Soak test`,
    ``,
    `${SECONDS} s of mixed dashboard and analyst queries (${Object.keys(Q).join(', ')}; ${bodies.length} distinct requests over ${codes.length} cities) against the built server`,
    `with the bundled data, ${CONNECTIONS} concurrent connections at the highest rate the machine sustains, after a ${WARMUP} s warm-up.`,
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), PostgreSQL embedded 17, NODE_ENV=production.`,
    ``,
    `| measure | value |`,
    `|---|---:|`,
    `| requests | ${r.requests.total.toLocaleString('en')} |`,
    `| requests/s (mean) | ${r.requests.average.toFixed(0)} |`,
    `| latency p50 | ${r.latency.p50} ms |`,
    `| latency p99 | ${r.latency.p99} ms |`,
    `| latency max | ${r.latency.max} ms |`,
    `| errors (transport + timeouts + non-2xx + GraphQL errors) | ${errors} |`,
    `| server RSS idle (after loading the data) | ${rssIdle.toFixed(0)} MB |`,
    `| server RSS at start (after warm-up) | ${rssStart.toFixed(0)} MB |`,
    `| server RSS at end | ${rssEnd.toFixed(0)} MB |`,
    `| server RSS peak during the run | ${Math.max(...samples).toFixed(0)} MB |`,
    `| RSS growth start → end (limit ${MAX_GROWTH * 100} %) | ${(growth * 100).toFixed(1)} % |`,
    ``,
    `Result: **${pass ? 'pass' : 'FAIL'}**${alive ? '' : ' (the server exited)'}${warmErrors ? ` (${warmErrors} errors during the warm-up)` : ''}.`,
  ];
  if (firstErrors.length) lines.push('', 'First errors:', ...firstErrors.map((e) => `- \`${e.replace(/`/g, "'")}\``));
  console.log(lines.join('\n'));
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'soak.md'), lines.join('\n') + '\n');
  await stopServer();
  process.exit(pass ? 0 : 1);
} catch (e) {
  console.error(e);
  await stopServer();
  process.exit(1);
}
