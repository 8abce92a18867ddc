/**
 * MikroORM settings: entities listed explicitly, migrations from server/src/db/migrations
 * (compiled to dist), and no schema changes at runtime other than running those migrations.
 */
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
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
    pool: { min: 0, max: 10 },
    // The API bounds every statement; imports raise it for their own transaction.
    driverOptions: { connection: { statement_timeout: 15000 } },
    debug: false,
    ...overrides,
  });
}
