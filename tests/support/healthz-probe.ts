/**
 * Asks /healthz over and over while something else happens, from a process of its own (so that
 * building or sending a large request in the caller's process does not count): between `start()`
 * and `stop()`, every answer's latency and every failed answer. A request that blocks the server's
 * event loop shows as slow /healthz answers: tests check that /healthz still answers; the
 * benchmark (bench/hostile.ts) compares the latencies with an idle server's.
 */
import { spawn } from 'node:child_process';

const PROBE = `
const base = process.argv[1];
let samples = [], failures = 0, measuring = false, running = true;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { if (c.includes('start')) { samples = []; failures = 0; measuring = true; process.stdout.write('started\\n'); } if (c.includes('stop')) { running = false; } });
// The caller's process ended (or was killed) without a stop: end too, rather than probe forever.
process.stdin.on('end', () => { running = false; });
process.stdin.on('error', () => { running = false; });
while (running) {
  const t = performance.now();
  const ok = await fetch(base + '/healthz').then(async (r) => (await r.text(), r.ok)).catch(() => false);
  if (measuring) ok ? samples.push(performance.now() - t) : failures++;
  await new Promise((r) => setTimeout(r, 2));
}
process.stdout.write(JSON.stringify({ samples, failures }) + '\\n', () => process.exit(0));
`;

/** What the probe saw between start and stop. */
export interface HealthzSamples {
  /** Latency of every answered /healthz, in ms, in order. */
  samples: number[];
  /** Requests that got no answer or a non-2xx one. */
  failures: number;
}

export interface HealthzProbe {
  /** Starts measuring (after the probe's connection is warm). */
  start(): Promise<void>;
  /** Stops the probe and returns what it saw since start. */
  stop(): Promise<HealthzSamples>;
}

export async function healthzProbe(baseUrl: string): Promise<HealthzProbe> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, baseUrl], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = (re: RegExp) =>
    new Promise<void>((ok) => {
      const check = () => (re.test(out) ? ok() : waiters.push(check));
      check();
    });
  // Let it open its connection and answer a few times first.
  await new Promise((r) => setTimeout(r, 300));
  return {
    async start() {
      child.stdin!.write('start\n');
      await waitFor(/started/);
      await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      child.stdin!.end('stop\n');
      await waitFor(/"samples"/);
      await new Promise((r) => child.once('exit', r));
      return JSON.parse(/\{"samples".*\}/.exec(out)![0]) as HealthzSamples;
    },
  };
}
