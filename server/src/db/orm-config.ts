/**
 * MikroORM settings: entities listed explicitly, migrations from server/src/db/migrations
 * (compiled to dist), and no schema changes at runtime other than running those migrations.
 */
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { REQUEST_BUDGET_MS } from '../graphql/limits.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The connection pool. When PostgreSQL goes away, connections it closed are marked dead by the
 * driver and dropped on their next use; a failed connect rejects the waiting request at once
 * (propagateCreateError), so requests fail fast (503, see http/database-errors.ts) and the pool
 * reconnects by itself once the database is back.
 */
export const POOL = {
  min: 0,
  max: 10,
  /** Idle connections are closed after this, so connections broken while idle do not linger. */
  idleTimeoutMillis: 30_000,
  propagateCreateError: true,
  /** Remembers the transaction status PostgreSQL reports after each statement (see `validate`). */
  afterCreate(connection: PgConnection, done: (err: Error | null, connection: PgConnection) => void) {
    connection.connection?.on('readyForQuery', (m: { status?: string }) => (connection[TX_STATUS] = m.status));
    done(null, connection);
  },
  /**
   * A connection is handed out only when it is in no transaction ('I'): one left in a
   * transaction, or in a failed one, by a path that did not end it is destroyed instead (every
   * request that got it would fail). The API ends its own (graphql/loaders.ts `giveBack`); this
   * is the pool's own guarantee.
   */
  validate(connection: PgConnection): boolean {
    return (connection[TX_STATUS] ?? 'I') === 'I';
  },
};
const TX_STATUS = Symbol('transactionStatus');
interface PgConnection {
  connection?: { on(event: 'readyForQuery', listener: (m: { status?: string }) => void): void };
  [TX_STATUS]?: string;
}
/**
 * How long a request waits for a pooled connection before it fails (then answered 503). A
 * database that is down fails at once (propagateCreateError); this bounds the wait when every
 * connection is busy: after an import 200 users opening different views all need a transaction
 * at once (with 2 s, some of them were refused under the benchmark's burst).
 */
export const ACQUIRE_TIMEOUT_MS = 10_000;
/** How long opening one connection may take (a host that does not answer at all). */
export const CONNECT_TIMEOUT_MS = 1_500;

export interface DatabaseSettings {
  /** statement_timeout of every connection; defaults to REQUEST_BUDGET_MS. */
  statementTimeoutMs?: number;
  /**
   * The API's role (row-level security applies): connections start with no city at all, each
   * request sets its own (auth/request-scope.ts). Otherwise (the owner: migrations, imports, CLIs)
   * connections see every city (`app.municipality_ids=*`), which FORCE ROW LEVEL SECURITY needs
   * when the owner is not a superuser.
   */
  applicationRole?: boolean;
}

export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}, settings: DatabaseSettings = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    migrations: {
      path: `${here}/migrations`,
      migrationsList: MIGRATIONS,
      silent: true,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    pool: POOL,
    // The API bounds every statement (REQUEST_BUDGET_MS); imports raise it for their own transaction.
    driverOptions: {
      acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
      connection: {
        statement_timeout: settings.statementTimeoutMs ?? REQUEST_BUDGET_MS,
        ...(settings.applicationRole ? {} : { options: '-c app.municipality_ids=*' }),
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        // Notice peers that vanished without closing the connection (a host down, a cable out).
        keepAlive: true,
      },
    },
    debug: false,
    ...overrides,
  });
}
