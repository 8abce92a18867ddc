/**
 * The evaluation search's bigram index (issue 21 item 6: a nationwide text search; the embedded
 * PostgreSQL ships pg_trgm, whose trigrams cannot serve two-character Japanese terms such as
 * 防災, and not pg_bigm). Every two-character substring of the texts and the subjects' names is
 * indexed (GIN, Migration20261228000000_stage_pairs_and_search); the search narrows by all the
 * term's bigrams, then checks the exact match. Here: the answers equal the search without the
 * index for short, long, cased and one-character terms, and EXPLAIN shows the first page over
 * every city read through the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { evaluationScope, EvaluationFilter, likeOperator, likePattern } from '../../server/src/graphql/filters.js';
import { generateDataset } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';

// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let db: TestDatabase;
let schema: GraphQLSchema;
/** A two-character term no generated text has, written into a few evaluations' comments. */
const RARE = '鰻鱧';

beforeAll(async () => {
  db = await createTestDatabase();
  schema = await createSchema();
  for (let i = 1; i <= 3; i++) await importDataset(db.orm, generateDataset({ seed: 11, municipalityIndex: i, years: 4, startYear: 2021 }));
  await db.query(`update evaluation set comment = coalesce(comment, '') || '${RARE}の調査' where id in (select id from evaluation order by id desc limit 3)`);
  await db.query(`analyze`);
}, 600_000);
afterAll(async () => {
  await db?.drop();
});

/** Every page of the API's search over every city, as evaluation ids in its order. */
async function searched(term: string): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await graphql({
      schema,
      source: `query($f: EvaluationFilter, $a: String) { evaluations(filter: $f, first: 500, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      variableValues: { f: { search: term }, a: after },
      contextValue: createContext(db.orm.em.fork()),
    });
    if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const page = (r.data as any).evaluations;
    ids.push(...page.nodes.map((n: { id: string }) => Number(n.id)));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

/** The same search without the index: the texts and the subject's name matched row by row over the view. */
async function unindexed(term: string): Promise<number[]> {
  const op = likeOperator(term);
  const rows = await db.query<{ id: number }>(
    `select id from evaluation_subject
      where achievement ${op} $1 or issues ${op} $1 or response ${op} $1 or comment ${op} $1 or request ${op} $1 or subject_name ${op} $1
      order by fiscal_year, id`,
    [likePattern(term)],
  );
  return rows.map((r) => Number(r.id));
}

describe('the evaluation search through its bigram index', () => {
  it.each([
    ['防災', 'two characters, common'],
    [RARE, 'two characters, rare'],
    ['健康づくり', 'five characters'],
    ['の調査', 'across the bigrams of a longer term'],
    ['SNS', 'Latin letters (case-insensitive)'],
    ['の', 'one character: no bigram, the match alone'],
    ['どこにもない語句', 'no match'],
  ])('finds what the search without the index finds: %s (%s)', async (term) => {
    const expected = await unindexed(term);
    expect(await searched(term)).toEqual(expected);
    if (term === RARE) expect(expected).toHaveLength(3);
    if (term === '防災') expect(expected.length).toBeGreaterThan(50);
  }, 120_000);

  it('reads the first page over every city through the index (EXPLAIN)', async () => {
    const plan = async (term: string) => {
      const scope = evaluationScope(Object.assign(new EvaluationFilter(), { search: term }));
      const rows = (await db.orm.em.fork().execute(
        `explain select es.id from evaluation es where ${scope.where.join(' and ')} order by es.fiscal_year, es.id limit 21`,
        scope.bindings,
      )) as { 'QUERY PLAN': string }[];
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    const rare = await plan(RARE);
    console.log(`plan for "${RARE}":\n${rare}`);
    // The subjects' names through their bigram indexes (indicators, projects, policy nodes), the
    // evaluations through the texts' bigram index or in page order until the page is full.
    expect(rare).toMatch(/indicator_name_bigram_index/);
    expect(rare).toMatch(/project_name_bigram_index/);
    expect(rare).toMatch(/policy_node_name_bigram_index/);
    expect(rare).toMatch(/evaluation_search_bigram_index|evaluation_fiscal_year_id_index/);
    expect(rare).not.toMatch(/Seq Scan on evaluation/);
    // The texts' condition alone, as a count (no page order to follow): the bigram index serves a
    // two-character term, which a trigram index cannot.
    const scope = evaluationScope(Object.assign(new EvaluationFilter(), { search: RARE }));
    const texts = (await db.orm.em.fork().execute(`explain select count(*) from evaluation es where ${scope.where[0]!.replace(/ or es\.indicator_id[\s\S]*$/, ')')}`, scope.bindings.slice(0, 6))) as {
      'QUERY PLAN': string;
    }[];
    const textPlan = texts.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`plan for the texts of "${RARE}":\n${textPlan}`);
    expect(textPlan).toMatch(/Bitmap Index Scan on evaluation_search_bigram_index/);
    // A common term: the index, or the (fiscal year, id) order that stops at the page's end.
    const common = await plan('防災');
    console.log(`plan for "防災":\n${common}`);
    expect(common).toMatch(/evaluation_search_bigram_index|evaluation_fiscal_year_id_index/);
    // One character has no bigram: no index narrows it (the time budget bounds it).
    expect(await plan('の')).not.toMatch(/bigram_index/);
  }, 120_000);
});
