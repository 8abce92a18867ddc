/**
 * The aggregations (database test): executed through the real schema against the bundled
 * datasets, with numbers checked against the data files (which the seed tests check against
 * the documents) and against direct SQL counts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEED_CITY, seededSchema } from '../support/seeded-schema.js';
import { countStatements } from '../support/statements.js';
import { generateDataset } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';
import type { Dataset } from '../../server/src/dataset/format.js';
import { achievementBands, ratingDistribution } from '../../server/src/analytics/analytics.service.js';
import { BandGroupBy, RatingGroupBy } from '../../server/src/analytics/analytics.types.js';
import { refreshRollups } from '../../server/src/analytics/rollups.js';
import { EvaluationFilter, StageEnum, SubjectFilter, SubjectKindEnum } from '../../server/src/graphql/filters.js';

const { ISESAKI, AYASE, TOKOROZAWA, SAMPLE } = SEED_CITY;
const seed = (name: string) => JSON.parse(readFileSync(resolve(__dirname, '../../data/seeds', name), 'utf8')) as Dataset;

const api = seededSchema();
const { run, q } = api;

/** Evaluation id → its subject's key and its scale's key, straight from the tables. */
async function evaluationKeys(): Promise<Map<string, { subject: string; scale: string | null; stage: string }>> {
  const rows = await api.db.query<{ id: number; subject: string; scale: string | null; stage: string }>(
    `select e.id, coalesce(pn.key, i.key, p.key) as subject, rs.key as scale, e.stage::text as stage
       from evaluation e left join policy_node pn on pn.id = e.policy_node_id left join indicator i on i.id = e.indicator_id
       left join project p on p.id = e.project_id left join rating_scale rs on rs.id = e.scale_id`,
  );
  return new Map(rows.map((r) => [String(r.id), { subject: r.subject, scale: r.scale, stage: r.stage }]));
}

const DISTRIBUTION = `query($f: EvaluationFilter, $g: [RatingGroupBy!]!, $d: Int) {
  ratingDistribution(filter: $f, groupBy: $g, policyDepth: $d) {
    groups { fiscalYear { year } stage total rated meanScore counts { level { code } count share } }
  }
}`;

describe('ratingDistribution', () => {
  it('compact form: each scale with all its levels in order (as the level table has them), levelCounts in that order', async () => {
    const d = await q(
      `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [FISCAL_YEAR, SCALE]) {
        scales { id levels { id code label description order score color } }
        groups { fiscalYear { year } scale { id } levelCounts counts { level { code } count } } } }`,
      { f: { municipalityCodes: [SAMPLE] } },
    );
    const { scales, groups } = d.ratingDistribution;
    expect(scales.length).toBeGreaterThanOrEqual(2);
    for (const sc of scales) {
      const rows = await api.db.query<Record<string, unknown>>(
        `select id::text as id, code, label, description, sort_order as order, score, color from rating_level where scale_id = $1 order by sort_order, id`,
        [Number(sc.id)],
      );
      expect(sc.levels).toEqual(rows);
    }
    const levelsOf = new Map<string, { code: string }[]>(scales.map((sc: any) => [sc.id, sc.levels]));
    for (const g of groups) {
      const byCode = new Map<string, number>(g.counts.filter((c: any) => c.level).map((c: any) => [c.level.code, c.count]));
      expect(g.levelCounts).toEqual(levelsOf.get(g.scale.id)!.map((l) => byCode.get(l.code) ?? 0));
    }
  });

  it('伊勢崎: overall ratings (施策の目標) per 基本政策, as counted from the data file', async () => {
    const data = seed('isesaki-004.json');
    const parent = new Map(data.policyNodes.map((n) => [n.key, n.parent]));
    const root = (k: string): string => (parent.get(k) ? root(parent.get(k)!) : k);
    const expected: Record<string, Record<string, number>> = {};
    for (const n of data.policyNodes.filter((x) => x.depth === 1)) expected[n.code!] = { A: 0, B: 0, C: 0, D: 0 };
    for (const e of data.evaluations.filter((x) => x.scale === 'isesaki-goal' && x.level)) {
      const top = data.policyNodes.find((n) => n.key === root((e.subject as { policyNode: string }).policyNode))!;
      expected[top.code!]![e.level!]!++;
    }
    const d = await q(
      `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [POLICY_NODE], policyDepth: 1) {
        groups { policyNode { code depth name } scale { key } total rated meanScore counts { level { code order } count share } } } }`,
      { f: { municipalityCodes: [ISESAKI], scaleKeys: ['isesaki-goal'] } },
    );
    const got: Record<string, Record<string, number>> = {};
    for (const g of d.ratingDistribution.groups) {
      expect(g.policyNode.depth).toBe(1);
      expect(g.scale.key).toBe('isesaki-goal');
      expect(g.counts.map((c: { level: { code: string } }) => c.level.code)).toEqual(['A', 'B', 'C', 'D']); // zero counts included, in order
      got[g.policyNode.code] = Object.fromEntries(g.counts.map((c: { level: { code: string }; count: number }) => [c.level.code, c.count]));
      const shares = g.counts.reduce((s: number, c: { share: number }) => s + c.share, 0);
      expect(shares).toBeCloseTo(1, 10);
    }
    expect(got).toEqual(expected);
    const total = d.ratingDistribution.groups.reduce((s: number, g: { total: number }) => s + g.total, 0);
    expect(total).toBe(41); // 41 measures, each with an overall rating (isesaki.test.ts)
  });

  it('綾瀬: per stage, as printed (self A2 B16 C3, secondary A1 B16 C4, external A1 B9 C1)', async () => {
    const d = await q(DISTRIBUTION, { f: { municipalityCodes: [AYASE], scaleKeys: ['ayase-progress'] }, g: ['STAGE'] });
    const by = Object.fromEntries(
      d.ratingDistribution.groups.map((g: any) => [g.stage, Object.fromEntries(g.counts.map((c: any) => [c.level.code, c.count]))]),
    );
    expect(by).toEqual({
      SELF: { A: 2, B: 16, C: 3, D: 0 },
      SECONDARY: { A: 1, B: 16, C: 4, D: 0 },
      EXTERNAL: { A: 1, B: 9, C: 1, D: 0 },
    });
    const self = d.ratingDistribution.groups.find((g: any) => g.stage === 'SELF');
    expect(self.meanScore).toBeCloseTo((2 * 4 + 16 * 3 + 3 * 2) / 21, 10); // A4 B3 C2 D1
    // the related projects' 達成状況 are self ratings on their own scale, counted in their own group
    const projects = await q(DISTRIBUTION, { f: { municipalityCodes: [AYASE], scaleKeys: ['ayase-project-achievement'] }, g: ['STAGE'] });
    expect(projects.ratingDistribution.groups.map((g: any) => [g.stage, g.total, Object.fromEntries(g.counts.map((c: any) => [c.level.code, c.count]))])).toEqual([
      ['SELF', 24, { A: 6, B: 18, C: 0, D: 0 }],
    ]);
  });

  it('total counts unrated evaluations, rated does not (サンプル市 outlook "-" has no score)', async () => {
    const d = await q(DISTRIBUTION, { f: { municipalityCodes: [SAMPLE], scaleKeys: ['outlook'], fiscalYears: { in: [2020] } }, g: [] });
    const [g] = d.ratingDistribution.groups;
    const [{ n, rated, unrated }] = await api.db.query<{ n: number; rated: number; unrated: number }>(
      `select count(*)::int n, count(level_id)::int rated, count(*) filter (where level_id is null)::int unrated
         from evaluation_subject es join municipality m on m.id = es.municipality_id
        where m.code = $1 and es.scale_key = 'outlook' and es.fiscal_year = 2020`,
      [SAMPLE],
    );
    expect(g.total).toBe(n);
    expect(g.rated).toBe(rated);
    expect(g.total - g.rated).toBe(unrated);
  });

  it('issues ONE SQL statement whatever the number of groups', async () => {
    const statements = countStatements(api.db.orm);
    try {
      const count = async (variables: Record<string, unknown>) => {
        statements.reset();
        const d = await q(DISTRIBUTION, variables);
        return { statements: statements.count, groups: d.ratingDistribution.groups.length };
      };
      const few = await count({ f: { municipalityCodes: [AYASE] }, g: ['MUNICIPALITY'] });
      const many = await count({ f: { municipalityCodes: [SAMPLE] }, g: ['FISCAL_YEAR', 'STAGE', 'POLICY_NODE', 'DEPARTMENT'], d: 3 });
      expect(few.groups).toBe(2); // one per scale: the STEPs' progress and the projects' 達成状況
      expect(many.groups).toBeGreaterThan(200);
      expect(few.statements).toBe(1);
      expect(many.statements).toBe(1);
    } finally {
      statements.stop();
    }
  });

  it('refuses a policy depth outside 1-10 with BAD_USER_INPUT', async () => {
    const r = await run(DISTRIBUTION, { g: ['POLICY_NODE'], d: 0 });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDepth' });
  });
});

describe('stageComparison', () => {
  it('綾瀬: secondary differs from self where the data file says so (and is stricter there)', async () => {
    const data = seed('ayase-000.json');
    const level = new Map(data.evaluations.map((e) => [`${(e.subject as { policyNode: string }).policyNode}|${e.stage}`, e.level]));
    const expected = data.evaluations
      .filter((e) => e.stage === 'self')
      .map((e) => (e.subject as { policyNode: string }).policyNode)
      .filter((k) => level.has(`${k}|secondary`) && level.get(`${k}|secondary`) !== level.get(`${k}|self`))
      .sort();
    expect(expected).toEqual(['ayase-sp-sasaeru4-d2-step1', 'ayase-sp-sodateru2-d1-step1']); // A→B, B→C
    const d = await q(
      `query($f: EvaluationFilter) { stageComparison(filter: $f, compare: SECONDARY) {
        base compare compared agreed stricter moreLenient
        differences { totalCount nodes { difference stricter base { id stage level { code } } compare { id stage level { code } } } } } }`,
      { f: { municipalityCodes: [AYASE] } },
    );
    const s = d.stageComparison;
    expect(s).toMatchObject({ base: 'SELF', compare: 'SECONDARY', compared: 21, agreed: 19, stricter: 2, moreLenient: 0 });
    expect(s.differences.totalCount).toBe(2);
    const keys = await evaluationKeys();
    expect(s.differences.nodes.map((n: any) => keys.get(n.base.id)!.subject).sort()).toEqual(expected);
    for (const n of s.differences.nodes) {
      expect(n.base.stage).toBe('SELF');
      expect(n.compare.stage).toBe('SECONDARY');
      expect(keys.get(n.compare.id)!.subject).toBe(keys.get(n.base.id)!.subject);
      expect(n.difference).toBe(1);
      expect(n.stricter).toBe(true);
      expect(n.compare.level.code).toBe(level.get(`${keys.get(n.base.id)!.subject}|secondary`));
    }
  });

  it('pages with first/after', async () => {
    const query = `query($after: String) { stageComparison(filter: { municipalityCodes: ["${SAMPLE}"] }, compare: SECONDARY, first: 25, after: $after) {
      differences { totalCount nodes { base { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      const d: any = await q(query, { after });
      const page = d.stageComparison.differences;
      total = page.totalCount;
      for (const n of page.nodes) seen.add(n.base.id);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(25);
    expect(seen.size).toBe(total);
  });
});

describe('transitions', () => {
  it('サンプル市 FY2020 → FY2024 (self): every cell equals a direct SQL count', async () => {
    const d = await q(
      `query($f: EvaluationFilter) { transitions(filter: $f, from: { fiscalYear: 2020, stage: SELF }, to: { fiscalYear: 2024, stage: SELF }) {
        total onlyFrom onlyTo levels { code } scales { key }
        cells { scale { key } from { code } to { code } count subjects(first: 3) { subjectName from { fiscalYear { year } } to { fiscalYear { year } } } } } }`,
      { f: { municipalityCodes: [SAMPLE] } },
    );
    const t = d.transitions;
    const rows = await api.db.query<{ scale: string; f: string | null; t: string | null; n: number }>(
      `select f.scale_key as scale, f.level_code as f, t.level_code as t, count(*)::int as n
         from evaluation_subject f
         join evaluation_subject t on t.subject_kind = f.subject_kind
          and coalesce(t.policy_node_id, t.indicator_id, t.project_id) = coalesce(f.policy_node_id, f.indicator_id, f.project_id)
          and t.scale_id = f.scale_id
         join municipality m on m.id = f.municipality_id
        where m.code = $1 and f.fiscal_year = 2020 and t.fiscal_year = 2024 and f.stage = 'self' and t.stage = 'self'
        group by 1, 2, 3`,
      [SAMPLE],
    );
    const sqlCells = Object.fromEntries(rows.map((r) => [`${r.scale}|${r.f}|${r.t}`, r.n]));
    const apiCells = Object.fromEntries(
      t.cells.filter((c: any) => c.count > 0).map((c: any) => [`${c.scale.key}|${c.from?.code ?? null}|${c.to?.code ?? null}`, c.count]),
    );
    expect(apiCells).toEqual(sqlCells);
    expect(t.total).toBe(rows.reduce((s, r) => s + r.n, 0));
    expect(t.total).toBeGreaterThan(100);
    expect(t.scales.map((s: any) => s.key).sort()).toEqual(['outlook', 'progress']);
    // every level pair of a scale is a cell, zero counts included
    expect(t.cells.filter((c: any) => c.scale.key === 'progress' && c.from && c.to)).toHaveLength(16);
    for (const c of t.cells.filter((x: any) => x.count > 0)) {
      expect(c.subjects.length).toBe(Math.min(3, c.count));
      expect(c.subjects[0].from.fiscalYear.year).toBe(2020);
      expect(c.subjects[0].to.fiscalYear.year).toBe(2024);
    }
    const [{ only_from, only_to }] = await api.db.query<{ only_from: number; only_to: number }>(
      `with s as (select es.subject_kind, coalesce(es.policy_node_id, es.indicator_id, es.project_id) sid, es.scale_id, es.fiscal_year
                    from evaluation_subject es join municipality m on m.id = es.municipality_id
                   where m.code = $1 and es.stage = 'self' and es.scale_id is not null and es.fiscal_year in (2020, 2024))
       select count(*) filter (where fiscal_year = 2020 and not exists (select 1 from s t where t.fiscal_year = 2024 and t.subject_kind = s.subject_kind and t.sid = s.sid and t.scale_id = s.scale_id))::int as only_from,
              count(*) filter (where fiscal_year = 2024 and not exists (select 1 from s t where t.fiscal_year = 2020 and t.subject_kind = s.subject_kind and t.sid = s.sid and t.scale_id = s.scale_id))::int as only_to
         from s`,
      [SAMPLE],
    );
    expect(t.onlyFrom).toBe(only_from);
    expect(t.onlyTo).toBe(only_to);
  });

  it('reads the scales’ levels in its one statement: the cells and levels are those of the stored scales, in their order', async () => {
    const statements = countStatements(api.db.orm);
    try {
      for (const [code, from, to] of [
        [SAMPLE, { fiscalYear: 2020, stage: 'SELF' }, { fiscalYear: 2024, stage: 'SELF' }],
        [AYASE, { fiscalYear: 2023, stage: 'SELF' }, { fiscalYear: 2023, stage: 'SECONDARY' }],
      ] as const) {
        const query = (scale: boolean) =>
          q(
            `query($f: EvaluationFilter, $a: TransitionSide!, $b: TransitionSide!) { transitions(filter: $f, from: $a, to: $b) {
              total levels { id code label order score color } cells { ${scale ? 'scale { id }' : ''} from { id code } to { id code } count } } }`,
            { f: { municipalityCodes: [code] }, a: from, b: to },
          );
        // The compare view's shape: one statement, the levels included.
        statements.reset();
        const plain = await query(false);
        expect(statements.count, code).toBe(1);
        const d = await query(true);
        expect(d.transitions.levels).toEqual(plain.transitions.levels);
        const t = d.transitions;
        const scaleIds: number[] = [...new Set<number>(t.cells.map((c: any) => Number(c.scale.id)))];
        expect(scaleIds.length).toBeGreaterThan(0);
        const stored = await api.db.query<{ id: number; code: string; label: string; order: number; score: number | null; color: string | null }>(
          `select l.id, l.code, l.label, l.sort_order as order, l.score, l.color from rating_level l
            where l.scale_id = any($1) order by array_position($1, l.scale_id), l.sort_order, l.id`,
          [scaleIds],
        );
        expect(t.levels).toEqual(stored.map((l) => ({ ...l, id: String(l.id) })));
        const levelCount = new Map<number, number>();
        for (const l of await api.db.query<{ scale_id: number }>(`select scale_id from rating_level where scale_id = any($1)`, [scaleIds]))
          levelCount.set(l.scale_id, (levelCount.get(l.scale_id) ?? 0) + 1);
        for (const s of scaleIds) expect(t.cells.filter((c: any) => Number(c.scale.id) === s && c.from && c.to)).toHaveLength(levelCount.get(s)! ** 2);
      }
    } finally {
      statements.stop();
    }
  });

  it('綾瀬 self → secondary in FY2023 (two stages, same year): 19 on the diagonal', async () => {
    const d = await q(
      `{ transitions(filter: { municipalityCodes: ["${AYASE}"], scaleKeys: ["ayase-progress"] }, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2023, stage: SECONDARY }) {
        total onlyFrom onlyTo cells { from { code } to { code } count } } }`,
    );
    const t = d.transitions;
    // without the scale, the 24 projects rated only by their department are on the self side alone
    const all = await q(
      `{ transitions(filter: { municipalityCodes: ["${AYASE}"] }, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2023, stage: SECONDARY }) { total onlyFrom onlyTo } }`,
    );
    expect(all.transitions).toEqual({ total: 21, onlyFrom: 24, onlyTo: 0 });
    expect(t).toMatchObject({ total: 21, onlyFrom: 0, onlyTo: 0 });
    const diagonal = t.cells.filter((c: any) => c.from.code === c.to.code).reduce((s: number, c: any) => s + c.count, 0);
    expect(diagonal).toBe(19);
    expect(t.cells.find((c: any) => c.from.code === 'A' && c.to.code === 'B').count).toBe(1);
    expect(t.cells.find((c: any) => c.from.code === 'B' && c.to.code === 'C').count).toBe(1);
  });
});

describe('rule checks', () => {
  // The disagreements tests/seeds/isesaki.test.ts documents (printed vs the city's rule).
  const BANDS: Record<string, [string, string]> = {
    '1-1-1-i1': ['C', 'D'], '1-2-2-i1': ['D', 'B'], '1-2-4-i2': ['B', 'D'], '2-1-4-i1': ['A', 'B'], '2-2-2-i1': ['C', 'B'],
    '3-1-3-i1': ['A', 'B'], '3-1-4-i1': ['A', 'B'], '4-1-1-i1': ['C', 'B'], '4-1-2-i1': ['C', 'B'], '4-2-1-i1': ['B', 'D'],
    '4-2-1-i2': ['B', 'D'], '4-2-3-i1': ['C', 'D'], '4-2-4-i1': ['A', 'C'], '4-2-5-i1': ['B', 'D'], '4-2-5-i2': ['B', 'C'],
    '4-2-5-i3': ['B', 'C'], '5-1-2-i1': ['B', 'A'], '5-1-2-i2': ['C', 'D'], '5-1-3-i1': ['D', 'B'], '5-1-3-i2': ['A', 'B'],
    '5-2-2-i3': ['B', 'A'],
  };
  const QUANTITATIVE: Record<string, [string, string | null]> = { '2-1-4': ['中', '高'], '2-2-3': ['低', null], '3-1-4': ['中', '高'], '3-2-1': ['低', '高'] };
  const QUALITATIVE: Record<string, [string, string | null]> = { '1-2-3': ['中', '高'] };

  it('伊勢崎: ruleInconsistencies is exactly the documented list of disagreements', async () => {
    const d = await q(
      `query($f: EvaluationFilter) { ruleInconsistencies(filter: $f, first: 500) {
        totalCount nodes { evaluation { id } printed { code } computed { code } agrees explanation value } pageInfo { hasNextPage } } }`,
      { f: { municipalityCodes: [ISESAKI] } },
    );
    const keys = await evaluationKeys();
    const got: Record<string, Record<string, [string | null, string | null]>> = {};
    for (const n of d.ruleInconsistencies.nodes) {
      const k = keys.get(n.evaluation.id)!;
      expect(n.agrees).toBe(false);
      (got[k.scale!] ??= {})[k.subject] = [n.printed?.code ?? null, n.computed?.code ?? null];
    }
    expect(got).toEqual({ 'isesaki-outlook': BANDS, 'isesaki-quantitative': QUANTITATIVE, 'isesaki-qualitative': QUALITATIVE });
    expect(d.ruleInconsistencies.totalCount).toBe(21 + 4 + 1);
    expect(d.ruleInconsistencies.pageInfo.hasNextPage).toBe(false);
    const explain = (subject: string) =>
      d.ruleInconsistencies.nodes.find((n: any) => keys.get(n.evaluation.id)!.subject === subject).explanation as string;
    expect(explain('1-1-1-i1')).toBe('達成率55.4%（実績5,900人／目標10,650人）→ D'); // L28
    expect(explain('3-1-3-i1')).toBe('達成率98.6%（目標1,400件 (R6年)／実績1,420件 (R4年)、小さいほど良い）→ B'); // L120
    expect(explain('2-2-3')).toBe('入力となる評価がありません（除外: -,-） → 判定なし'); // L105: both indicators printed "-" 
    expect(explain('1-2-3')).toMatch(/^平均2\.67点（(高|中),(高|中),(高|中)）→ 高$/); // L47
  });

  it('伊勢崎: Evaluation.ruleCheck agrees for a consistent measure and explains it', async () => {
    // 1-1-1: indicators C, B, B → mean (1+2+2)/3 = 1.67 > 1.5 → 中 (定量評価), as printed
    const [row] = await api.db.query<{ id: number; level: string }>(
      `select e.id, rl.code as level from evaluation e join policy_node pn on pn.id = e.policy_node_id
         join rating_scale rs on rs.id = e.scale_id join rating_level rl on rl.id = e.level_id
        where pn.key = '1-1-1' and rs.key = 'isesaki-quantitative'`,
    );
    const d = await q(`query($id: ID!) { evaluation(id: $id) { ruleCheck { printed { code } computed { code } agrees explanation value } } }`, {
      id: String(row!.id),
    });
    expect(d.evaluation.ruleCheck).toMatchObject({ printed: { code: row!.level }, computed: { code: '中' }, agrees: true, explanation: '平均1.67点（C,B,B）→ 中' });
    expect(d.evaluation.ruleCheck.value).toBeCloseTo(5 / 3, 10);
  });

  it('a scale without a rule has no rule check (綾瀬)', async () => {
    const d = await q(`{ evaluations(filter: { municipalityCodes: ["${AYASE}"] }, first: 5) { nodes { ruleCheck { agrees } } } }`);
    expect(d.evaluations.nodes.map((n: any) => n.ruleCheck)).toEqual([null, null, null, null, null]);
  });

  it('サンプル市: the generator’s deliberate disagreements are found, and each one disagrees by its own explanation', async () => {
    const d = await q(`{ ruleInconsistencies(filter: { municipalityCodes: ["${SAMPLE}"] }, first: 500) { totalCount nodes { printed { code } computed { code } explanation } } }`);
    const r = d.ruleInconsistencies;
    // The generator's own derivation (server/src/dataset/generate.ts): the actual against that
    // year's target or the next printed one; printed ratings are ~3 % off by one level on purpose.
    const data = seed('generated-sample-city.json');
    const band = (p: number) => (p >= 100 ? 'A' : p >= 80 ? 'B' : p >= 60 ? 'C' : 'D');
    let expected = 0;
    for (const e of data.evaluations.filter((x) => x.scale === 'outlook')) {
      const i = data.indicators.find((x) => x.key === (e.subject as { indicator: string }).indicator)!;
      const a = i.values.find((v) => v.kind === 'actual' && v.fiscalYear === e.fiscalYear);
      const t = i.values.filter((v) => v.kind === 'target' && v.fiscalYear >= e.fiscalYear).sort((x, y) => x.fiscalYear - y.fiscalYear)[0]!;
      let truth = '-';
      if (a?.value != null) {
        const p =
          t.qualifier === 'at_most' ? (a.value <= t.value! ? 100 : (t.value! / a.value) * 100)
          : i.direction === 'lower_is_better' ? (t.value! / a.value) * 100
          : (a.value / t.value!) * 100;
        truth = band(p);
      }
      if (truth !== e.level) expected++;
    }
    expect(expected).toBeGreaterThan(0);
    expect(r.totalCount).toBe(expected);
    for (const n of r.nodes) {
      expect(n.printed?.code).not.toBe(n.computed?.code);
      expect(n.explanation.endsWith(`→ ${n.computed?.code ?? '判定なし'}`)).toBe(true);
    }
  });
});

describe('achievement', () => {
  it('所沢: indicatorSeries gives the printed achievement rates (50.2 / 53.6 = 93.7 %)', async () => {
    const rows = await api.db.query<{ id: number; key: string }>(
      `select i.id, i.key from indicator i join municipality m on m.id = i.municipality_id where m.code = $1 order by i.id`,
      [TOKOROZAWA],
    );
    expect(rows.length).toBe(10);
    const d = await q(
      `query($ids: [ID!]!) { indicatorSeries(ids: $ids) { indicator { id key }
        points { fiscalYear { year } actual { value printedAchievement printedAchievementText } target { value } targetUsed { value fiscalYear { year } } achievement achieved } } }`,
      { ids: rows.map((r) => String(r.id)) },
    );
    let checked = 0;
    for (const s of d.indicatorSeries) {
      for (const p of s.points) {
        if (p.actual?.printedAchievement == null) continue;
        const printed: number = p.actual.printedAchievement;
        const decimals = String(p.actual.printedAchievementText ?? printed).includes('.') ? 1 : 0;
        const f = 10 ** decimals;
        expect(Math.round(p.achievement * f) / f, `${s.indicator.key} ${p.fiscalYear.year}`).toBe(printed);
        checked++;
      }
    }
    expect(checked).toBe(10);
    const kanshin = d.indicatorSeries.find((s: any) => s.indicator.key === 'tokorozawa-kizuna-kpi-kanshin');
    const p2017 = kanshin.points.find((p: any) => p.fiscalYear.year === 2017);
    expect(Math.round(p2017.achievement * 10) / 10).toBe(93.7);
    expect(p2017).toMatchObject({ achieved: false, targetUsed: { value: 53.6, fiscalYear: { year: 2017 } } });
    // FY2014 has a baseline only: no actual, so no rate; the target used is the nearest later one (2017)
    const p2014 = kanshin.points.find((p: any) => p.fiscalYear.year === 2014);
    expect(p2014).toMatchObject({ achievement: null, achieved: null, targetUsed: { fiscalYear: { year: 2017 } } });
  });

  it('Indicator.series is the same series, batched', async () => {
    const d = await q(`{ indicators(filter: { municipalityCodes: ["${TOKOROZAWA}"] }, first: 3) { nodes { key series { points { fiscalYear { year } achievement } } } } }`);
    expect(d.indicators.nodes).toHaveLength(3);
    for (const n of d.indicators.nodes) expect(n.series.points.length).toBeGreaterThan(0);
  });

  it('achievementBands: 伊勢崎 FY2022 uses the city’s bands (R4 actual vs R6 target) and counts the unmeasured', async () => {
    const d = await q(
      `{ achievementBands(filter: { municipalityCodes: ["${ISESAKI}"] }, fiscalYear: 2022, groupBy: [POLICY_NODE], policyDepth: 1) {
        bands { key label minPercent maxPercent }
        groups { policyNode { code } total measured counts { band { key } count share indicators(first: 100) { indicator { key } achievement } } } } }`,
    );
    const a = d.achievementBands;
    expect(a.bands.map((b: any) => b.key)).toEqual(['A', 'B', 'C', 'D', 'NOT_MEASURED']);
    expect(a.bands[1]).toMatchObject({ label: 'B（80%以上100%未満）', minPercent: 80, maxPercent: 100 });
    expect(a.groups.map((g: any) => g.policyNode.code).sort()).toEqual(['1', '2', '3', '4', '5']);
    const total = a.groups.reduce((s: number, g: any) => s + g.total, 0);
    const measured = a.groups.reduce((s: number, g: any) => s + g.measured, 0);
    expect(total).toBe(73); // every indicator row of the document
    // the band of each indicator recomputed from the data file (A ≥100, B ≥80, C ≥60, D <60)
    const data = seed('isesaki-004.json');
    const expected: Record<string, string> = {};
    for (const i of data.indicators) {
      const av = i.values.find((v) => v.kind === 'actual' && v.fiscalYear === 2022)?.value;
      const tv = i.values.find((v) => v.kind === 'target' && v.fiscalYear === 2024)?.value;
      if (av == null || tv == null) {
        expected[i.key] = 'NOT_MEASURED';
        continue;
      }
      const rate = i.direction === 'lower_is_better' ? (tv / av) * 100 : (av / tv) * 100;
      expected[i.key] = rate >= 100 ? 'A' : rate >= 80 ? 'B' : rate >= 60 ? 'C' : 'D';
    }
    const got: Record<string, string> = {};
    for (const g of a.groups) for (const c of g.counts) for (const x of c.indicators) got[x.indicator.key] = c.band.key;
    expect(got).toEqual(expected);
    expect(measured).toBe(Object.values(expected).filter((b) => b !== 'NOT_MEASURED').length);
    // Without the indicators behind the bands (computed from fewer columns): the same counts.
    const light = await q(
      `{ achievementBands(filter: { municipalityCodes: ["${ISESAKI}"] }, fiscalYear: 2022, groupBy: [POLICY_NODE], policyDepth: 1) {
        groups { policyNode { code } total measured counts { band { key } count share } } } }`,
    );
    const strip = (groups: any[]) =>
      groups.map((g) => ({ code: g.policyNode.code, total: g.total, measured: g.measured, counts: g.counts.map((c: any) => [c.band.key, c.count, c.share]) }));
    expect(strip(light.achievementBands.groups)).toEqual(strip(a.groups));
  });

  it('achievementBands counts alone (one statement with each rate’s inputs) equal those with the indicators behind them, for every city and year', async () => {
    const years = await api.db.query<{ code: string; fiscal_year: number }>(
      `select distinct m.code, v.fiscal_year from indicator_value v join municipality m on m.id = v.municipality_id where v.kind = 'actual' order by 1, 2`,
    );
    expect(new Set(years.map((y) => y.code)).size).toBeGreaterThanOrEqual(3);
    const counts = (r: Awaited<ReturnType<typeof achievementBands>>) =>
      r.groups.map((g) => ({ keys: [g.policyNodeId, g.departmentId, g.municipalityId], total: g.total, measured: g.measured, counts: g.counts.map((c) => [c.band.key, c.count]) }));
    let measured = 0;
    for (const { code, fiscal_year: year } of years) {
      const f = Object.assign(new SubjectFilter(), { municipalityCodes: [code], includeSubtree: true, includeSubDepartments: true });
      for (const [groupBy, depth] of [[[BandGroupBy.POLICY_NODE], 1], [[BandGroupBy.DEPARTMENT, BandGroupBy.MUNICIPALITY], null]] as const) {
        const full = await achievementBands(api.db.orm.em.fork(), f, year, [...groupBy], depth, true);
        const light = await achievementBands(api.db.orm.em.fork(), f, year, [...groupBy], depth, false);
        expect(counts(light), `${code} ${year} ${groupBy.join(',')}`).toEqual(counts(full));
        measured += full.groups.reduce((n, g) => n + g.measured, 0);
      }
    }
    expect(measured).toBeGreaterThan(100);
  });

  it('achievementBands by policy node names its nodes from its own statement, at a depth and at the node itself', async () => {
    const [{ year }] = await api.db.query<{ year: number }>(
      `select max(v.fiscal_year) as year from indicator_value v join municipality m on m.id = v.municipality_id where m.code = $1 and v.kind = 'actual'`,
      [SAMPLE],
    );
    const statements = countStatements(api.db.orm);
    try {
      for (const depth of [1, 2, null]) {
        for (const withIndicators of [false, true]) {
          statements.reset();
          const d = await q(
            `query($y: Int!, $d: Int) { achievementBands(filter: { municipalityCodes: ["${SAMPLE}"] }, fiscalYear: $y, groupBy: [POLICY_NODE], policyDepth: $d) {
              groups { policyNode { id key code name depth } total counts { count ${withIndicators ? 'indicators(first: 5) { indicator { id } }' : ''} } } } }`,
            { y: year, d: depth },
          );
          // The bands (and, with the indicators behind them, their values): the nodes need no statement.
          expect(statements.count, `depth ${depth}, indicators ${withIndicators}`).toBe(withIndicators ? 2 : 1);
          const groups = d.achievementBands.groups as { policyNode: { id: string; key: string; code: string | null; name: string; depth: number } | null; total: number }[];
          expect(groups.length).toBeGreaterThan(depth === 1 ? 3 : 10);
          const ids = groups.map((g) => Number(g.policyNode!.id));
          expect(new Set(ids).size).toBe(ids.length);
          const stored = await api.db.query<{ id: number; key: string; code: string | null; name: string; depth: number }>(
            `select id, key, code, name, depth from policy_node where id = any($1) order by id`,
            [ids],
          );
          expect(groups.map((g) => g.policyNode).sort((a, b) => Number(a!.id) - Number(b!.id))).toEqual(stored.map((n) => ({ ...n, id: String(n.id) })));
          if (depth !== null) for (const g of groups) expect(g.policyNode!.depth).toBe(depth);
        }
      }
    } finally {
      statements.stop();
    }
  });

  it('achievementBands over every city: one group per city, every indicator counted once', async () => {
    const d = await q(`{ achievementBands(fiscalYear: 2022, groupBy: [MUNICIPALITY]) { bands { key } groups { municipality { code } total measured counts { band { key } count } } } }`);
    const [{ n }] = await api.db.query<{ n: number }>(`select count(*)::int as n from indicator`);
    const groups = d.achievementBands.groups;
    expect(groups.reduce((s: number, g: any) => s + g.total, 0)).toBe(n);
    expect(new Set(groups.map((g: any) => g.municipality.code)).size).toBe(groups.length);
    for (const g of groups) expect(g.counts.reduce((s: number, c: any) => s + c.count, 0)).toBe(g.total);
  });
});

// ---- the rating rollup (issue 8) -----------------------------------------------------------

describe('rating rollup', () => {
  const filter = (f: Partial<EvaluationFilter>) => Object.assign(new EvaluationFilter(), { includeSubtree: true, includeSubDepartments: true }, f);
  const both = async (f: EvaluationFilter | undefined, g: RatingGroupBy[], depth: number | null = null) => {
    const viaRollup = await ratingDistribution(api.db.orm.em.fork(), f, g, depth);
    const viaBase = await ratingDistribution(api.db.orm.em.fork(), f, g, depth, { rollups: false });
    return { viaRollup: JSON.parse(JSON.stringify(viaRollup)), viaBase: JSON.parse(JSON.stringify(viaBase)) };
  };

  it('answers every distribution exactly as the base tables do', async () => {
    const roots = (await api.db.query<{ id: number }>(`select id from policy_node where parent_id is null order by id limit 3`)).map((r) => String(r.id));
    const [dept] = await api.db.query<{ id: number }>(`select d.id from department d where exists (select 1 from department c where c.parent_id = d.id) order by id limit 1`);
    const [plan] = await api.db.query<{ id: number }>(`select plan_id as id from policy_node group by 1 order by count(*) desc limit 1`);
    const scaleKeys = (await api.db.query<{ key: string }>(`select distinct key from rating_scale order by 1 limit 3`)).map((r) => r.key);
    const filters: (EvaluationFilter | undefined)[] = [
      undefined,
      filter({ municipalityCodes: [ISESAKI] }),
      filter({ municipalityCodes: [SAMPLE, AYASE], stages: [StageEnum.SELF] }),
      filter({ fiscalYears: { from: 2020, to: 2023 } }),
      filter({ fiscalYears: { in: [2021, 2022] }, stages: [StageEnum.SELF, StageEnum.SECONDARY] }),
      filter({ scaleKeys }),
      filter({ levelCodes: ['A', 'B', '高'] }),
      filter({ subjectKinds: [SubjectKindEnum.INDICATOR, SubjectKindEnum.PROJECT] }),
      filter({ uncertain: true }),
      filter({ uncertain: false, municipalityCodes: [TOKOROZAWA] }),
      filter({ policyNodeIds: roots }),
      filter({ departmentIds: [String(dept!.id)] }),
      filter({ departmentIds: [String(dept!.id)], includeSubDepartments: false }),
      filter({ planIds: [String(plan!.id)] }),
    ];
    const groupings: [RatingGroupBy[], number | null][] = [
      [[], null],
      [[RatingGroupBy.FISCAL_YEAR], null],
      [[RatingGroupBy.DEPARTMENT, RatingGroupBy.FISCAL_YEAR], null],
      [[RatingGroupBy.POLICY_NODE], 1],
      [[RatingGroupBy.STAGE, RatingGroupBy.MUNICIPALITY, RatingGroupBy.SCALE], null],
    ];
    let nonEmpty = 0;
    for (const f of filters) {
      for (const [g, d] of groupings) {
        const { viaRollup, viaBase } = await both(f, g, d);
        expect(viaRollup, JSON.stringify({ f, g, d })).toEqual(viaBase);
        if (viaBase.length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('is what answers (a stale rollup shows), and refreshRollups brings it back in step', async () => {
    const f = filter({ municipalityCodes: [ISESAKI] });
    const [e] = await api.db.query<{ id: number; level_id: number; other: number; municipality_id: number }>(
      `select e.id, e.level_id, o.id as other, e.municipality_id from evaluation e join rating_level o on o.scale_id = e.scale_id and o.id <> e.level_id
        join municipality m on m.id = e.municipality_id where m.code = $1 and e.level_id is not null order by e.id limit 1`,
      [ISESAKI],
    );
    await api.db.query(`update evaluation set level_id = $1 where id = $2`, [e!.other, e!.id]);
    try {
      const stale = await both(f, [RatingGroupBy.FISCAL_YEAR]);
      expect(stale.viaRollup).not.toEqual(stale.viaBase);
      await refreshRollups(api.db.orm.em.fork(), e!.municipality_id);
      const fresh = await both(f, [RatingGroupBy.FISCAL_YEAR]);
      expect(fresh.viaRollup).toEqual(fresh.viaBase);
    } finally {
      await api.db.query(`update evaluation set level_id = $1 where id = $2`, [e!.level_id, e!.id]);
      await refreshRollups(api.db.orm.em.fork(), e!.municipality_id);
    }
  });

  it('falls back to the base tables for what it cannot answer (search, deeper nodes, a node below the top)', async () => {
    const [mid] = await api.db.query<{ id: number }>(`select id from policy_node where depth = 2 order by id limit 1`);
    const cases: [EvaluationFilter, RatingGroupBy[], number | null][] = [
      [filter({ search: '推進' }), [RatingGroupBy.FISCAL_YEAR], null],
      [filter({ municipalityCodes: [ISESAKI] }), [RatingGroupBy.POLICY_NODE], 2],
      [filter({ municipalityCodes: [ISESAKI] }), [RatingGroupBy.POLICY_NODE], null],
      [filter({ policyNodeIds: [String(mid!.id)] }), [RatingGroupBy.FISCAL_YEAR], null],
      [filter({ policyNodeIds: [String(mid!.id)], includeSubtree: false }), [RatingGroupBy.FISCAL_YEAR], null],
    ];
    for (const [f, g, d] of cases) {
      const { viaRollup, viaBase } = await both(f, g, d);
      expect(viaRollup).toEqual(viaBase);
    }
  });
});

describe('transitions: the subjects behind a cell', () => {
  it('names each subject of a cell by its node, indicator or project: the same as its two evaluations', async () => {
    // The seeds rate no project: a generated city does (imported here, after the other tests of this file).
    await importDataset(api.db.orm, generateDataset({ seed: 3, municipalityIndex: 7 }));
    // The sample city (nodes and indicators) and the city and years with most project subjects rated in two years.
    const [projects] = await api.db.query<{ code: string; a: number; b: number; stage: string }>(
      `select m.code, f.fiscal_year as a, t.fiscal_year as b, f.stage::text as stage
         from evaluation f join evaluation t on t.project_id = f.project_id and t.stage = f.stage and t.scale_id = f.scale_id and t.fiscal_year > f.fiscal_year
         join municipality m on m.id = f.municipality_id
        where f.subject_kind = 'project' and f.scale_id is not null
        group by 1, 2, 3, 4 order by count(*) desc, 1, 2, 3 limit 1`,
    );
    expect(projects).toBeDefined();
    const kinds = new Set<string>();
    for (const c of [{ code: SAMPLE, a: 2020, b: 2024, stage: 'SELF' }, { ...projects!, stage: projects!.stage.toUpperCase() }]) {
      const d = await q(
        `query($f: EvaluationFilter, $a: Int!, $b: Int!, $s: Stage!) { transitions(filter: $f, from: { fiscalYear: $a, stage: $s }, to: { fiscalYear: $b, stage: $s }) {
          cells { count subjects(first: 500) { subjectKind policyNode { id } indicator { id } project { id }
            from { policyNode { id } indicator { id } project { id } } to { policyNode { id } indicator { id } project { id } } } } } }`,
        { f: { municipalityCodes: [c.code] }, a: c.a, b: c.b, s: c.stage },
      );
      for (const cell of d.transitions.cells) {
        for (const s of cell.subjects) {
          const own = { policyNode: s.policyNode, indicator: s.indicator, project: s.project };
          expect(own, `${c.code} ${s.subjectKind}`).toEqual(s.from);
          expect(own).toEqual(s.to);
          expect(Object.values(own).filter(Boolean)).toHaveLength(1);
          kinds.add(s.subjectKind);
        }
      }
    }
    expect([...kinds].sort()).toEqual(['INDICATOR', 'POLICY_NODE', 'PROJECT']);
  });
});
