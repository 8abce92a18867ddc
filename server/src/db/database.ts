/**
 * Opens the database the server runs on: the PostgreSQL at DATABASE_URL, or the embedded one
 * started here. Creates the database if needed and runs the committed migrations.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Config } from '../config.js';
import { StartupError } from '../shared/errors.js';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';
import { ormConfig, type DatabaseSettings } from './orm-config.js';
import { applicationDatabaseUrl } from '../auth/app-role.js';
import { ReplicaSet, parseLsn } from './replicas.js';

export interface Database {
  /** The owner: migrations, imports, accounts. */
  orm: MikroORM;
  /** The API's role for requests (row-level security applies); see auth/app-role.ts. */
  appOrm: MikroORM;
  url: string;
  /** The read replicas (DATABASE_READ_URLS), checked in the background; null without any. */
  replicas: ReplicaSet | null;
  embedded?: EmbeddedCluster;
  close: () => Promise<void>;
}

/** Starts or connects to PostgreSQL, then migrates. */
export async function openDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<Database> {
  let embedded: EmbeddedCluster | undefined;
  let url: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
  } else {
    log(`starting embedded PostgreSQL on port ${config.embedded.port} (data in ${config.embedded.dataDir})`);
    embedded = await startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port });
    await ensureDatabase(embedded.url('postgres'), config.embedded.database);
    url = embedded.url(config.embedded.database);
  }
  try {
    // Migrations on their own connection without the API's statement timeout: a migration that
    // fills a table from national-size data takes longer than any API statement may.
    const migrator = await connect(url, { statementTimeoutMs: 0 });
    try {
      const done = await migrate(migrator);
      if (done.length) log(`migrated: ${done.join(', ')}`);
    } finally {
      await migrator.close(true);
    }
    const orm = await connect(url, { statementTimeoutMs: config.requestBudgetMs });
    const appUrl = await applicationDatabaseUrl({ ownerUrl: url, owner: orm, appDatabaseUrl: config.appDatabaseUrl, embeddedDataDir: embedded?.dataDir });
    const appOrm = await connect(appUrl, { statementTimeoutMs: config.requestBudgetMs, applicationRole: true });
    const replicas = config.readUrls.length ? await openReplicas(config, url, orm, appOrm, appUrl, log) : null;
    return {
      orm,
      appOrm,
      url,
      replicas,
      embedded,
      close: async () => {
        await replicas?.close();
        await appOrm.close(true);
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}

/** The standbys, reached as the API's role with the API pool's driver settings; checked now and then every REPLICA_CHECK_MS. */
async function openReplicas(config: Config, url: string, orm: MikroORM, appOrm: MikroORM, appUrl: string, log: (msg: string) => void): Promise<ReplicaSet> {
  const knexClient = appOrm.em.getConnection().getKnex().client as unknown as { connectionSettings: pg.PoolConfig; positionBindings(sql: string): string };
  const primaryLsn = async () => {
    const [row] = (await orm.em.getConnection().execute('select pg_current_wal_lsn()::text as lsn')) as { lsn: string }[];
    return parseLsn(row?.lsn) ?? 0n;
  };
  const set = new ReplicaSet(config.readUrls, appUrl, knexClient.connectionSettings, (sql) => knexClient.positionBindings(sql), primaryLsn, config.replicas, (msg, fields) =>
    log(`${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`),
  );
  set.enableOwnerReads(url, config.readUrls);
  await set.start();
  return set;
}

/** Connects MikroORM, turning connection failures into one clear line. */
export async function connect(url: string, settings: DatabaseSettings = {}): Promise<MikroORM> {
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormConfig(url, {}, settings));
  } catch (e) {
    throw unreachable(url, e);
  }
  const check = await orm.checkConnection();
  if (!check.ok) {
    await orm.close(true).catch(() => {});
    throw unreachable(url, check.error ?? new Error(check.reason));
  }
  return orm;
}

/** One line for the usual ways a database cannot be reached. */
function unreachable(url: string, e: unknown): StartupError {
  const err = e as { code?: string; message?: string };
  const why =
    err.code === 'ECONNREFUSED'
      ? 'nothing accepts connections there'
      : err.code === 'ENOTFOUND'
        ? 'the host name is unknown'
        : err.code === '28P01' || err.code === '28000'
          ? 'the user name or password is wrong'
          : err.code === '3D000'
            ? 'that database does not exist'
            : (err.message ?? String(e)).split('\n')[0];
  return new StartupError(`Cannot reach the database at ${redact(url)}: ${why}. Check DATABASE_URL (or unset it to use the embedded PostgreSQL).`);
}

/** Runs pending migrations; never creates schema any other way. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}

/** CREATE DATABASE if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)} encoding 'UTF8' template template0`);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
