/**
 * Regression guard for N+1 queries (database test): a nested list query must take the same
 * number of SQL statements for 5 rows as for 50. Statements are counted at the knex client,
 * which every query of the ORM and of `execute` passes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let db: TestDatabase;
let schema: GraphQLSchema;
let statements: string[] = [];
const record = (q: { sql: string }) => statements.push(q.sql);

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  schema = await createSchema();
  db.orm.em.getConnection().getKnex().on('query', record);
});
afterAll(async () => {
  db?.orm.em.getConnection().getKnex().off('query', record);
  await db?.drop();
});

/** Runs the operation in a fresh request context; returns the data and the SQL it issued. */
async function measure(source: string, variableValues: Record<string, unknown>) {
  statements = [];
  const r = await graphql({ schema, source, variableValues, contextValue: createContext(db.orm.em.fork()) });
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return { data: r.data as any, statements: [...statements] };
}

const NESTED_NODES = `query($first: Int) {
  policyNodes(first: $first, filter: { municipalityCodes: ["102041"], depths: [3, 4] }) {
    totalCount
    nodes {
      id code levelName
      leadDepartment { name parent { name } }
      effectiveDepartment { name }
      relatedDepartments { name }
      plan { name }
      path { name }
      children {
        name
        indicators { name values { text fiscalYear { label } } evaluations { level { code } } }
        evaluations { level { code label } scale { key } }
      }
      indicators { name values { text } }
      evaluations { stage level { code } scale { key levels { code } } department { name } subjectName provenance { line document { title } } }
      projects { name amounts { text } }
    }
  }
}`;

const NESTED_EVALUATIONS = `query($first: Int, $kinds: [SubjectKind!]) {
  evaluations(first: $first, filter: { municipalityCodes: ["990001"], subjectKinds: $kinds }, orderBy: { field: LEVEL }) {
    totalCount
    nodes {
      id subjectName
      level { code } scale { key }
      department { name parent { name } }
      policyNode { name ancestors { name } }
      indicator { name values { text } }
      project { name amounts { text } outcomeIndicator { name } }
    }
  }
}`;

const NESTED_INDICATORS = `query($first: Int) {
  indicators(first: $first, filter: { municipalityCodes: ["990001"] }) {
    nodes { name values { text } evaluations { level { code } } policyNode { name leadDepartment { name } } project { name } }
  }
}`;

const NESTED_PROJECTS = `query($first: Int) {
  projects(first: $first, filter: { municipalityCodes: ["990001"] }) {
    nodes { name amounts { text fiscalYear { year } } outcomeIndicator { name values { text } } department { name } policyNode { name path { name } } evaluations { level { code } } }
  }
}`;

describe('statement count of nested lists (N+1 guard)', () => {
  // Each list is filtered to rows of one shape, so the first 5 rows ask for every relation the first 50 do.
  it.each([
    ['policyNodes { nodes { children { indicators { values } } leadDepartment … } }', NESTED_NODES, 'policyNodes', {}],
    ['evaluations of policy nodes { nodes { department policyNode { ancestors } … } }', NESTED_EVALUATIONS, 'evaluations', { kinds: ['POLICY_NODE'] }],
    ['evaluations of indicators { nodes { indicator { values } department … } }', NESTED_EVALUATIONS, 'evaluations', { kinds: ['INDICATOR'] }],
    ['projects { nodes { amounts outcomeIndicator { values } department policyNode … } }', NESTED_PROJECTS, 'projects', {}],
    ['indicators { nodes { values evaluations policyNode … } }', NESTED_INDICATORS, 'indicators', {}],
  ])('%s: the same number of statements for 5 rows as for 50', async (_name, source, field, vars) => {
    const small = await measure(source, { ...vars, first: 5 });
    const large = await measure(source, { ...vars, first: 50 });
    expect(small.data[field].nodes).toHaveLength(5);
    expect(large.data[field].nodes).toHaveLength(50);
    if (process.env.DEBUG_N1) console.log(`${field}: first 5 → ${small.statements.length} statements, first 50 → ${large.statements.length}\n` + small.statements.map((s) => s.slice(0, 90)).join("\n") + "\n----\n" + large.statements.map((s) => s.slice(0, 90)).join("\n"));
    // A query per row would add 45 or more statements for 50 rows. A few more may come from
    // timing: sibling lists answered in separate I/O events start separate batches, which under
    // CPU load (CI) happens now and then.
    expect(large.statements.length).toBeLessThanOrEqual(small.statements.length + 3);
    expect(large.statements.length).toBeLessThanOrEqual(20);
  });
});
