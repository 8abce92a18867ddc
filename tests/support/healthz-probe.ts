/**
 * Measures how long /healthz takes to answer while something else happens, from a process of its
 * own (so that building or sending a large request in the test's process does not count): the
 * worst latency between `start()` and `stop()`. A request that blocks the server's event loop
 * shows as a slow /healthz.
 */
import { spawn } from 'node:child_process';

const PROBE = `
const base = process.argv[1];
let worst = 0, measuring = false, running = true;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { if (c.includes('start')) { worst = 0; measuring = true; process.stdout.write('started\\n'); } if (c.includes('stop')) { running = false; } });
// The test's process ended (or was killed) without a stop: end too, rather than probe forever.
process.stdin.on('end', () => { running = false; });
process.stdin.on('error', () => { running = false; });
while (running) {
  const t = performance.now();
  await fetch(base + '/healthz').then((r) => r.text()).catch(() => {});
  if (measuring) worst = Math.max(worst, performance.now() - t);
  await new Promise((r) => setTimeout(r, 2));
}
process.stdout.write(JSON.stringify({ worst }) + '\\n', () => process.exit(0));
`;

export interface HealthzProbe {
  /** Starts measuring (after the probe's connection is warm). */
  start(): Promise<void>;
  /** Stops and returns the worst /healthz latency seen since start, in ms. */
  stop(): Promise<number>;
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
      await waitFor(/"worst"/);
      await new Promise((r) => child.once('exit', r));
      return Number(JSON.parse(/\{"worst".*\}/.exec(out)![0]).worst);
    },
  };
}
