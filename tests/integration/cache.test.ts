/**
 * The response cache (server/src/graphql/cache.ts): hits for the same query, variables and
 * scope; misses once a city involved has a new data_version (imports, edits) or for another
 * scope; other cities' entries survive; bounded by bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext, type GraphQLContext } from '../../server/src/graphql/context.js';
import { ByteLru, involvedCodes, responseCachePlugin, scopeKey, stableJson, VERSION_TTL_MS } from '../../server/src/graphql/cache.js';
import { bumpDataVersion } from '../../server/src/analytics/rollups.js';
import { generateDataset, SEED_PRESET } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';

let db: TestDatabase;
let server: ApolloServer<GraphQLContext>;
const lru = new ByteLru(8 * 1024 * 1024);
const codes: string[] = [];
const ids: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  for (const i of [1, 2]) {
    const s = await importDataset(db.orm, generateDataset({ ...SEED_PRESET, seed: 5, municipalityIndex: i }));
    codes.push(s.municipality.code);
    ids.push(s.municipality.id);
  }
  server = new ApolloServer<GraphQLContext>({ schema: await createSchema(), plugins: [responseCachePlugin<GraphQLContext>({ cache: lru })] });
  await server.start();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const DIST = `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [FISCAL_YEAR]) { groups { fiscalYear { year } total } } }`;

async function run(query: string, variables: Record<string, unknown> = {}, ctx: Partial<GraphQLContext> & { cacheScope?: string } = {}) {
  const r = await server.executeOperation({ query, variables }, { contextValue: Object.assign(createContext(db.orm.em.fork()), ctx) });
  if (r.body.kind !== 'single') throw new Error('not single');
  return { hit: r.http.headers.get('x-response-cache') === 'hit', data: r.body.singleResult.data, errors: r.body.singleResult.errors };
}

describe('response cache', () => {
  it('answers the same query and variables from the cache, with the same data', async () => {
    const v = { f: { municipalityCodes: [codes[0]] } };
    const first = await run(DIST, v);
    expect(first.hit).toBe(false);
    expect(first.errors).toBeUndefined();
    const second = await run(DIST, v);
    expect(second.hit).toBe(true);
    expect(second.data).toEqual(first.data);
    // Variables in another key order are the same variables.
    expect((await run(DIST, { f: { municipalityCodes: [codes[0]] } })).hit).toBe(true);
  });

  it('misses for other variables and for another caller scope', async () => {
    expect((await run(DIST, { f: { municipalityCodes: [codes[1]] } })).hit).toBe(false);
    expect((await run(DIST, { f: { municipalityCodes: [codes[0]] } }, { cacheScope: 'city:1' })).hit).toBe(false);
    expect((await run(DIST, { f: { municipalityCodes: [codes[0]] } }, { cacheScope: 'city:1' })).hit).toBe(true);
  });

  it("a city's new data_version (an import or an edit) invalidates its answers, not other cities'", async () => {
    const a = { f: { municipalityCodes: [codes[0]] } };
    const b = { f: { municipalityCodes: [codes[1]] } };
    await run(DIST, a);
    await run(DIST, b);
    expect((await run(DIST, a)).hit).toBe(true);
    await bumpDataVersion(db.orm.em.fork(), ids[0]!);
    expect((await run(DIST, a)).hit).toBe(false);
    expect((await run(DIST, b)).hit).toBe(true);
    expect((await run(DIST, a)).hit).toBe(true);
  });

  it('a version changed by another process is seen within the TTL and one check, without making requests wait', async () => {
    const a = { f: { municipalityCodes: [codes[0]] } };
    await run(DIST, a);
    expect((await run(DIST, a)).hit).toBe(true);
    // Another process (the import command) commits a new version: this one is not told.
    await db.orm.em.getConnection().execute(`update municipality set data_version = data_version + 1 where id = ?`, [ids[0]]);
    await new Promise((r) => setTimeout(r, VERSION_TTL_MS + 50));
    // The first request after the TTL starts the check and keeps the snapshot it has …
    await run(DIST, a);
    await new Promise((r) => setTimeout(r, 200));
    // … the next one is keyed by the new version.
    expect((await run(DIST, a)).hit).toBe(false);
    expect((await run(DIST, a)).hit).toBe(true);
  });

  it('an import that changes a city invalidates; one that changes nothing does not', async () => {
    const a = { f: { municipalityCodes: [codes[1]] } };
    await run(DIST, a);
    expect((await run(DIST, a)).hit).toBe(true);
    await importDataset(db.orm, generateDataset({ ...SEED_PRESET, seed: 5, municipalityIndex: 2 })); // the same file again
    expect((await run(DIST, a)).hit).toBe(true);
    const changed = generateDataset({ ...SEED_PRESET, seed: 5, municipalityIndex: 2 });
    changed.evaluations[0]!.comment = 'changed for the cache test';
    await importDataset(db.orm, changed);
    const after = await run(DIST, a);
    expect(after.hit).toBe(false);
  });

  it('a query not limited by city codes depends on every city', async () => {
    const q = `query { municipalities { code name dataVersion } }`;
    await run(q);
    expect((await run(q)).hit).toBe(true);
    await bumpDataVersion(db.orm.em.fork(), ids[1]!);
    const r = await run(q);
    expect(r.hit).toBe(false);
    expect((r.data as { municipalities: { dataVersion: number }[] }).municipalities.length).toBe(2);
  });

  it('does not store errors or mutations', async () => {
    const bad = `query { ratingDistribution(groupBy: [POLICY_NODE], policyDepth: 99) { groups { total } } }`;
    expect((await run(bad)).errors).toBeDefined();
    expect((await run(bad)).hit).toBe(false);
  });

  it('finds the cities an operation names, or none when a field is not limited', () => {
    const op = (q: string) => parse(q).definitions[0] as OperationDefinitionNode;
    expect(involvedCodes(op(`query($c: String!) { municipality(code: $c) { id } plans(municipalityCode: "222222") { id } }`), { c: '111111' })).toEqual(['111111', '222222']);
    expect(involvedCodes(op(`query($f: EvaluationFilter) { evaluations(filter: $f) { totalCount } }`), { f: { municipalityCodes: ['3', '1'] } })).toEqual(['1', '3']);
    expect(involvedCodes(op(`query { evaluations(filter: { municipalityCodes: ["9"] }) { totalCount } policyNode(id: 1) { id } }`), {})).toBeNull();
    expect(involvedCodes(op(`query($f: EvaluationFilter) { evaluations(filter: $f) { totalCount } }`), { f: {} })).toBeNull();
  });

  it('keys: stable JSON and scope strings', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(scopeKey({ em: undefined as never, cacheScope: 'x' })).toBe('x');
    expect(scopeKey({ em: undefined as never, scope: { all: false, municipalityIds: [1], publishedOnly: true } })).not.toBe(
      scopeKey({ em: undefined as never, scope: { all: false, municipalityIds: [1], publishedOnly: false } }),
    );
  });
});

describe('ByteLru', () => {
  it('stays within its bytes, evicting the least recently used', () => {
    const c = new ByteLru(1000);
    c.set('a', 'A', 200);
    c.set('b', 'B', 200);
    c.set('c', 'C', 200);
    c.get('a'); // a is now the most recent
    c.set('d', 'D', 200);
    c.set('e', 'E', 200);
    c.set('f', 'F', 200);
    expect(c.bytes).toBeLessThanOrEqual(1000);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('A');
    expect(c.get('f')).toBe('F');
    c.set('huge', 'H', 600); // more than a quarter of the cache: not stored
    expect(c.get('huge')).toBeUndefined();
  });

  it('keeps an answer gzipped in place of its JSON, counts the gzip, and gives either body back', async () => {
    const c = new ByteLru(1_000_000);
    const answer = { data: { rows: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `施策${i % 7}`, level: 'A' })) } };
    const json = Buffer.from(`${JSON.stringify(answer)}\n`, 'utf8');
    const e = c.set('k', answer.data, json.length, json)!;
    expect(c.bytes).toBe(json.length);
    // The first hit that accepts gzip makes it (once) and keeps it instead of the JSON.
    const [z1, z2] = await Promise.all([c.body(e, true), c.body(e, true)]);
    expect(z1!.gzip).toBe(true);
    expect(z2!.bytes).toBe(z1!.bytes);
    expect(e.json).toBeNull();
    expect(c.bytes).toBe(z1!.bytes.length);
    expect(c.bytes).toBeLessThan(json.length / 5);
    const plain = await c.body(e, false);
    expect(plain).toMatchObject({ gzip: false });
    expect(plain!.bytes.equals(json)).toBe(true);
    expect(c.get('k')).toEqual(answer.data);
    // A gzip handed over (the one sent to the client) replaces the JSON the same way; small answers stay as they are.
    const small = Buffer.from('{"data":{"a":1}}\n');
    const s = c.set('s', null, small.length, small)!;
    expect(await c.body(s, true)).toEqual({ bytes: small, gzip: false });
    const other = c.set('o', answer.data, json.length, json)!;
    c.keepGzip(other, z1!.bytes);
    expect(c.bytes).toBe(2 * z1!.bytes.length + small.length);
  });
});
