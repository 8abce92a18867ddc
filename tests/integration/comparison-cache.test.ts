/**
 * Two comparisons in one dashboard session (database test): the /cities view's own query answered
 * for set A, then for set B that shares cities with A, both written into the dashboard's Apollo
 * cache (`createCache`: its InMemoryCache with its type policies). A row's rank and peer median belong to its
 * comparison: reading A back must give A's figures, not B's, so every row id carries the set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { createCache } from '../../dashboard/src/shared/apollo-cache.js';

const { graphql, parse, print } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let db: TestDatabase;
let schema: GraphQLSchema;
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm); // 伊勢崎, 所沢, 香取, 綾瀬 and サンプル市
  schema = await createSchema();
}, 300_000);
afterAll(async () => db?.drop());

const QUERY = parse(readFileSync(resolve(import.meta.dirname, '../../dashboard/src/features/comparison/graphql/get_city_comparison.query.graphql'), 'utf8'));
/** The view's variables for a set of cities in FY2022 (a year several bundled cities rated), all subjects together. */
const vars = (codes: string[]) => ({ cities: { codes }, scheme: null, classCodes: null, fiscalYear: 2022, stage: 'SELF', groupBy: [], grouped: false });

interface Row {
  id: string;
  rank: number | null;
  peerMedianScore: number | null;
  municipality: { code: string };
}
/** The view's query as the client sends it (with __typename), answered by the schema. */
async function answer(doc: DocumentNode, codes: string[]): Promise<{ cityComparison: { rows: Row[] } }> {
  const r = await graphql({ schema, source: print(doc), variableValues: vars(codes), contextValue: createContext(db.orm.em.fork()) });
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.data as never;
}
const figures = (rows: Row[]) => new Map(rows.map((r) => [r.municipality.code, [r.rank, r.peerMedianScore]]));

describe('comparing set A, then set B that shares cities, in one session', () => {
  it('each comparison reads back its own ranks and peer medians from the cache, never the other’s', async () => {
    const cache = createCache();
    const doc = cache.transformDocument(QUERY);
    const A = ['102041', '112089', '122360', '142182', '990001'];
    const B = ['142182', '990001'];
    const a = await answer(doc, A);
    const b = await answer(doc, B);
    const shared = B.filter((c) => A.includes(c));
    // The question only means something when a shared city's figures differ between the sets.
    expect(shared.some((c) => JSON.stringify(figures(a.cityComparison.rows).get(c)) !== JSON.stringify(figures(b.cityComparison.rows).get(c)))).toBe(true);
    for (const c of shared) {
      const [ra, rb] = [a, b].map((x) => x.cityComparison.rows.find((r) => r.municipality.code === c)!);
      expect(ra.id, c).not.toBe(rb.id);
    }
    cache.writeQuery({ query: QUERY, variables: vars(A), data: a });
    cache.writeQuery({ query: QUERY, variables: vars(B), data: b });
    const readA = cache.readQuery<{ cityComparison: { rows: Row[] } }>({ query: QUERY, variables: vars(A) })!;
    const readB = cache.readQuery<{ cityComparison: { rows: Row[] } }>({ query: QUERY, variables: vars(B) })!;
    expect(figures(readA.cityComparison.rows)).toEqual(figures(a.cityComparison.rows));
    expect(figures(readB.cityComparison.rows)).toEqual(figures(b.cityComparison.rows));
  });
});
