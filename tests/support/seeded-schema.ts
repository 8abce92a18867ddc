/**
 * The schema run in the test's process against a database of its own holding the bundled
 * datasets: for tests that ask the API what the documents print. Registers its own beforeAll
 * (clone, load the seeds, build the schema) and afterAll (drop); `db` is there from beforeAll on.
 */
import { afterAll, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from './db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The bundled cities by their national local-government codes. */
export const SEED_CITY = { ISESAKI: '102041', KATORI: '122360', AYASE: '142182', TOKOROZAWA: '112089', SAMPLE: '990001' } as const;

export interface SeededSchema {
  /** The test's database (after beforeAll). */
  db: TestDatabase;
  /** Runs one operation with a fresh request context; the errors come back in the result. */
  run(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult>;
  /** Runs one operation and returns its data; throws with the errors' messages when there are any. */
  q<T = any>(source: string, variableValues?: Record<string, unknown>): Promise<T>;
}

/** A seeded database and the schema for this test file (see the module comment). */
export function seededSchema(): SeededSchema {
  let schema: GraphQLSchema;
  const s: SeededSchema = {
    db: undefined as unknown as TestDatabase,
    run: (source, variableValues) => graphql({ schema, source, variableValues, contextValue: createContext(s.db.orm.em.fork()) }),
    async q<T>(source: string, variableValues?: Record<string, unknown>): Promise<T> {
      const r = await s.run(source, variableValues);
      if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
      return r.data as T;
    },
  };
  beforeAll(async () => {
    s.db = await createTestDatabase();
    await loadSeeds(s.db.orm);
    schema = await createSchema();
  });
  afterAll(async () => s.db?.drop());
  return s;
}
