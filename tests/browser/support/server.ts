/**
 * Starts the built server (server/dist/main.js, as `npm start` runs it) on a free port against a
 * database of its own, with the bundled data loaded on first start. For browser and HTTP tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

export interface RunningServer {
  baseUrl: string;
  db: TestDatabase;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/**
 * `databaseUrl` rewrites the URL the server is given (the test's own database), e.g. to reach it
 * through a proxy the test can cut (tests/support/pg-proxy.ts).
 */
export async function startServer(env: Record<string, string> = {}, opts: { databaseUrl?: (url: string) => string } = {}): Promise<RunningServer> {
  return startServerOn(await createTestDatabase(), env, opts);
}

/** A second server process on a database a test already has (`stop` leaves the database). */
export async function startAnotherServer(db: TestDatabase, env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServerOn(db, env);
  return { ...server, stop: () => server.stopProcess() };
}

async function startServerOn(
  db: TestDatabase,
  env: Record<string, string>,
  opts: { databaseUrl?: (url: string) => string } = {},
): Promise<RunningServer & { stopProcess: () => Promise<void> }> {
  // A test that must know the port first (a URL registered elsewhere) passes PORT.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = '';
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../../server/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: opts.databaseUrl ? opts.databaseUrl(db.url) : db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stopProcess = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  return {
    baseUrl,
    db,
    process: child,
    output: () => out,
    stopProcess,
    stop: async () => {
      await stopProcess();
      await db.drop();
    },
  };
}

/** A GraphQL query against the running server (anonymous); throws with the errors' messages. */
export async function queryServer<T>(server: Pick<RunningServer, 'baseUrl'>, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}
