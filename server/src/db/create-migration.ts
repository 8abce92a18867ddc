/**
 * Developer command: writes a new migration with the difference between the entities and a
 * database migrated to the latest committed migration. `npm run migration:create -w server`.
 * It uses a throw-away embedded PostgreSQL, so it never touches your data.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase, migrate } from './database.js';
import { ormConfig } from './orm-config.js';
import { MIGRATIONS } from './migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'seisaku-migration-'));
chmodSync(dir, 0o755); // the postgres user must reach the data folder when we run as root
const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54399 });
try {
  await ensureDatabase(cluster.url('postgres'), 'migration');
  const orm = await MikroORM.init(
    ormConfig(cluster.url('migration'), {
      migrations: { path: new URL('../../src/db/migrations', import.meta.url).pathname, emit: 'ts', snapshot: false, migrationsList: MIGRATIONS },
    }),
  );
  await migrate(orm);
  const result = await orm.getMigrator().createMigration(undefined, false, process.argv.includes('--initial'));
  console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes');
  await orm.close(true);
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
