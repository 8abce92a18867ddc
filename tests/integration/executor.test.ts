/**
 * The compiled executor (server/src/graphql/executor.ts) against graphql-js's own `execute`
 * (database test): every query of the dashboard for every bundled city, every example query of
 * docs/queries, the report, and the error cases (bad variables, a resolver's error, a default
 * of an omitted input field) give the same JSON — data and errors, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { MAX_COMPILED_SELECTIONS, compiledExecutor, expandedSelections } from '../../server/src/graphql/executor.js';
import { cityFacts, dashboardOperations } from '../../bench/operations.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const ROOT = resolve(import.meta.dirname, '../..');
const QUERIES = resolve(ROOT, 'docs/queries');

let db: TestDatabase;
let schema: GraphQLSchema;
let compiled: ReturnType<typeof compiledExecutor>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  schema = await createSchema();
  compiled = compiledExecutor(schema);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** What a client receives: data and errors as JSON (message, locations, path, extensions); the report's time of making left out. */
const asSent = (r: ExecutionResult) =>
  JSON.stringify({ errors: r.errors?.map((e) => e.toJSON()), data: r.data }).replace(/"generatedAt":"[^"]*"/g, '"generatedAt":"…"');

/** The same operation through graphql-js and through the compiled executor, each in a request context of its own. */
async function both(source: string, variables: Record<string, unknown> = {}): Promise<{ js: string; jit: string; result: ExecutionResult }> {
  const document: DocumentNode = cjs.parse(source);
  expect(cjs.validate(schema, document).map((e) => e.message)).toEqual([]);
  const operation = cjs.getOperationAST(document)!;
  const js = (await cjs.execute({ schema, document, variableValues: variables, contextValue: createContext(db.orm.em.fork()) })) as ExecutionResult;
  const rc = {
    document,
    operation,
    operationName: operation.name?.value ?? null,
    request: { query: source, variables },
    context: createContext(db.orm.em.fork()),
  } as unknown as GatewayGraphQLRequestContext;
  const result = await compiled(rc);
  return { js: asSent(js), jit: asSent(result), result };
}

describe('compiled executor = graphql-js', () => {
  it('every dashboard query, for every bundled city: the same answers', async () => {
    const cities = (await pool.query<{ id: number; code: string }>('select id, code from municipality order by code')).rows;
    expect(cities.length).toBeGreaterThanOrEqual(4);
    const ops = dashboardOperations();
    expect(ops.map((o) => o.name)).toEqual(expect.arrayContaining(['GetAnnualReport', 'GetOverview', 'GetEvaluations', 'GetTransitions']));
    let compared = 0;
    let completeCities = 0;
    let withoutErrors = 0;
    for (const city of cities) {
      const facts = await cityFacts(pool, city.id);
      // A city without some record the variables name (a department with sub-departments): the
      // answers must still agree, errors and all.
      const complete = Object.values(facts).every((v) => !Number.isNaN(v));
      if (complete) completeCities++;
      for (const op of ops) {
        const { js, jit, result } = await both(op.query, op.variables(facts));
        expect(jit, `${op.name} ${city.code}`).toBe(js);
        if (complete) expect(result.errors ?? [], `${op.name} ${city.code}`).toEqual([]);
        if (!result.errors) withoutErrors++;
        compared++;
      }
    }
    expect(compared).toBe(cities.length * ops.length);
    expect(completeCities).toBeGreaterThanOrEqual(1);
    // The cities without ratings (所沢, 綾瀬) give year 0 and no ids to the variables: those
    // requests are refused as bad arguments (years outside 1989–2100 since filter-arguments.ts),
    // the same way by both executors. The rest answer without errors.
    expect(withoutErrors).toBeGreaterThanOrEqual(compared * 0.75);
  });

  it('every example query of docs/queries: the same answers', async () => {
    const files = readdirSync(QUERIES).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) {
      const { js, jit, result } = await both(readFileSync(resolve(QUERIES, f), 'utf8'));
      expect(jit, f).toBe(js);
      expect(result.errors ?? [], f).toEqual([]);
    }
  });

  it('introspection (what GraphiQL and code generators ask) and __typename: the same answers', async () => {
    const introspection = cjs.getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    for (const q of [introspection, '{ __typename municipalities { __typename code } }']) {
      const { js, jit, result } = await both(q);
      expect(jit).toBe(js);
      expect(result.errors).toBeUndefined();
    }
  });

  it('an input field left out takes its default (includeSubDepartments: Boolean! = true)', async () => {
    const q = `query($f: EvaluationFilter!) { evaluations(first: 500, filter: $f) { totalCount nodes { id } } }`;
    const dept = (await pool.query<{ id: number }>(
      `select d.id from department d join municipality m on m.id = d.municipality_id
        where m.code = '102041' and exists (select 1 from department c where c.parent_id = d.id) order by d.id limit 1`,
    )).rows[0]!;
    const omitted = await both(q, { f: { municipalityCodes: ['102041'], departmentIds: [String(dept.id)] } });
    const explicit = await both(q, { f: { municipalityCodes: ['102041'], departmentIds: [String(dept.id)], includeSubDepartments: true } });
    expect(omitted.jit).toBe(omitted.js);
    expect(omitted.jit).toBe(explicit.jit);
    expect(omitted.result.errors).toBeUndefined();
    expect((omitted.result.data as any).evaluations.totalCount).toBeGreaterThan(0);
  });

  it('a non-null variable left out takes its definition’s default', async () => {
    const q = `query($code: String! = "102041", $year: Int! = 2022, $stage: Stage! = SELF) {
      ratingDistribution(filter: { municipalityCodes: [$code], fiscalYears: { in: [$year] }, stages: [$stage] }, groupBy: [FISCAL_YEAR]) { groups { total } }
    }`;
    const { js, jit, result } = await both(q);
    expect(jit).toBe(js);
    expect(result.errors).toBeUndefined();
    expect((result.data as any).ratingDistribution.groups[0].total).toBeGreaterThan(0);
  });

  it('bad variables: graphql-js’s errors, no data', async () => {
    const q = `query($f: EvaluationFilter!, $n: Int) { evaluations(first: $n, filter: $f) { totalCount } }`;
    for (const variables of [{ f: { municipalityCodes: '102041', stages: ['NOPE'] }, n: 'ten' }, { n: 3 }, { f: { fiscalYears: { in: [2022.5] } } }]) {
      const { js, jit, result } = await both(q, variables);
      expect(jit, JSON.stringify(variables)).toBe(js);
      expect(result.data).toBeUndefined();
      expect(result.errors?.length).toBeGreaterThan(0);
    }
  });

  it('an operation name the document does not define: graphql-js’s error, not a crash', async () => {
    const source = 'query A { municipalities { id } }';
    const document: DocumentNode = cjs.parse(source);
    const rc = {
      document,
      operation: undefined, // what Apollo passes when no operation has the name
      operationName: 'Municipalities',
      request: { query: source, variables: {}, operationName: 'Municipalities' },
      context: createContext(db.orm.em.fork()),
    } as unknown as GatewayGraphQLRequestContext;
    const result = (await compiled(rc)) as ExecutionResult;
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((e) => e.message)).toEqual(['Unknown operation named "Municipalities".']);
  });

  it('fragments spread twice over at every level run on the interpreter (2^30 selections written out), at once and with the same answer', async () => {
    const frags = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Municipality { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const q = `{ municipalities { ...F0 } }\n${frags}\nfragment F30 on Municipality { code }`;
    const document = cjs.parse(q);
    expect(expandedSelections(document, cjs.getOperationAST(document)!.selectionSet)).toBe(1 + 2 ** 30);
    const started = performance.now();
    const { js, jit, result } = await both(q);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(jit).toBe(js);
    expect((result.data as any).municipalities.length).toBeGreaterThan(0);
  });

  it('every dashboard document is small enough to be compiled', () => {
    for (const op of dashboardOperations()) {
      const document = cjs.parse(op.query);
      expect(expandedSelections(document, cjs.getOperationAST(document)!.selectionSet), op.name).toBeLessThan(MAX_COMPILED_SELECTIONS);
    }
  });

  it('an error raised by a resolver: the same message, path, locations and code; the rest of the answer kept', async () => {
    const q = `{ municipalities { code } policyNode(id: "x1") { id name } }`;
    const { js, jit, result } = await both(q);
    expect(jit).toBe(js);
    expect(result.errors?.[0]?.path).toEqual(['policyNode']);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((result.data as any).municipalities.length).toBeGreaterThan(0);
  });
});
