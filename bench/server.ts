/**
 * The built server (server/dist/main.js) for a benchmark: its own embedded PostgreSQL in a
 * temporary folder, the bundled data loaded on first start, listening on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../tests/browser/support/server.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface BenchServer {
  base: string;
  pid: number;
  /** Seconds from start until /readyz answered. */
  readySeconds: number;
  /** Exit code, or null while it runs. */
  exitCode: () => number | null;
  log: () => string;
  /** Stops the server and removes its data. */
  stop: () => Promise<void>;
}

/** Starts the server with `env` (NODE_ENV=production unless given) and waits until it is ready (at most 3 minutes). */
export async function startBenchServer(name: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), `seisaku-${name}-`));
  chmodSync(dir, 0o755); // the postgres user must reach it when run as root
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [join(ROOT, 'server/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PG_PORT: String(await freePort()),
      PG_DATA_DIR: join(dir, 'pg'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited:\n${log}`);
    }
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() - t0 > 180_000) {
      await stop();
      throw new Error(`server not ready after 3 minutes:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, pid: child.pid!, readySeconds: (Date.now() - t0) / 1000, exitCode: () => child.exitCode, log: () => log, stop };
}
