/**
 * Work stays in the database (issue 25): a request over every city (no city filter) must not
 * bring rows into the API in proportion to the data when SQL can aggregate, filter or page them.
 * The same requests are run over 5 and then 20 generated cities, counting the rows (and JSON
 * array items) the database sends into the process; they must be equal where the answer's own
 * size does not depend on the number of cities, and within the answer's size where it does.
 * Before this, `ruleInconsistencies` read every evaluation with a rule (4.82 M nationwide) and
 * `achievementBands` one row per indicator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { countRowsRead, type RowsRead } from '../support/rows-read.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { generateDataset } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let db: TestDatabase;
let schema: GraphQLSchema;
let rows: RowsRead;

/** Small generated cities (3 years, one indicator per measure): the counts, not the sizes, matter here. */
async function importCities(from: number, to: number) {
  for (let i = from; i < to; i++)
    await importDataset(db.orm, generateDataset({ seed: 7, municipalityIndex: i + 1, years: 3, startYear: 2022, indicatorsPerMeasure: 1, leafEvaluations: false }));
}

/** Runs the operation over every city; returns its data and the rows it brought into the process. */
async function measure(source: string) {
  rows.reset();
  const r = await graphql({ schema, source, contextValue: createContext(db.orm.em.fork()) });
  const read = rows.count;
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return { data: r.data as any, read };
}

const QUERIES = {
  ruleInconsistencies: `{ ruleInconsistencies(first: 10) { totalCount nodes { evaluation { id } printed { code } computed { code } explanation value } pageInfo { hasNextPage endCursor } } }`,
  achievementBands: `{ achievementBands(fiscalYear: 2023) { bands { key label } groups { total measured counts { band { key } count share } } } }`,
  stageComparison: `{ stageComparison(compare: SECONDARY, first: 10, filter: { fiscalYears: { in: [2023] } }) { compared agreed stricter moreLenient differences { totalCount nodes { difference base { id } compare { id } } } } }`,
};

beforeAll(async () => {
  db = await createTestDatabase();
  schema = await createSchema();
  rows = countRowsRead();
}, 60_000);
afterAll(async () => {
  rows?.stop();
  await db?.drop();
});

describe('requests over every city', () => {
  it('bring the same rows into the API at 5 and at 20 cities (the transitions: as many per cell, and no more than it shows)', async () => {
    await importCities(0, 5);
    const small: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const [name, q] of Object.entries(QUERIES)) small[name] = await measure(q);
    const TRANSITIONS = `{ transitions(from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2024, stage: SELF }) { total cells { count subjects(first: 3) { subjectName } } } }`;
    const smallT = await measure(TRANSITIONS);

    await importCities(5, 20);
    const large: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const [name, q] of Object.entries(QUERIES)) large[name] = await measure(q);
    const largeT = await measure(TRANSITIONS);

    const report = Object.keys(QUERIES).map((k) => `${k} ${small[k]!.read} → ${large[k]!.read}`);
    console.log(`rows read, 5 → 20 cities: ${report.join('; ')}; transitions ${smallT.read} → ${largeT.read}`);
    // The data did grow fourfold: the answers' totals say so.
    expect(large.ruleInconsistencies!.data.ruleInconsistencies.totalCount).toBeGreaterThan(3 * small.ruleInconsistencies!.data.ruleInconsistencies.totalCount);
    expect(small.ruleInconsistencies!.data.ruleInconsistencies.nodes).toHaveLength(10);
    expect(large.achievementBands!.data.achievementBands.groups[0].total).toBeGreaterThan(3 * small.achievementBands!.data.achievementBands.groups[0].total);
    expect(large.stageComparison!.data.stageComparison.compared).toBeGreaterThan(3 * small.stageComparison!.data.stageComparison.compared);
    expect(small.stageComparison!.data.stageComparison.differences.nodes).toHaveLength(10);
    // …and the rows the API read did not (a page of rule checks names the levels its checks
    // print and compute: which ones, and so how many, depends on the page).
    expect(large.achievementBands!.read).toBe(small.achievementBands!.read);
    expect(large.stageComparison!.read).toBe(small.stageComparison!.read);
    expect(large.ruleInconsistencies!.read).toBeLessThanOrEqual(small.ruleInconsistencies!.read + 10);

    // Transitions answer a matrix per scale, and every city has its own scales: the cells grow
    // with the cities by nature. What is read per cell does not: its count and the 3 subjects shown.
    const cells = (d: any) => d.transitions.cells.length as number;
    expect(cells(largeT.data)).toBe(4 * cells(smallT.data));
    expect(largeT.data.transitions.total).toBeGreaterThan(3 * smallT.data.transitions.total);
    for (const c of largeT.data.transitions.cells) expect(c.subjects.length).toBeLessThanOrEqual(3);
    // A cell's row and at most the 3 subjects shown (the scales' levels come with the first rows).
    expect(largeT.read).toBeLessThanOrEqual(cells(largeT.data) * (1 + 3));
    const subjects = largeT.data.transitions.cells.reduce((n: number, c: any) => n + c.count, 0);
    // Fewer than the subjects behind the cells: they were all read, 9.1 MB nationwide.
    expect(largeT.read).toBeLessThan(subjects);
  }, 600_000);
});
