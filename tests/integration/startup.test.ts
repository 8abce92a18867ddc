/**
 * The server process as a user starts it: embedded PostgreSQL lifecycle, and one clear line
 * (no stack trace) for each way it can fail to start.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../browser/support/server.js';

const MAIN = resolve(import.meta.dirname, '../../server/dist/main.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'seisaku-startup-'));
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

/** Runs the server until it prints `until` (then SIGTERM) or exits; returns its output and exit code. */
function run(env: Record<string, string>, until?: RegExp, timeoutMs = 60_000): Promise<{ out: string; code: number | null }> {
  return new Promise((ok) => {
    const envAll: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...env };
    if (!env.DATABASE_URL) delete envAll.DATABASE_URL;
    const child = spawn(process.execPath, [MAIN], { env: envAll, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      if (until && until.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      ok({ out, code });
    });
  });
}

function postgresRunningOn(dataDir: string): boolean {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').some((l) => l.includes('postgres') && l.includes(dataDir));
}

const oneClearLine = (out: string) => {
  const lines = out.trim().split('\n').filter((l) => !l.includes('"level":30'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^起動できません \/ Cannot start: /);
  expect(out).not.toMatch(/\n\s+at /);
  return lines[0]!;
};

describe('server process (embedded PostgreSQL)', () => {
  it('starts PostgreSQL, loads the data, stops it on SIGTERM, and reuses the data next time', async () => {
    const dataDir = join(tempDir(), 'pg');
    const env = { PG_DATA_DIR: dataDir, PG_PORT: String(await freePort()), PORT: String(await freePort()) };
    // Two starts (the first creates the cluster and loads every bundled dataset): minutes under a
    // full test run's load, so a hang guard, not a time limit.
    const first = await run(env, /listening on/, 180_000);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/loaded bundled dataset/);
    expect(first.out).toMatch(/"msg":"stopped"/);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await run(env, /listening on/, 180_000);
    expect(second.code, second.out).toBe(0);
    expect(second.out).not.toMatch(/loaded bundled dataset/);
    expect(postgresRunningOn(dataDir)).toBe(false);
  }, 400_000);

  it('says in one line that the PostgreSQL port is taken', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const { out, code } = await run({ PG_DATA_DIR: join(tempDir(), 'pg'), PG_PORT: String(port), PORT: String(await freePort()) });
      expect(code).toBe(1);
      expect(oneClearLine(out)).toMatch(new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('says in one line that the data folder is from another PostgreSQL version', async () => {
    const dataDir = join(tempDir(), 'pg');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'PG_VERSION'), '15\n');
    const { out, code } = await run({ PG_DATA_DIR: dataDir, PG_PORT: String(await freePort()), PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(oneClearLine(out)).toMatch(/made by PostgreSQL 15/);
  });

  it('says in one line that DATABASE_URL cannot be reached', async () => {
    const port = await freePort();
    const { out, code } = await run({ DATABASE_URL: `postgres://someone:secret@127.0.0.1:${port}/nothing`, PORT: String(await freePort()) });
    expect(code).toBe(1);
    const line = oneClearLine(out);
    expect(line).toMatch(/Cannot reach the database/);
    expect(line).not.toContain('secret');
  });
});
