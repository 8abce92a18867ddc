/**
 * The database role the API connects as for requests: `seisaku_app`, which owns no table and
 * does not bypass row-level security (created by the RLS migration when the owner may create
 * roles). APP_DATABASE_URL names it explicitly (any such role, with its password). Otherwise the
 * server lets `seisaku_app` log in with a password:
 *  - embedded PostgreSQL: a random password generated once and kept in the data folder
 *    (`<PG_DATA_DIR>/seisaku_app.password`, mode 0600);
 *  - DATABASE_URL: a password derived from the owner's credentials (HMAC-SHA-256), so every
 *    server process on the same cluster computes the same one and nothing needs storing.
 * The role is checked before use: it must not be a superuser, own the tables, or bypass RLS.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { StartupError } from '../shared/errors.js';
import { APP_ROLE } from '../db/migrations/Migration20261201000100_row_level_security.js';

// Rows as the driver returns them (snake_case, types given by the SQL).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export async function applicationDatabaseUrl(opts: { ownerUrl: string; owner: MikroORM; appDatabaseUrl?: string; embeddedDataDir?: string }): Promise<string> {
  if (opts.appDatabaseUrl) {
    await assertRestricted(opts.appDatabaseUrl);
    return opts.appDatabaseUrl;
  }
  const exec = (sql: string, params: unknown[] = []) => opts.owner.em.getConnection().execute(sql, params) as Promise<Row[]>;
  const [role] = await exec(`select rolname from pg_roles where rolname = ?`, [APP_ROLE]);
  if (!role)
    throw new StartupError(
      `The database role ${APP_ROLE} does not exist and the owner may not create it: create a role without BYPASSRLS for the API and set APP_DATABASE_URL (see docs/auth.md).`,
    );
  const password = opts.embeddedDataDir ? embeddedPassword(opts.embeddedDataDir) : derivedPassword(opts.ownerUrl);
  const url = new URL(opts.ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  const appUrl = url.toString();
  if (!(await canLogIn(appUrl))) {
    for (let attempt = 0; ; attempt++) {
      try {
        await exec(`alter role ${APP_ROLE} with login password '${password.replace(/'/g, "''")}'`);
        break;
      } catch (e) {
        // Another server process setting the same password at the same moment.
        if (attempt < 5 && /concurrently/.test(String(e))) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw new StartupError(`Cannot let ${APP_ROLE} log in (${(e as Error).message.split('\n')[0]}): set APP_DATABASE_URL (see docs/auth.md).`);
      }
    }
  }
  await assertRestricted(appUrl);
  return appUrl;
}

function embeddedPassword(dataDir: string): string {
  const file = resolve(dataDir, `${APP_ROLE}.password`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Roles belong to the whole cluster, not one database: derive from the owner's credentials only,
 * so every server on the cluster (any database, any port or proxy) computes the same password.
 */
function derivedPassword(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  return createHmac('sha256', `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).update(`${APP_ROLE} login`).digest('base64url');
}

async function canLogIn(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Refuses a role that row-level security would not apply to. */
async function assertRestricted(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const { rows } = await c.query(
      `select r.rolsuper, r.rolbypassrls, exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tablename = 'evaluation' and t.tableowner = current_user) as owner
         from pg_roles r where r.rolname = current_user`,
    );
    const r = rows[0] as Row | undefined;
    if (!r || r.rolsuper || r.rolbypassrls || r.owner)
      throw new StartupError('The API’s database role must be neither superuser, BYPASSRLS nor the owner of the tables (APP_DATABASE_URL).');
  } catch (e) {
    if (e instanceof StartupError) throw e;
    throw new StartupError(`Cannot connect as the API’s database role: ${(e as Error).message.split('\n')[0]} (APP_DATABASE_URL, docs/auth.md).`);
  } finally {
    await c.end().catch(() => {});
  }
}
