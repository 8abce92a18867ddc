/**
 * Hostile requests against /healthz latency (issue 19, finding 4): the built server with the
 * bundled data; a separate process asks /healthz over and over (tests/support/healthz-probe.ts),
 * first with nothing else happening (idle), then while each hostile request of
 * tests/support/hostile-requests.ts is sent and refused. Idle and hostile windows alternate,
 * HOSTILE_ROUNDS times (default 5), so the machine's own noise falls on both alike.
 *
 * Prints /healthz p95 during the hostile requests ÷ /healthz p95 idle (the same run), each
 * request's own p95 and worst, and writes bench/results/hostile.md. `npm run bench:hostile`.
 * The tester's requests stalled /healthz for 3–6 s before the limits were checked first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { healthzProbe } from '../tests/support/healthz-probe.js';
import { hostile } from '../tests/support/hostile-requests.js';
import { startBenchServer } from './server.js';
import { ms, p95 } from './stats.js';

const ROUNDS = Number(process.env.HOSTILE_ROUNDS ?? 5);
/** How long each idle window lasts. */
const IDLE_MS = 1_000;

const server = await startBenchServer('hostile');
try {
  console.log(`server ready in ${server.readySeconds.toFixed(1)} s; ${hostile.length} hostile requests × ${ROUNDS} rounds`);
  const payloads = hostile.map((h) => Buffer.from(h.body()));
  const idle: number[] = [];
  const during = hostile.map(() => [] as number[]);
  let failures = 0;
  const wrongAnswers: string[] = [];
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    const quiet = await healthzProbe(server.base);
    await quiet.start();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const q = await quiet.stop();
    idle.push(...q.samples);
    failures += q.failures;
    for (const [i, h] of hostile.entries()) {
      const probe = await healthzProbe(server.base);
      await probe.start();
      const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...h.headers }, body: payloads[i] }).catch((e: unknown) => e as Error);
      if (res instanceof Response) await res.arrayBuffer();
      const seen = await probe.stop();
      during[i]!.push(...seen.samples);
      failures += seen.failures;
      const status = res instanceof Response ? res.status : String(res);
      if (status !== h.status && wrongAnswers.length < 5) wrongAnswers.push(`${h.what}: ${status} (expected ${h.status})`);
    }
    console.log(`round ${round + 1}/${ROUNDS}: idle p95 ${ms(p95(idle))} ms, hostile p95 ${ms(p95(during.flat()))} ms`);
  }
  const idleP95 = p95(idle);
  const all = during.flat();
  const ratio = p95(all) / idleP95;
  const lines = [
    '# /healthz while hostile requests arrive',
    '',
    `${hostile.length} hostile requests (tests/support/hostile-requests.ts), each sent ${ROUNDS} times, against the built server with the bundled data (NODE_ENV=production);`,
    `a separate process asks /healthz over and over, in idle windows of ${IDLE_MS} ms alternating with the hostile requests. Run on ${new Date().toISOString().slice(0, 16)}Z,`,
    `Node ${process.version}, ${cpus().length} CPU, load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end.`,
    '',
    `**/healthz p95 during the hostile requests ÷ p95 idle: ${ratio.toFixed(2)}** (${ms(p95(all))} ms ÷ ${ms(idleP95)} ms; ${all.length} and ${idle.length} answers; ${failures} failed).`,
    '',
    '| request | /healthz answers | p95 (ms) | worst (ms) | p95 ÷ idle p95 |',
    '|---|---:|---:|---:|---:|',
    ...hostile.map((h, i) => {
      const s = during[i]!;
      return `| ${h.what} | ${s.length} | ${ms(p95(s))} | ${ms(Math.max(...s))} | ${(p95(s) / idleP95).toFixed(2)} |`;
    }),
    `| idle | ${idle.length} | ${ms(idleP95)} | ${ms(Math.max(...idle))} | 1.00 |`,
  ];
  if (wrongAnswers.length) lines.push('', 'Answers other than the expected refusal:', ...wrongAnswers.map((w) => `- ${w}`));
  console.log(lines.join('\n'));
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'hostile.md'), lines.join('\n') + '\n');
  await server.stop();
  process.exit(wrongAnswers.length || failures ? 1 : 0);
} catch (e) {
  console.error(e);
  await server.stop();
  process.exit(1);
}
