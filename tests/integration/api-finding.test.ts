/**
 * The "finding things" queries (database test): executed through the real schema against the
 * bundled datasets, with numbers checked against the source documents.
 */
import { describe, expect, it } from 'vitest';
import { SEED_CITY, seededSchema } from '../support/seeded-schema.js';
import { countStatements } from '../support/statements.js';
import { generateDataset } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';
import { MAX_PAGE_SIZE } from '../../server/src/graphql/limits.js';
import { likeOperator } from '../../server/src/graphql/filters.js';

const { ISESAKI, KATORI, AYASE, TOKOROZAWA, SAMPLE } = SEED_CITY;

const api = seededSchema();
const { run, q } = api;

async function nodeByCode(code: string, municipality: string): Promise<string> {
  const d = await q(`query($f: PolicyNodeFilter) { policyNodes(filter: $f) { nodes { id code } } }`, {
    f: { municipalityCodes: [municipality], search: code },
  });
  const node = d.policyNodes.nodes.find((n: { code: string }) => n.code === code);
  if (!node) throw new Error(`no node ${code}`);
  return node.id;
}

describe('伊勢崎 measure 1-1-1 (健康づくりと疾病予防の推進)', () => {
  it('has its lead department, overall rating A on the goal scale, and its indicators with printed values', async () => {
    const id = await nodeByCode('1-1-1', ISESAKI);
    const d = await q(
      `query($id: ID!) { policyNode(id: $id) {
        id code name depth levelName priority
        plan { key levelNames period { year } }
        leadDepartment { id name kind }
        effectiveDepartment { name }
        ancestors { code levelName }
        path { code }
        children { code name levelName leadDepartment { name } effectiveDepartment { name } }
        evaluations { fiscalYear { year label shortLabel } stage scale { key } level { code label score } subjectName department { name } }
        goal: evaluations(fiscalYear: 2022, stage: SELF) { scale { key } level { code } }
        none: evaluations(fiscalYear: 2021) { id }
        indicators { name unit
          values { fiscalYear { year } kind text value }
          actual: values(kind: ACTUAL) { text }
          evaluations { scale { key } level { code } } }
        provenance { line document { key title } }
      } }`,
      { id },
    );
    const n = d.policyNode;
    expect(n).toMatchObject({ code: '1-1-1', name: '健康づくりと疾病予防の推進', depth: 3, levelName: '施策', priority: false });
    expect(n.plan.levelNames).toEqual(['基本政策', '政策', '施策', '施策の展開', '主な取組']);
    expect(n.leadDepartment).toMatchObject({ name: '健康づくり課', kind: '課' });
    expect(n.ancestors.map((a: { levelName: string }) => a.levelName)).toEqual(['基本政策', '政策']);
    expect(n.path.map((p: { code: string }) => p.code).at(-1)).toBe('1-1-1');
    expect(n.path).toHaveLength(3);
    // 施策の展開 print no department of their own: they inherit the 施策's.
    expect(n.children).toHaveLength(3);
    for (const c of n.children) {
      expect(c.levelName).toBe('施策の展開');
      expect(c.leadDepartment).toBeNull();
      expect(c.effectiveDepartment.name).toBe('健康づくり課');
    }
    const goal = n.evaluations.find((e: { scale: { key: string } }) => e.scale.key === 'isesaki-goal');
    expect(goal).toMatchObject({
      fiscalYear: { year: 2022, label: '令和4年度', shortLabel: 'R4' },
      stage: 'SELF',
      level: { code: 'A' },
      subjectName: '健康づくりと疾病予防の推進',
      department: { name: '健康づくり課' },
    });
    expect(n.evaluations.map((e: { scale: { key: string }; level: { code: string } }) => `${e.scale.key}:${e.level.code}`).sort()).toEqual(
      ['isesaki-goal:A', 'isesaki-qualitative:中', 'isesaki-quantitative:中'],
    );
    expect(n.goal.map((e: { scale: { key: string } }) => e.scale.key)).toContain('isesaki-goal');
    expect(n.none).toEqual([]);
    expect(n.indicators.map((i: { name: string }) => i.name)).toEqual([
      '健康づくり事業への参加者数',
      '3歳児健診受診率',
      '75歳未満のがんによる年齢調整死亡率',
    ]);
    const participants = n.indicators[0];
    expect(participants.unit).toBe('人');
    expect(participants.values).toEqual([
      { fiscalYear: { year: 2022 }, kind: 'ACTUAL', text: '5,900人', value: 5900 },
      { fiscalYear: { year: 2024 }, kind: 'TARGET', text: '10,650人', value: 10650 },
    ]);
    expect(participants.actual).toEqual([{ text: '5,900人' }]);
    expect(participants.evaluations).toEqual([{ scale: { key: 'isesaki-outlook' }, level: { code: 'C' } }]);
    expect(n.indicators[2].values[0].text).toBe('60.5人(R3年)');
    expect(n.provenance).toMatchObject({ line: 28, document: { key: 'isesaki-004' } });
  });

  it('subtree walks depth-first in printed order, limited by maxDepth', async () => {
    const id = await nodeByCode('1-1-1', ISESAKI);
    const d = await q(
      `query($id: ID!) { policyNode(id: $id) { all: subtree { id depth parent { id } } one: subtree(maxDepth: 1) { depth } self: subtree(maxDepth: 0) { id } } }`,
      { id },
    );
    const { all, one, self } = d.policyNode;
    expect(self).toEqual([{ id }]);
    expect(one.map((x: { depth: number }) => x.depth)).toEqual([3, 4, 4, 4]);
    expect(all[0].id).toBe(id);
    expect(all.length).toBeGreaterThan(4);
    // Pre-order: every node's parent comes before it.
    const seen = new Set<string>();
    for (const node of all) {
      if (node.id !== id) expect(seen.has(node.parent.id)).toBe(true);
      seen.add(node.id);
    }
  });

  it('finds 1-1-1 by its lead department and the indicator by name', async () => {
    const d = await q(
      `query { departments(municipalityCode: "${ISESAKI}") { id name policyNodes { code } } }`,
    );
    const dept = d.departments.find((x: { name: string }) => x.name === '健康づくり課');
    expect(dept.policyNodes.map((n: { code: string }) => n.code)).toContain('1-1-1');
    const byDept = await q(`query($f: PolicyNodeFilter) { policyNodes(filter: $f) { totalCount nodes { code depth } } }`, {
      f: { departmentIds: [dept.id], depths: [3] },
    });
    expect(byDept.policyNodes.nodes.map((n: { code: string }) => n.code)).toContain('1-1-1');
    const ind = await q(`query($f: IndicatorFilter) { indicators(filter: $f) { totalCount nodes { name policyNode { code } } } }`, {
      f: { municipalityCodes: [ISESAKI], search: '健康づくり事業への参加者数' },
    });
    expect(ind.indicators).toMatchObject({ totalCount: 1, nodes: [{ policyNode: { code: '1-1-1' } }] });
  });

  it('has 41 施策 rated on the goal scale, 73 indicators, 5 rating scales with their rules', async () => {
    const d = await q(
      `query {
        goal: evaluations(filter: { municipalityCodes: ["${ISESAKI}"], scaleKeys: ["isesaki-goal"] }) { totalCount }
        inds: indicators(filter: { municipalityCodes: ["${ISESAKI}"] }) { totalCount }
        ratingScales(municipalityCode: "${ISESAKI}") { key subjectKind levels { code order score color }
          rule { kind bands { level minPercent } unmeasuredLevel actualYear { year } targetYear { year } inputScale inputs thresholds { level min inclusive } otherwise } }
        municipality(code: "${ISESAKI}") { name plans { key period { year } roots { code } } ratingScales { key } }
      }`,
    );
    expect(d.goal.totalCount).toBe(41);
    expect(d.inds.totalCount).toBe(73);
    expect(d.ratingScales.map((s: { key: string }) => s.key)).toEqual([
      'isesaki-goal',
      'isesaki-outlook',
      'isesaki-development',
      'isesaki-quantitative',
      'isesaki-qualitative',
    ]);
    const outlook = d.ratingScales.find((s: { key: string }) => s.key === 'isesaki-outlook');
    expect(outlook.subjectKind).toBe('INDICATOR');
    // "-" (指標の取得ができなかったもの) is a level of its own, without a score
    expect(outlook.levels.map((l: { code: string; score: number | null }) => [l.code, l.score])).toEqual([['A', 3], ['B', 2], ['C', 1], ['D', 0], ['-', null]]);
    expect(outlook.rule.kind).toBe('ACHIEVEMENT_BANDS');
    expect(outlook.rule.bands).toEqual([
      { level: 'A', minPercent: 100 },
      { level: 'B', minPercent: 80 },
      { level: 'C', minPercent: 60 },
      { level: 'D', minPercent: 0 },
    ]);
    expect(outlook.rule).toMatchObject({ actualYear: { year: 2022 }, targetYear: { year: 2024 } });
    const quantitative = d.ratingScales.find((s: { key: string }) => s.key === 'isesaki-quantitative');
    expect(quantitative.rule).toMatchObject({ kind: 'MEAN_SCORE', inputScale: 'isesaki-outlook', inputs: 'INDICATORS', otherwise: '低' });
    expect(quantitative.rule.thresholds[0]).toEqual({ level: '高', min: 2.5, inclusive: false });
    expect(d.municipality.plans).toHaveLength(1);
    expect(d.municipality.plans[0].roots).toHaveLength(5);
    expect(d.municipality.ratingScales).toHaveLength(5);
  });
});

describe('香取 KPIs per measure (施策)', () => {
  it.each([
    ['6-1', 4, 4],
    ['6-2', 1, 1],
    ['6-3', 1, 2],
    ['6-4', 1, 2],
    ['6-5', 4, 7],
    ['6-6', 1, 3],
    ['6-7', 3, 4],
  ])('施策 %s has %i KPIs among %i indicators', async (code, kpis, all) => {
    const id = await nodeByCode(code, KATORI);
    const d = await q(
      `query($n: [ID!]) {
        kpi: indicators(filter: { policyNodeIds: $n, isKpi: true }) { totalCount nodes { isKpi unit source policyNode { levelName } } }
        all: indicators(filter: { policyNodeIds: $n }) { totalCount }
        own: indicators(filter: { policyNodeIds: $n, includeSubtree: false }) { totalCount }
      }`,
      { n: [id] },
    );
    expect(d.kpi.totalCount).toBe(kpis);
    expect(d.all.totalCount).toBe(all);
    expect(d.own.totalCount).toBe(0); // KPIs hang on the 小施策 below
    for (const i of d.kpi.nodes) expect(i).toMatchObject({ isKpi: true, policyNode: { levelName: '小施策' } });
  });

  it('has 15 KPIs and 23 indicators, with the printed values', async () => {
    const d = await q(`query {
      kpi: indicators(filter: { municipalityCodes: ["${KATORI}"], isKpi: true }) { totalCount }
      all: indicators(filter: { municipalityCodes: ["${KATORI}"] }, first: 1) { totalCount nodes { name unit source direction values { fiscalYear { year } kind text } } }
      higher: indicators(filter: { municipalityCodes: ["${KATORI}"], directions: [LOWER_IS_BETTER, MAINTAIN] }) { nodes { direction } }
    }`);
    expect(d.kpi.totalCount).toBe(15);
    expect(d.all.totalCount).toBe(23);
    expect(d.all.nodes[0]).toMatchObject({ name: '住民自治（まちづくり）協議会数', unit: '団体', source: '市民協働課調べ', direction: 'HIGHER_IS_BETTER' });
    expect(d.all.nodes[0].values[0]).toEqual({ fiscalYear: { year: 2022 }, kind: 'BASELINE', text: '23団体' });
    for (const i of d.higher.nodes) expect(['LOWER_IS_BETTER', 'MAINTAIN']).toContain(i.direction);
  });
});

describe('綾瀬 strategic projects: three stages', () => {
  it('rates each STEP by self and secondary evaluation and each 取り組みの方向 externally', async () => {
    const d = await q(
      `query($f: PolicyNodeFilter) { policyNodes(filter: $f) { totalCount nodes { id name levelName
        children { code levelName evaluations { stage level { code label } } }
        evaluations(stage: EXTERNAL) { level { code } comment }
        projects { name } } } }`,
      { f: { municipalityCodes: [AYASE], search: '外国人市民への行政サービスの充実' } },
    );
    expect(d.policyNodes.totalCount).toBe(1);
    const dir = d.policyNodes.nodes[0];
    expect(dir.levelName).toBe('取り組みの方向');
    expect(dir.evaluations).toHaveLength(1);
    expect(dir.evaluations[0].level.code).toBe('B');
    expect(dir.projects.map((p: { name: string }) => p.name)).toContain('外国人市民のための一元的情報提供・相談窓口の設置');
    expect(dir.children.map((c: { code: string }) => c.code)).toEqual(['STEP1', 'STEP2', 'STEP3']);
    for (const c of dir.children) {
      expect(c.levelName).toBe('STEP');
      expect(c.evaluations.map((e: { stage: string }) => e.stage)).toEqual(['SELF', 'SECONDARY']);
    }
    expect(dir.children[0].evaluations.map((e: { level: { code: string } }) => e.level.code)).toEqual(['A', 'B']);
    expect(dir.children[0].evaluations[0].level.label).toBe('順調に推移した');

    const all = await q(
      `query($n: [ID!]) { evaluations(filter: { policyNodeIds: $n }, orderBy: { field: STAGE }) { totalCount nodes { stage subjectName } } }`,
      { n: [dir.id] },
    );
    // the STEPs' self and secondary ratings, the direction's external one, and its project's 達成状況 (self)
    expect(all.evaluations.totalCount).toBe(8);
    expect(all.evaluations.nodes.map((e: { stage: string }) => e.stage)).toEqual(['SELF', 'SELF', 'SELF', 'SELF', 'SECONDARY', 'SECONDARY', 'SECONDARY', 'EXTERNAL']);
    expect(all.evaluations.nodes.map((e: { subjectName: string }) => e.subjectName)).toContain('外国人市民のための一元的情報提供・相談窓口の設置');
  });

  it('has 21 self, 21 secondary and 11 external evaluations of the plan for FY2023, and 24 of its projects', async () => {
    const d = await q(`query {
      self: evaluations(filter: { municipalityCodes: ["${AYASE}"], stages: [SELF], fiscalYears: { in: [2023] }, subjectKinds: [POLICY_NODE] }) { totalCount }
      secondary: evaluations(filter: { municipalityCodes: ["${AYASE}"], stages: [SECONDARY] }) { totalCount }
      external: evaluations(filter: { municipalityCodes: ["${AYASE}"], stages: [EXTERNAL], fiscalYears: { from: 2023, to: 2023 } }) { totalCount }
      both: evaluations(filter: { municipalityCodes: ["${AYASE}"], stages: [SELF, SECONDARY], subjectKinds: [POLICY_NODE] }) { totalCount }
      projects: evaluations(filter: { municipalityCodes: ["${AYASE}"], subjectKinds: [PROJECT] }) { totalCount }
      none: evaluations(filter: { municipalityCodes: ["${AYASE}"], fiscalYears: { to: 2022 } }) { totalCount }
    }`);
    expect(d).toEqual({
      self: { totalCount: 21 },
      secondary: { totalCount: 21 },
      external: { totalCount: 11 },
      both: { totalCount: 42 },
      projects: { totalCount: 24 },
      none: { totalCount: 0 },
    });
  });

  it('lists 13 department policies for FY2023 with their initiatives', async () => {
    const d = await q(`query {
      all: departmentPolicies(filter: { municipalityCodes: ["${AYASE}"] }) { totalCount nodes { key fiscalYear { year } basicApproach department { name } initiatives { category title order } } }
      smart: departmentPolicies(filter: { municipalityCodes: ["${AYASE}"], categories: ["スマート自治体の推進"], fiscalYears: { in: [2023] } }) { totalCount }
      none: departmentPolicies(filter: { municipalityCodes: ["${AYASE}"], fiscalYears: { in: [2022] } }) { totalCount }
    }`);
    expect(d.all.totalCount).toBe(13);
    const p = d.all.nodes.find((x: { key: string }) => x.key === 'ayase-dp-2023-shichoshitsu');
    expect(p.fiscalYear.year).toBe(2023);
    expect(p.initiatives.map((i: { category: string }) => i.category)).toEqual([
      '財務体質の強化',
      '財務体質の強化',
      'スマート自治体の推進',
      'スマート自治体の推進',
      '再編・公共施設の適正管理',
      '再編・公共施設の適正管理',
      '個別課題',
    ]);
    expect(d.smart.totalCount).toBeGreaterThan(0);
    expect(d.smart.totalCount).toBeLessThanOrEqual(13);
    expect(d.none.totalCount).toBe(0);
  });
});

describe('所沢 projects', () => {
  it('lists 7 projects with amounts in thousand yen and an outcome indicator', async () => {
    const d = await q(`query { projects(filter: { municipalityCodes: ["${TOKOROZAWA}"] }) { totalCount nodes {
      name amounts { fiscalYear { year } kind thousandYen text } outcomeIndicator { name } policyNode { name } } } }`);
    expect(d.projects.totalCount).toBe(7);
    const p = d.projects.nodes.find((x: { name: string }) => x.name === '地域づくり支援事業');
    expect(p.amounts).toEqual([
      { fiscalYear: { year: 2017 }, kind: 'SETTLED', thousandYen: 9973, text: '9,973' },
      { fiscalYear: { year: 2018 }, kind: 'BUDGET', thousandYen: 10117, text: '10,117' },
    ]);
    expect(p.outcomeIndicator).not.toBeNull();
  });
});

describe('departments', () => {
  it('gives the tree: parent, children, ancestors and path', async () => {
    const d = await q(`query { departments(municipalityCode: "${SAMPLE}") { id name kind parent { name } children { name } ancestors { name } path { name } } }`);
    const kikaku = d.departments.find((x: { name: string }) => x.name === '企画部');
    expect(kikaku.parent).toBeNull();
    expect(kikaku.children.map((c: { name: string }) => c.name)).toEqual(['企画政策課', '秘書広報課', 'デジタル推進課']);
    const ka = d.departments.find((x: { name: string }) => x.name === '企画政策課');
    expect(ka).toMatchObject({ parent: { name: '企画部' }, ancestors: [{ name: '企画部' }], path: [{ name: '企画部' }, { name: '企画政策課' }] });
    // Tree order: each department after its parent.
    const index = new Map(d.departments.map((x: { name: string }, i: number) => [x.name, i]));
    for (const x of d.departments) if (x.parent) expect(index.get(x.name)).toBeGreaterThan(index.get(x.parent.name) as number);
    const one = await q(`query($id: ID!) { department(id: $id) { name municipality { code } } }`, { id: ka.id });
    expect(one.department).toEqual({ name: '企画政策課', municipality: { code: SAMPLE } });
  });

  it('a department filter includes sub-departments unless told not to', async () => {
    const d = await q(`query { departments(municipalityCode: "${SAMPLE}") { id name } }`);
    const bu = d.departments.find((x: { name: string }) => x.name === '企画部').id;
    const r = await q(
      `query($d: [ID!]) {
        sub: evaluations(filter: { departmentIds: $d }) { totalCount nodes { department { name parent { name } } } }
        own: evaluations(filter: { departmentIds: $d, includeSubDepartments: false }) { totalCount }
        nodes: policyNodes(filter: { departmentIds: $d }) { totalCount }
      }`,
      { d: [bu] },
    );
    expect(r.sub.totalCount).toBeGreaterThan(r.own.totalCount);
    for (const e of r.sub.nodes) expect([e.department.name, e.department.parent?.name]).toContain('企画部');
    const [row] = await api.db.query<{ n: string }>(
      `select count(*)::text as n from evaluation_subject es join department d on d.id = es.department_id where d.path like (select path from department where id = $1) || '%'`,
      [Number(bu)],
    );
    expect(r.sub.totalCount).toBe(Number(row!.n));
  });
});

describe('filters combine with AND', () => {
  it('municipality, stage, scale and level together', async () => {
    const d = await q(`query {
      a: evaluations(filter: { municipalityCodes: ["${ISESAKI}"], stages: [SELF], scaleKeys: ["isesaki-outlook"], levelCodes: ["A"] }) { totalCount nodes { level { code } scale { key } indicator { name } policyNode { id } } }
      b: evaluations(filter: { municipalityCodes: ["${ISESAKI}", "${AYASE}"], levelCodes: ["A"] }) { totalCount }
      c: evaluations(filter: { municipalityCodes: ["${ISESAKI}"], levelCodes: ["A"] }) { totalCount }
      d: evaluations(filter: { municipalityCodes: ["${AYASE}"], levelCodes: ["A"] }) { totalCount }
      e: evaluations(filter: { subjectKinds: [INDICATOR], municipalityCodes: ["${ISESAKI}"] }) { totalCount }
    }`);
    const [row] = await api.db.query<{ n: string }>(
      `select count(*)::text as n from evaluation e join rating_level l on l.id = e.level_id join rating_scale s on s.id = e.scale_id
        join municipality m on m.id = e.municipality_id where m.code = $1 and e.stage = 'self' and s.key = 'isesaki-outlook' and l.code = 'A'`,
      [ISESAKI],
    );
    expect(d.a.totalCount).toBe(Number(row!.n));
    expect(d.a.totalCount).toBeGreaterThan(0);
    for (const e of d.a.nodes) expect(e).toMatchObject({ level: { code: 'A' }, scale: { key: 'isesaki-outlook' }, policyNode: null });
    expect(d.b.totalCount).toBe(d.c.totalCount + d.d.totalCount);
    // 73 indicators, of which 3 print nothing in their rating cell: no evaluation
    expect(d.e.totalCount).toBe(70);
  });

  it('policy nodes by plan, depth, parent, priority and search', async () => {
    const plans = await q(`query { plans(municipalityCode: "${KATORI}") { id key kind startYear endYear children { key } parent { key } } }`);
    expect(plans.plans.map((p: { key: string }) => p.key)).toEqual(['katori-sogo', 'katori-kouki']);
    const kouki = plans.plans.find((p: { key: string }) => p.key === 'katori-kouki');
    const sogo = plans.plans.find((p: { key: string }) => p.key === 'katori-sogo');
    expect(kouki).toMatchObject({ kind: 'BASIC', parent: { key: 'katori-sogo' } });
    expect(sogo).toMatchObject({ kind: 'COMPREHENSIVE', parent: null, children: [{ key: 'katori-kouki' }] });
    const d = await q(
      `query($p: [ID!], $s: [ID!]) {
        d2: policyNodes(filter: { planIds: $p, depths: [2] }) { totalCount }
        d23: policyNodes(filter: { planIds: $p, depths: [2, 3] }) { totalCount }
        none: policyNodes(filter: { planIds: $s }) { totalCount }
        search: policyNodes(filter: { planIds: $p, depths: [2], search: "財政運営" }) { nodes { code name } }
        pri: policyNodes(filter: { priority: true, municipalityCodes: ["${KATORI}"] }) { nodes { priority } }
      }`,
      { p: [kouki.id], s: [sogo.id] },
    );
    expect(d.d2.totalCount).toBe(7);
    expect(d.d23.totalCount).toBe(7 + 19);
    expect(d.none.totalCount).toBe(0);
    expect(d.search.nodes).toEqual([{ code: '6-7', name: '財政運営' }]);
    for (const n of d.pri.nodes) expect(n.priority).toBe(true);
    const six = await nodeByCode('6', KATORI);
    const kids = await q(`query($p: [ID!]) { policyNodes(filter: { parentIds: $p }, orderBy: { field: CODE }) { nodes { code } } }`, { p: [six] });
    expect(kids.policyNodes.nodes.map((n: { code: string }) => n.code)).toEqual(['6-1', '6-2', '6-3', '6-4', '6-5', '6-6', '6-7']);
  });
});

describe('pagination', () => {
  async function walk(field: string, filter: object, first: number, orderBy?: object) {
    const ids: string[] = [];
    const keys: unknown[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 1000; page++) {
      const d: any = await q(
        `query($f: EvaluationFilter, $first: Int, $after: String, $o: EvaluationOrder) { evaluations(filter: $f, first: $first, after: $after, orderBy: $o) {
          totalCount edges { cursor node { id fiscalYear { year } level { order } subjectName } } nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { f: filter, first, after, o: orderBy },
      );
      const c = d.evaluations;
      total = c.totalCount;
      expect(c.nodes.map((n: { id: string }) => n.id)).toEqual(c.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(c.edges.length).toBeLessThanOrEqual(first);
      for (const e of c.edges) {
        ids.push(e.node.id);
        keys.push(field === 'LEVEL' ? (e.node.level?.order ?? 32767) : field === 'SUBJECT_NAME' ? e.node.subjectName : e.node.fiscalYear.year);
      }
      if (c.edges.length) expect(c.pageInfo.endCursor).toBe(c.edges.at(-1).cursor);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    return { ids, keys, total };
  }

  it('walks every evaluation of サンプル市 by cursor without duplicates or gaps', async () => {
    const { ids, total } = await walk('FISCAL_YEAR', { municipalityCodes: [SAMPLE] }, MAX_PAGE_SIZE);
    expect(total).toBe(2849);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it.each([
    ['LEVEL', 'DESC', 137],
    ['SUBJECT_NAME', 'ASC', 211],
    ['FISCAL_YEAR', 'DESC', 500],
  ])('sorted by %s %s in pages of %i, the walk is complete and in order', async (field, direction, first) => {
    const { ids, keys, total } = await walk(field, { municipalityCodes: [SAMPLE], stages: ['SELF', 'EXTERNAL'] }, first, { field, direction });
    expect(total).toBe(1879 + 210);
    expect(new Set(ids).size).toBe(total);
    const sorted = [...keys].sort((a, b) => {
      const c = typeof a === 'number' ? (a as number) - (b as number) : (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
      return direction === 'DESC' ? -c : c;
    });
    if (field !== 'SUBJECT_NAME') expect(keys).toEqual(sorted); // text order is the database collation's
  });

  it('walks policy nodes in small pages; a cursor is stable and opaque', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const d: any = await q(`query($after: String) { policyNodes(first: 97, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      total = d.policyNodes.totalCount;
      for (const n of d.policyNodes.nodes) {
        expect(seen.has(n.id)).toBe(false);
        seen.add(n.id);
      }
      if (!d.policyNodes.pageInfo.hasNextPage) break;
      after = d.policyNodes.pageInfo.endCursor;
    }
    expect(total).toBe(413 + 195 + 48 + 5 + 201);
    expect(seen.size).toBe(total);
  });

  it('defaults to 50; first: 0 gives only the count', async () => {
    const d = await q(`query { a: evaluations { totalCount nodes { id } pageInfo { hasNextPage } } b: evaluations(first: 0) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`);
    expect(d.a.nodes).toHaveLength(50);
    expect(d.a.pageInfo.hasNextPage).toBe(true);
    expect(d.b.nodes).toEqual([]);
    expect(d.b.totalCount).toBe(d.a.totalCount);
  });

  it('rejects a page size over the maximum, naming the argument', async () => {
    const r = await run(`query { evaluations(first: ${MAX_PAGE_SIZE + 1}) { totalCount } }`);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const neg = await run(`query { policyNodes(first: -1) { totalCount } }`);
    expect(neg.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('rejects a malformed cursor, and one from another order', async () => {
    const bad = await run(`query { evaluations(after: "not-a-cursor") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const d = await q(`query { evaluations(first: 1) { pageInfo { endCursor } } }`);
    const other = await run(`query($a: String) { evaluations(after: $a, orderBy: { field: LEVEL }) { totalCount } }`, { a: d.evaluations.pageInfo.endCursor });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('single records by id', () => {
  it('evaluation, indicator, plan and policy node; unknown ids are null, malformed ones rejected', async () => {
    const list = await q(`query { evaluations(first: 1, filter: { municipalityCodes: ["${ISESAKI}"], scaleKeys: ["isesaki-goal"] }) { nodes { id policyNode { id plan { id } indicators { id } } } } }`);
    const e = list.evaluations.nodes[0];
    const d = await q(
      `query($e: ID!, $p: ID!, $i: ID!) {
        evaluation(id: $e) { id subjectKind otherTexts { name text } municipality { code } provenance { document { title } } }
        plan(id: $p) { id name period { year label } }
        indicator(id: $i) { id name municipality { code } }
        missing: evaluation(id: "999999999") { id }
      }`,
      { e: e.id, p: e.policyNode.plan.id, i: e.policyNode.indicators[0].id },
    );
    expect(d.evaluation).toMatchObject({ id: e.id, subjectKind: 'POLICY_NODE', municipality: { code: ISESAKI } });
    expect(Array.isArray(d.evaluation.otherTexts)).toBe(true);
    expect(d.evaluation.provenance.document.title).toBeTruthy();
    expect(d.plan.period[0].year).toBeGreaterThan(2000);
    expect(d.indicator.municipality.code).toBe(ISESAKI);
    expect(d.missing).toBeNull();
    const bad = await run(`query { policyNode(id: "abc") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('text search counts', () => {
  it('counts a search’s matches in the page’s own statement, the same number on every page', async () => {
    const Q = `query($f: EvaluationFilter, $after: String) { evaluations(filter: $f, first: 5, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const f = { municipalityCodes: [ISESAKI], search: '健康' };
    // The expected count, by a different route: every match, one page at a time, without totalCount.
    let all = 0;
    let after: string | null = null;
    do {
      const p: any = await q(`query($f: EvaluationFilter, $after: String) { evaluations(filter: $f, first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { f, after });
      all += p.evaluations.nodes.length;
      after = p.evaluations.pageInfo.hasNextPage ? p.evaluations.pageInfo.endCursor : null;
    } while (after);
    expect(all).toBeGreaterThan(5);

    const statements = countStatements(api.db.orm);
    try {
      const first = await q(Q, { f });
      expect(statements.count).toBe(1);
      expect(first.evaluations.totalCount).toBe(all);
      const second = await q(Q, { f, after: first.evaluations.pageInfo.endCursor });
      expect(second.evaluations.totalCount).toBe(all);
      const none = await q(Q, { f: { ...f, search: 'どこにもない語句ｘｙｚ' } });
      expect(none.evaluations.totalCount).toBe(0);
    } finally {
      statements.stop();
    }
  });
});

describe('text search operator', () => {
  it('uses like only for terms without a cased letter', () => {
    expect(['防災', '健康づくり', '2024', 'ー・（）'].map(likeOperator)).toEqual(['like', 'like', 'like', 'like']);
    expect(['KPI', 'kpi', 'ＫＰＩ', '防災ict', 'Ⅱ'].map(likeOperator)).toEqual(['ilike', 'ilike', 'ilike', 'ilike', 'ilike']);
  });

  it('finds the same evaluations as ilike over the view, for terms with and without cased letters', async () => {
    const Q = `query($f: EvaluationFilter, $after: String) { evaluations(filter: $f, first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const conn = api.db.orm.em.getConnection();
    let matched = 0;
    for (const [code, term] of [[ISESAKI, '健康'], [TOKOROZAWA, '推進'], [AYASE, '市'], [ISESAKI, 'kpi'], [SAMPLE, 'ＫＰＩ'], [KATORI, 'a'], [SAMPLE, '事業'], [SAMPLE, 'sns'], [ISESAKI, 'Sns']] as const) {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const p: any = await q(Q, { f: { municipalityCodes: [code], search: term }, after });
        ids.push(...p.evaluations.nodes.map((n: { id: string }) => n.id));
        after = p.evaluations.pageInfo.hasNextPage ? p.evaluations.pageInfo.endCursor : null;
      } while (after);
      const pattern = `%${term}%`;
      const expected = (await conn.execute(
        `select es.id::text as id from evaluation_subject es join municipality m on m.id = es.municipality_id
          where m.code = ? and (es.achievement ilike ? or es.issues ilike ? or es.response ilike ? or es.comment ilike ? or es.request ilike ? or es.subject_name ilike ?)`,
        [code, ...Array(6).fill(pattern)],
      )) as { id: string }[];
      expect([...ids].sort(), `${code} ${term}`).toEqual(expected.map((r) => r.id).sort());
      matched += ids.length;
      // "sns" finds the texts that write SNS only if the case is ignored.
      if (term.toLowerCase() === 'sns') expect(ids.length, term).toBeGreaterThan(0);
    }
    expect(matched).toBeGreaterThan(50);
  });
});

describe('text search by the subject’s name', () => {
  it('finds an evaluation by the name of its indicator, project or policy node, the same set (and names) the view gives', async () => {
    const Q = `query($f: EvaluationFilter, $after: String) { evaluations(filter: $f, first: 100, after: $after) { totalCount nodes { id subjectName } pageInfo { hasNextPage endCursor } } }`;
    const conn = api.db.orm.em.getConnection();
    const kinds = new Set<string>();
    // The seeds rate no project: a generated city does (imported last, after the other tests of this file).
    const generated = await importDataset(api.db.orm, generateDataset({ seed: 3, municipalityIndex: 7 }));
    for (const code of [ISESAKI, KATORI, AYASE, TOKOROZAWA, SAMPLE, generated.municipality.code]) {
      // One name of each kind of subject this city evaluates (a project's name only where projects are rated).
      const names = (await conn.execute(
        `select distinct on (es.subject_kind) es.subject_kind::text as kind, es.subject_name as name
           from evaluation_subject es join municipality m on m.id = es.municipality_id where m.code = ? order by es.subject_kind, es.id`,
        [code],
      )) as { kind: string; name: string }[];
      for (const { kind, name } of names) {
        kinds.add(kind);
        const rows = (await conn.execute(
          `select es.id, es.subject_name from evaluation_subject es join municipality m on m.id = es.municipality_id
            where m.code = ? and (es.subject_name ilike ? or es.achievement ilike ? or es.issues ilike ? or es.response ilike ? or es.comment ilike ? or es.request ilike ?)`,
          [code, ...Array(6).fill(`%${name}%`)],
        )) as { id: number; subject_name: string }[];
        const expected = rows.map((r) => `${r.id} ${r.subject_name}`).sort();
        const got: string[] = [];
        let after: string | null = null;
        do {
          const p: any = await q(Q, { f: { municipalityCodes: [code], search: name }, after });
          expect(p.evaluations.totalCount).toBe(expected.length);
          got.push(...p.evaluations.nodes.map((n: { id: string; subjectName: string }) => `${n.id} ${n.subjectName}`));
          after = p.evaluations.pageInfo.hasNextPage ? p.evaluations.pageInfo.endCursor : null;
        } while (after);
        // The same evaluations, each with the subject name the view gives.
        expect(got.sort(), `${code} ${kind} "${name}"`).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      }
    }
    expect([...kinds].sort()).toEqual(['indicator', 'policy_node', 'project']);
  });
});

describe('evaluations behind transitions', () => {
  it('loads a side without its texts unless the answer selects them, and then with them', async () => {
    const T = (sel: string) => `query($f: EvaluationFilter) { transitions(filter: $f, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2023, stage: SECONDARY }) {
      cells { subjects(first: 500) { from { id ${sel} } to { id } } } } }`;
    const f = { municipalityCodes: [AYASE] };
    const light: any = await q(T(''), { f });
    const full: any = await q(T('achievement issues otherTexts { name text } ... on Evaluation { comment }'), { f });
    const sides = (d: any) => d.transitions.cells.flatMap((c: any) => c.subjects).filter((s: any) => s.from);
    expect(sides(light).length).toBeGreaterThan(10);
    expect(sides(full).map((s: any) => s.from.id)).toEqual(sides(light).map((s: any) => s.from.id));
    // The texts are the evaluations' own.
    const rows = (await api.db.orm.em.getConnection().execute(`select id, achievement, issues, comment from evaluation where id in (?)`, [
      sides(full).map((s: any) => Number(s.from.id)),
    ])) as { id: number; achievement: string | null; issues: string | null; comment: string | null }[];
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    expect(rows.some((r) => r.achievement || r.issues)).toBe(true);
    for (const s of sides(full)) {
      const r = byId.get(s.from.id)!;
      expect([s.from.achievement, s.from.issues, s.from.comment]).toEqual([r.achievement, r.issues, r.comment]);
    }
  });
});

describe('a page of evaluations with their levels', () => {
  it('gives every row its own level (read in the page’s statement), the same as the level table', async () => {
    const d: any = await q(
      `query($f: EvaluationFilter) { evaluations(filter: $f, first: 200) { nodes { id level { id code label description order score color } } } }`,
      { f: { municipalityCodes: [ISESAKI], search: '健康' } },
    );
    const nodes = d.evaluations.nodes as { id: string; level: Record<string, unknown> | null }[];
    expect(nodes.length).toBeGreaterThan(5);
    const rows = await api.db.query<Record<string, unknown>>(
      `select e.id::text as eid, l.id::text as id, l.code, l.label, l.description, l.sort_order as order, l.score, l.color
         from evaluation e left join rating_level l on l.id = e.level_id where e.id = any($1::int[])`,
      [nodes.map((n) => Number(n.id))],
    );
    const expected = new Map(rows.map(({ eid, ...l }) => [eid, l.id === null ? null : l]));
    expect(nodes.some((n) => n.level)).toBe(true);
    for (const n of nodes) expect(n.level, n.id).toEqual(expected.get(n.id));
  });
});
