/**
 * The example queries in docs/queries: each parses, validates against the committed
 * schema.graphql, stays within the limits, and runs against the bundled data (createSchema()
 * and graphql's execute) without errors, with a sample of numbers checked against the
 * documents where the seeds fix them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, getOperationAST, parse, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_TOKENS, countTokens, measureOperation } from '../../server/src/graphql/limits.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = resolve(ROOT, 'docs/queries');
const committed = buildSchema(readFileSync(resolve(ROOT, 'schema.graphql'), 'utf8'));
const files = readdirSync(DIR).filter((f) => f.endsWith('.graphql')).sort();
const source = (name: string) => readFileSync(resolve(DIR, `${name}.graphql`), 'utf8');

/** The analysts' questions (DOMAIN.md) and the dashboard's aggregations, each with a file. */
const EXPECTED = [
  'measures-by-rating-per-department',
  'indicators-under-60-percent',
  'planning-vs-department-rating',
  'rating-distribution-by-year-department',
  'achievement-bands-by-policy-area',
  'rating-transitions',
  'evaluation-text-search',
  'stage-comparison',
  'rule-inconsistencies',
];

let db: TestDatabase;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  schema = await createSchema();
});
afterAll(async () => {
  await db?.drop();
});

async function run(name: string, variableValues?: Record<string, unknown>): Promise<any> {
  const r = await cjs.graphql({ schema, source: source(name), variableValues, contextValue: createContext(db.orm.em.fork()) });
  expect(r.errors?.map((e) => e.message) ?? []).toEqual([]);
  return r.data;
}

describe('example queries: files', () => {
  it('has one file per question and aggregation', () => {
    expect(files.map((f) => f.replace(/\.graphql$/, ''))).toEqual(expect.arrayContaining(EXPECTED));
  });

  for (const file of files) {
    it(`${file}: bilingual header, valid against schema.graphql, within the limits`, () => {
      const text = readFileSync(resolve(DIR, file), 'utf8');
      const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
      expect(header).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(header).toMatch(/[A-Za-z]{4,} [a-z]{2,}/);
      const doc = parse(text);
      expect(validate(committed, doc).map((e) => e.message)).toEqual([]);
      const op = getOperationAST(doc);
      expect(op?.operation).toBe('query');
      const m = measureOperation(committed, doc, op!);
      expect(m.cost).toBeLessThanOrEqual(MAX_COST);
      expect(m.depth).toBeLessThanOrEqual(MAX_DEPTH);
      expect(m.aliases).toBeLessThanOrEqual(MAX_ALIASES);
      expect(m.pageSize).toBeUndefined();
      expect(countTokens(text)).toBeLessThanOrEqual(MAX_TOKENS);
    });
  }
});

describe('example queries: run against the bundled data', () => {
  it('measures by overall rating per lead department, FY2022 (伊勢崎市)', async () => {
    const d = await run('measures-by-rating-per-department');
    const groups = d.ratingDistribution.groups;
    expect(groups.reduce((s: number, g: any) => s + g.total, 0)).toBe(41);
    expect(groups.reduce((s: number, g: any) => s + g.rated, 0)).toBe(38);
    const health = groups.find((g: any) => g.department?.name === '健康づくり課');
    expect(health.counts.map((c: any) => [c.level.code, c.count])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 0],
      ['D', 0],
    ]);
    for (const g of groups) expect(g.scale.name).toBe('施策の目標（全体評価）');
  });

  it('indicators under 60 % of target, with measure and department (伊勢崎市 FY2022): only those', async () => {
    const d = await run('indicators-under-60-percent');
    const [group] = d.achievementBands.groups;
    // band D (under 60 %) only: not the top bands, not the unmeasured
    expect(group.counts.map((c: any) => c.band.label)).toEqual(['D（60%未満）']);
    const [under60] = group.counts;
    expect(under60.count).toBe(under60.indicators.length);
    expect(under60.count).toBe(10);
    for (const i of under60.indicators) {
      expect(i.achievement).toBeLessThan(60);
      expect(i.indicator.policyNode?.name).toBeTruthy();
    }
    // every indicator under 60 % is there: the same as the unfiltered bands' D
    const all = await run('achievement-bands-by-policy-area');
    const d60 = all.achievementBands.groups.flatMap((g: any) => g.counts).filter((c: any) => c.band.label === 'D（60%未満）');
    expect(d60.reduce((s: number, c: any) => s + c.count, 0)).toBe(under60.count);
    // maxPercent 80 takes C as well
    const d80 = await run('indicators-under-60-percent', { maxPercent: 80 });
    expect(d80.achievementBands.groups[0].counts.map((c: any) => c.band.label)).toEqual(['C（60%以上80%未満）', 'D（60%未満）']);
  });

  it('where the planning division differs from the department (綾瀬市 FY2023)', async () => {
    const d = await run('planning-vs-department-rating');
    const c = d.stageComparison;
    expect(c.compared).toBe(21);
    expect(c.agreed).toBe(19);
    expect(c.differences.totalCount).toBe(2);
    expect(c.differences.nodes.map((n: any) => [n.base.subjectName, n.base.level.code, n.compare.level.code])).toEqual(
      expect.arrayContaining([
        ['行政サービス体制の拡充', 'A', 'B'],
        ['調査・研究', 'B', 'C'],
      ]),
    );
  });

  it('rating distribution by year × department', async () => {
    const d = await run('rating-distribution-by-year-department');
    const groups = d.ratingDistribution.groups;
    expect(new Set(groups.map((g: any) => g.fiscalYear.year))).toEqual(new Set([2022, 2023, 2024]));
    for (const g of groups) {
      expect(g.counts.reduce((s: number, c: any) => s + c.count, 0)).toBe(g.rated);
    }
  });

  it('achievement bands by policy area (伊勢崎市 FY2022)', async () => {
    const d = await run('achievement-bands-by-policy-area');
    const groups = d.achievementBands.groups;
    expect(groups.map((g: any) => g.policyNode.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(groups.reduce((s: number, g: any) => s + g.total, 0)).toBe(73);
    const area2 = groups.find((g: any) => g.policyNode.code === '2');
    expect(area2.total).toBe(15);
    expect(area2.measured).toBe(10);
  });

  it('rating transitions between two years', async () => {
    const d = await run('rating-transitions');
    const t = d.transitions;
    expect(t.cells.reduce((s: number, c: any) => s + c.count, 0)).toBe(t.total);
    expect(t.levels.map((l: any) => l.code)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('text search', async () => {
    const d = await run('evaluation-text-search', { text: '子育て', first: 20 });
    expect(d.evaluations.totalCount).toBeGreaterThan(0);
    expect(d.evaluations.nodes.length).toBe(Math.min(20, d.evaluations.totalCount));
  });

  it('stage comparison (サンプル市 FY2023, self against external)', async () => {
    const d = await run('stage-comparison');
    const c = d.stageComparison;
    expect(c.agreed + c.stricter + c.moreLenient).toBe(c.compared);
    expect(c.differences.totalCount).toBe(c.stricter + c.moreLenient);
  });

  it('rule inconsistencies (伊勢崎市)', async () => {
    const d = await run('rule-inconsistencies');
    const r = d.ruleInconsistencies;
    expect(r.totalCount).toBeGreaterThan(0);
    const first = r.nodes.find((n: any) => n.evaluation.subjectName === '健康づくり事業への参加者数');
    // 5,900 / 10,650 = 55.4 % → D, printed C.
    expect(first.printed.code).toBe('C');
    expect(first.computed.code).toBe('D');
    expect(first.value).toBeCloseTo(55.4, 1);
  });
});
