/**
 * The stage pairs kept per city (`stage_rollup`, `stage_difference`:
 * server/src/analytics/stage-rollup.ts) that `stageComparison` reads instead of pairing every
 * evaluation at request time (issue 21 item 6): equal to the comparison computed over the
 * evaluations after the bundled imports, for every city and over all of them, and kept current
 * by an edit in the edit's own transaction. Also the transitions' compact form, which the
 * response names. Against the built server (`npm run build -w server`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, firstAccount, makeUser } from '../support/api-client.js';
import { connect } from '../../server/src/db/database.js';
import { stagePairs, stageSummary, stageSummaryFromRollup } from '../../server/src/analytics/analytics.service.js';
import { EvaluationFilter, StageEnum, whereSql } from '../../server/src/graphql/filters.js';
import { execute } from '../../server/src/graphql/loaders.js';
import type { MikroORM } from '@mikro-orm/postgresql';

let server: RunningServer;
let orm: MikroORM;
let root: ApiClient;

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  orm = await connect(server.db.url);
  root = await firstAccount(server);
}, 240_000);
afterAll(async () => {
  await orm?.close(true);
  await server?.stop();
});

const filter = (f: Partial<EvaluationFilter>) => Object.assign(new EvaluationFilter(), f);

/** The comparison over the evaluations (no rollup): counts, and the differing pairs' base ids in page order. */
async function live(f: EvaluationFilter | undefined, base: StageEnum, compare: StageEnum) {
  const { from, scope } = stagePairs(f, base, compare);
  const em = orm.em.fork();
  const summary = await stageSummary(em, from, scope);
  const rows = (await execute(
    em,
    `select es.id from ${from} ${whereSql({ where: [...scope.where, 'cl.sort_order <> bl.sort_order'], bindings: [] })} order by es.fiscal_year, es.id`,
    scope.bindings,
  )) as { id: number }[];
  return { summary, differences: rows.map((r) => String(r.id)) };
}

const COMPARISON = `query($f: EvaluationFilter, $b: Stage!, $c: Stage!) { stageComparison(filter: $f, base: $b, compare: $c, first: 500) {
  compared agreed stricter moreLenient differences { totalCount nodes { base { id } compare { id } difference } pageInfo { hasNextPage } } } }`;

describe('stage pairs kept per city', () => {
  it('equal the comparison over the evaluations, for every city, year and pair of stages, and over every city', async () => {
    const cities = await server.db.query<{ code: string }>(`select code from municipality order by id`);
    const years = (await server.db.query<{ y: number }>(`select distinct fiscal_year as y from evaluation where scale_id is not null order by 1`)).map((r) => r.y);
    const pairs: [StageEnum, StageEnum][] = [
      [StageEnum.SELF, StageEnum.SECONDARY],
      [StageEnum.SECONDARY, StageEnum.SELF],
      [StageEnum.SECONDARY, StageEnum.EXTERNAL],
      [StageEnum.SELF, StageEnum.EXTERNAL],
    ];
    let compared = 0;
    const filters: (EvaluationFilter | undefined)[] = [undefined, ...cities.map((c) => filter({ municipalityCodes: [c.code] }))];
    for (const y of years.slice(-3)) filters.push(filter({ fiscalYears: { in: [y] } }));
    filters.push(filter({ subjectKinds: ['policy_node' as never], levelCodes: ['A', 'B'] }));
    for (const f of filters)
      for (const [b, c] of pairs) {
        const expected = await live(f, b, c);
        const rolled = await stageSummaryFromRollup(orm.em.fork(), f, b, c);
        expect(rolled, `${JSON.stringify(f)} ${b}→${c}`).toEqual(expected.summary);
        compared += expected.summary.compared;
      }
    // The bundled cities have stages to compare (綾瀬: three; the generated sample city: self, secondary, external).
    expect(compared).toBeGreaterThan(100);

    // Through the API, every city at once: the counts, and the page of differences in the same order.
    for (const [b, c] of pairs) {
      const expected = await live(undefined, b, c);
      const r = await root.gql(COMPARISON, { f: null, b: b.toUpperCase(), c: c.toUpperCase() });
      expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
      const s = r.data.stageComparison;
      expect({ compared: s.compared, agreed: s.agreed, stricter: s.stricter, moreLenient: s.moreLenient }).toEqual(expected.summary);
      expect(s.differences.totalCount).toBe(expected.differences.length);
      expect(s.differences.nodes.map((n: any) => n.base.id)).toEqual(expected.differences.slice(0, 500));
    }
  }, 300_000);

  it('are rebuilt by an edit in its transaction: a secondary rating written for a rated subject is compared at once', async () => {
    // A self rating of a policy node with no secondary rating that year, on a scale of at least two levels.
    const [e] = await server.db.query<{ id: number; policy_node_id: number; fiscal_year: number; scale_id: number; code: string; other: string; city: string }>(
      `select e.id, e.policy_node_id, e.fiscal_year, e.scale_id, l.code, m.code as city,
              (select o.code from rating_level o where o.scale_id = e.scale_id and o.sort_order > l.sort_order order by o.sort_order limit 1) as other
         from evaluation e join rating_level l on l.id = e.level_id join municipality m on m.id = e.municipality_id
        where e.stage = 'self' and e.subject_kind = 'policy_node'
          and exists (select 1 from rating_level o where o.scale_id = e.scale_id and o.sort_order > l.sort_order)
          and not exists (select 1 from evaluation s where s.policy_node_id = e.policy_node_id and s.fiscal_year = e.fiscal_year and s.stage = 'secondary')
        order by e.id limit 1`,
    );
    expect(e).toBeDefined();
    const f = { municipalityCodes: [e!.city], fiscalYears: { in: [e!.fiscal_year] } };
    const before = await root.gql(COMPARISON, { f, b: 'SELF', c: 'SECONDARY' });
    expect(before.data.stageComparison.differences.nodes.map((n: any) => n.base.id)).not.toContain(String(e!.id));

    const reviewer = await makeUser(root, 'reviewer-stages@a.jp', 'REVIEWER', e!.city);
    const saved = await reviewer.gql(`mutation ($i: SaveEvaluationInput!) { saveEvaluation(input: $i) { id } }`, {
      i: { subjectKind: 'POLICY_NODE', subjectId: String(e!.policy_node_id), fiscalYear: e!.fiscal_year, stage: 'SECONDARY', scaleId: String(e!.scale_id), levelCode: e!.other, comment: 'より厳しく評価' },
    });
    expect(saved.errors, saved.text.slice(0, 300)).toBeUndefined();

    // Another document than before (the answer cached before the edit is keyed by the old data version anyway).
    const after = await root.gql(`${COMPARISON} # after`, { f, b: 'SELF', c: 'SECONDARY' });
    const a = after.data.stageComparison;
    const b = before.data.stageComparison;
    expect(a.compared).toBe(b.compared + 1);
    expect(a.stricter).toBe(b.stricter + 1);
    const node = a.differences.nodes.find((n: any) => n.base.id === String(e!.id));
    expect(node).toMatchObject({ compare: { id: saved.data.saveEvaluation.id } });
    expect(node.difference).toBeGreaterThan(0);
    // …and still equal to the comparison over the evaluations.
    const expected = await live(filter(f), StageEnum.SELF, StageEnum.SECONDARY);
    expect({ compared: a.compared, agreed: a.agreed, stricter: a.stricter, moreLenient: a.moreLenient }).toEqual(expected.summary);
    expect(a.differences.nodes.map((n: any) => n.base.id)).toEqual(expected.differences);
  }, 120_000);
});

describe('a transition matrix over every city', () => {
  it('comes compact when asked (a count matrix per scale, equal to the cells), and the response says so', async () => {
    const [y] = await server.db.query<{ y: number }>(`select max(fiscal_year) as y from evaluation where stage = 'self' and level_id is not null`);
    const vars = { a: { fiscalYear: y!.y - 1, stage: 'SELF' }, b: { fiscalYear: y!.y, stage: 'SELF' } };
    const r = await root.gql(
      `query($a: TransitionSide!, $b: TransitionSide!) { transitions(from: $a, to: $b) {
         total scales { id levels { id } } matrices { scale { id } counts total } cells { scale { id } from { id } to { id } count } } }`,
      vars,
    );
    expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
    expect((r as any).extensions?.answerForms).toEqual({ transitions: 'compact' });
    const t = r.data.transitions;
    expect(t.matrices.length).toBeGreaterThan(1);
    let sum = 0;
    for (const m of t.matrices) {
      const levels = t.scales.find((s: any) => s.id === m.scale.id).levels.map((l: any) => l.id);
      expect(m.counts).toHaveLength(levels.length);
      levels.forEach((from: string, i: number) =>
        levels.forEach((to: string, j: number) => {
          const cell = t.cells.find((c: any) => c.scale.id === m.scale.id && c.from?.id === from && c.to?.id === to);
          expect(m.counts[i][j]).toBe(cell?.count ?? 0);
        }),
      );
      sum += m.total;
    }
    expect(sum).toBe(t.total);
    // The full form alone is not marked.
    const full = await root.gql(`query($a: TransitionSide!, $b: TransitionSide!) { transitions(from: $a, to: $b) { total cells { count } } }`, vars);
    expect((full as any).extensions?.answerForms).toBeUndefined();
  }, 60_000);
});

describe('the form of every answer that can be large over every city', () => {
  it('says when an answer is paginated or compact, per root field', async () => {
    const [y] = await server.db.query<{ y: number }>(`select max(fiscal_year) as y from evaluation where stage = 'self' and level_id is not null`);
    const r = await root.gql(
      `query($f: EvaluationFilter) {
         byCity: ratingDistribution(filter: $f, groupBy: [MUNICIPALITY]) { groups { municipality { code } levelCounts } }
         full: ratingDistribution(filter: $f, groupBy: [MUNICIPALITY]) { groups { counts { count } } }
         stageComparison(filter: $f, compare: SECONDARY, first: 5) { compared differences { totalCount } }
         ruleInconsistencies(filter: $f, first: 5) { nodes { value } }
         evaluations(filter: $f, first: 5) { nodes { id } }
       }`,
      { f: { fiscalYears: { in: [y!.y] } } },
    );
    expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
    expect((r as any).extensions?.answerForms).toEqual({
      byCity: 'compact',
      stageComparison: 'paginated',
      ruleInconsistencies: 'paginated',
      evaluations: 'paginated',
    });
  }, 60_000);
});

