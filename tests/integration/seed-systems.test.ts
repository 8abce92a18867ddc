/**
 * Every seed system whole (issue 20), database test: what the five documents print and the model
 * could not say before, imported from the bundled datasets and read back through the schema —
 * the projects' 達成状況 letters, unknown 重点, the "-" level and the rule computation, values in
 * several parts, the citizen survey and goals per year, pages, and the source text itself.
 */
import { describe, expect, it } from 'vitest';
import { SEED_CITY, seededSchema } from '../support/seeded-schema.js';
import { MAX_SOURCE_LINES } from '../../server/src/graphql/limits.js';
import { readSourceLines } from '../../server/src/provenance/source-files.js';

const { ISESAKI, AYASE, KATORI, TOKOROZAWA } = SEED_CITY;

const api = seededSchema();
const { run, q } = api;
const idOf = async (table: string, key: string) => String((await api.db.query<{ id: number }>(`select id from ${table} where key = $1`, [key]))[0]!.id);

describe('綾瀬: the related projects’ 達成状況 (progress sheets)', () => {
  it('24 evaluations of projects on their own scale, A 6 and B 18, shown on the sheet’s node', async () => {
    const d = await q(`query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [SCALE, STAGE]) { groups { scale { key name } stage total counts { level { code } count } } } }`, {
      f: { municipalityCodes: [AYASE], subjectKinds: ['PROJECT'] },
    });
    expect(d.ratingDistribution.groups).toHaveLength(1);
    const g = d.ratingDistribution.groups[0];
    expect(g).toMatchObject({ scale: { key: 'ayase-project-achievement', name: '達成状況（関連実施計画事業）' }, stage: 'SELF', total: 24 });
    expect(Object.fromEntries(g.counts.map((c: any) => [c.level.code, c.count]))).toEqual({ A: 6, B: 18, C: 0, D: 0 });
    // Sheet 2 (多文化共生の促進): five projects, A A / A A / B as printed on lines 194-198
    const node = (await api.db.query<{ id: number }>(`select id from policy_node where name = '多文化共生の促進'`))[0]!.id;
    const n = await q(`query($id: ID!) { policyNode(id: $id) { projects { name evaluations { stage level { code } provenance { line uncertain document { key } } } } } }`, { id: String(node) });
    const rows = n.policyNode.projects.map((p: any) => [p.name, p.evaluations.map((e: any) => `${e.stage}:${e.level.code}:${e.provenance.line}`).join()]);
    expect(rows).toEqual([
      ['外国人市民のための一元的情報提供・相談窓口の設置', 'SELF:A:194'],
      ['日本語等の学習支援', 'SELF:A:194'],
      ['親子交流による多文化共生の推進', 'SELF:A:196'],
      ['あやせ国際フェスティバル', 'SELF:A:196'],
      ['あやせウェルカムパックの配付', 'SELF:B:198'],
    ]);
    expect(n.policyNode.projects.every((p: any) => p.evaluations[0].provenance.uncertain)).toBe(true);
  });

  it('counted in the stage views: the self stage of FY2023 has 21 STEP ratings and 24 project ratings', async () => {
    const byStage = async (kind: string) => {
      const d = await q(`query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [STAGE]) { groups { stage total } } }`, {
        f: { municipalityCodes: [AYASE], subjectKinds: [kind], fiscalYears: { from: 2023, to: 2023 } },
      });
      return Object.fromEntries(d.ratingDistribution.groups.map((g: any) => [g.stage, g.total]));
    };
    expect(await byStage('PROJECT')).toEqual({ SELF: 24 });
    expect(await byStage('POLICY_NODE')).toEqual({ SELF: 21, SECONDARY: 21, EXTERNAL: 11 });
    // a group per stage and scale: the self stage holds the STEPs' progress and the projects' 達成状況
    const all = await q(`query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [STAGE]) { groups { stage scale { key } total } } }`, { f: { municipalityCodes: [AYASE] } });
    expect(all.ratingDistribution.groups.filter((g: any) => g.stage === 'SELF').map((g: any) => [g.scale.key, g.total])).toEqual([
      ['ayase-progress', 21],
      ['ayase-project-achievement', 24],
    ]);
  });
});

describe('香取: 重点 may be unknown', () => {
  it('8 priority, 15 unknown (shown apart, in neither count) among the 46 取組方針', async () => {
    const plan = await idOf('plan', 'katori-kouki');
    const d = await q(`query($id: ID!) { plan(id: $id) { priorityCount(depth: 4) { priority notPriority unknown } all: priorityCount { priority unknown } } }`, { id: plan });
    expect(d.plan.priorityCount).toEqual({ priority: 8, notPriority: 23, unknown: 15 });
    expect(d.plan.all).toEqual({ priority: 8, unknown: 15 });
    const unknown = await q(`query { policyNodes(filter: { municipalityCodes: ["${KATORI}"], priorityUnknown: true }, first: 50) { totalCount nodes { priority depth } } }`);
    expect(unknown.policyNodes.totalCount).toBe(15);
    expect(unknown.policyNodes.nodes.every((n: any) => n.priority === null && n.depth === 4)).toBe(true);
    const yes = await q(`query { policyNodes(filter: { municipalityCodes: ["${KATORI}"], priority: true }) { totalCount } }`);
    expect(yes.policyNodes.totalCount).toBe(8);
  });
});

describe('伊勢崎: a printed "-" is a level; nothing printed is no evaluation', () => {
  it('"-" is a level of the outlook scale, without a score; the lost cells have no evaluation', async () => {
    const d = await q(`query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [SCALE]) { groups { scale { key } total rated meanScore counts { level { code score } count } } } }`, {
      f: { municipalityCodes: [ISESAKI], subjectKinds: ['INDICATOR'] },
    });
    const g = d.ratingDistribution.groups[0];
    expect(g.scale.key).toBe('isesaki-outlook');
    expect(Object.fromEntries(g.counts.map((c: any) => [c.level.code, c.count]))).toEqual({ A: 22, B: 26, C: 15, D: 5, '-': 2 });
    expect(g.counts.find((c: any) => c.level.code === '-').level.score).toBeNull();
    expect(g.total).toBe(70); // 73 indicators, 3 of which print nothing
    // the mean counts A-D only (22×3 + 26×2 + 15×1) / 68
    expect(g.meanScore).toBeCloseTo((22 * 3 + 26 * 2 + 15) / 68, 10);
    const none = await api.db.query(`select i.key from indicator i where i.municipality_id = (select id from municipality where code = $1)
      and not exists (select 1 from evaluation e where e.indicator_id = i.id) order by i.key`, [ISESAKI]);
    expect(none.map((r) => r.key)).toEqual(['2-2-1-i2', '2-2-2-i2', '2-2-2-i3']);
  });

  it('the rule check: "-" agrees with the band rule’s not-measured level and is left out of the mean; parts are outside the band rule', async () => {
    const d = await q(`query { ruleInconsistencies(filter: { municipalityCodes: ["${ISESAKI}"] }, first: 200) {
      nodes { evaluation { indicator { key } policyNode { key } } printed { code } computed { code } agrees explanation } } }`);
    const checks = d.ruleInconsistencies.nodes;
    const of = (key: string) => checks.find((c: any) => (c.evaluation.indicator ?? c.evaluation.policyNode).key === key);
    // the two "-" indicators agree with the rule ("not measured"), so they are no inconsistency
    expect(of('2-2-3-i1')).toBeUndefined();
    expect(of('2-2-3-i2')).toBeUndefined();
    // 2-2-3's 定量評価: both inputs "-", left out of the mean: the rule gives nothing, 低 is printed
    expect(of('2-2-3')).toMatchObject({ printed: { code: '低' }, computed: null, agrees: false });
    expect(of('2-2-3').explanation).toBe('入力となる評価がありません（除外: -,-） → 判定なし');
    // BOD (three rivers, in parts) is outside the band rule: no check
    expect(of('3-2-1-i1')).toBeUndefined();
    // the "-" indicators are checked, and agree: the rule's level for an actual not obtained
    const [row] = await api.db.query<{ id: number }>(`select e.id from evaluation e join indicator i on i.id = e.indicator_id where i.key = '2-2-3-i1'`);
    const one = await q(`query($id: ID!) { evaluation(id: $id) { level { code } ruleCheck { agrees computed { code } explanation } } }`, { id: String(row!.id) });
    expect(one.evaluation).toEqual({ level: { code: '-' }, ruleCheck: { agrees: true, computed: { code: '-' }, explanation: '実績を取得できなかった（-）→ -' } });
    const [bod] = await api.db.query<{ id: number }>(`select e.id from evaluation e join indicator i on i.id = e.indicator_id where i.key = '3-2-1-i1'`);
    expect((await q(`query($id: ID!) { evaluation(id: $id) { ruleCheck { agrees } } }`, { id: String(bod!.id) })).evaluation.ruleCheck).toBeNull();
  });
});

describe('values in several parts', () => {
  it('BOD at three rivers: three parts with labels and numbers, the printed text whole', async () => {
    const id = await idOf('indicator', '3-2-1-i1');
    const d = await q(`query($id: ID!) { indicator(id: $id) { unit values { kind text value parts { label value unit text } } } }`, { id });
    expect(d.indicator.unit).toBe('mg/L');
    expect(d.indicator.values[1]).toEqual({
      kind: 'TARGET',
      text: '広瀬川: 3.0mg/L 粕川: 2.0mg/L 早川上流: 2.0mg/L',
      value: null,
      parts: [
        { label: '広瀬川', value: 3, unit: 'mg/L', text: '広瀬川: 3.0mg/L' },
        { label: '粕川', value: 2, unit: 'mg/L', text: '粕川: 2.0mg/L' },
        { label: '早川上流', value: 2, unit: 'mg/L', text: '早川上流: 2.0mg/L' },
      ],
    });
    const series = await q(`query($id: ID!) { indicatorSeries(ids: [$id]) { points { fiscalYear { year } actual { parts { label value } } } } }`, { id });
    expect(series.indicatorSeries[0].points.find((p: any) => p.fiscalYear.year === 2022).actual.parts.map((p: any) => p.value)).toEqual([2.7, 2.3, 1.3]);
  });
});

describe('所沢: the citizen survey and the goals per year, as records on the policy page', () => {
  it('718 and 554 of 2,197, 32.7 % and 25.2 %, ranks 29 and 41 of 42; goals H27-H30', async () => {
    const id = await idOf('policy_node', 'tokorozawa-juten-kizuna');
    const d = await q(`query($id: ID!) { policyNode(id: $id) {
      surveyResults { survey item respondents count percent rank rankOf fiscalYear { year } provenance { line page document { key } } }
      yearlyGoals { fiscalYear { year label } goal provenance { line lineEnd page } } } }`, { id });
    expect(d.policyNode.surveyResults.map((r: any) => [r.item, r.respondents, r.count, r.percent, r.rank, r.rankOf, r.fiscalYear.year, r.provenance.line, r.provenance.page])).toEqual([
      ['第１章「コミュニティ」 第１節「地域コミュニティ」', 2197, 718, 32.7, 29, 42, 2017, 212, 1],
      ['第１章「コミュニティ」 第２節「市民活動」', 2197, 554, 25.2, 41, 42, 2017, 214, 1],
    ]);
    expect(d.policyNode.yearlyGoals.map((g: any) => [g.fiscalYear.year, g.goal.slice(0, 8)])).toEqual([
      [2015, '地域づくり協議会'],
      [2016, '地域財源化と地域'],
      [2017, '住民自治活動の環'],
      [2018, '地域づくり協議会'],
    ]);
  });
});

describe('pages and the source text', () => {
  it('a record’s page follows from its document’s page map (printed numbers where the document prints them)', async () => {
    // 綾瀬 部局運営方針: the contents print 福祉部 on page 6
    const rows = await api.db.query<{ name: string; page: number }>(
      `select d.name, dp.source_page as page from department_policy dp join department d on d.id = dp.department_id
        join municipality m on m.id = dp.municipality_id where d.name = '福祉部' and m.code = $1`,
      [AYASE],
    );
    expect(rows).toEqual([{ name: '福祉部', page: 6 }]);
    // 綾瀬 進行管理シート: sheet n is page n (sheet 10 starts at line 1573)
    const e = await api.db.query<{ page: number }>(`select e.source_page as page from evaluation e join source_document d on d.id = e.source_document_id where d.key = 'ayase-000' and e.source_line = 1677`);
    expect(e.map((r) => r.page)).toEqual([10]);
    const doc = await q(`query($id: ID!) { sourceDocument(id: $id) { pages { line number printed } } }`, { id: await idOf('source_document', 'ayase-001') });
    expect(doc.sourceDocument.pages.slice(0, 3)).toEqual([
      { line: 1, number: 1, printed: false },
      { line: 23, number: 2, printed: true },
      { line: 44, number: 3, printed: true },
    ]);
  });

  it('SourceDocument.lines gives the text as stored in data/sources, with each line’s page', async () => {
    const id = await idOf('source_document', 'isesaki-004');
    const src = readSourceLines('004_e1a3054432cb96ea.txt');
    const d = await q(`query($id: ID!) { sourceDocument(id: $id) { title lineCount lines(from: 103, to: 106) { number text page } } }`, { id });
    expect(d.sourceDocument.lineCount).toBe(229); // 228 line breaks, no break after the last line
    expect(src.length).toBe(229);
    expect(d.sourceDocument.lines.map((l: any) => l.number)).toEqual([103, 104, 105, 106]);
    expect(d.sourceDocument.lines.map((l: any) => l.text)).toEqual(src.slice(102, 106));
    expect(d.sourceDocument.lines[1].text).toContain('事業所数\t-\t189事業所(R4年)');
    expect(d.sourceDocument.lines.map((l: any) => l.page)).toEqual([8, 8, 8, 8]);
  });

  it('bad ranges are refused with a clear error saying which argument and why', async () => {
    const id = await idOf('source_document', 'tokorozawa-002');
    const err = async (from: number, to: number) => {
      const r = await run(`query($id: ID!, $f: Int!, $t: Int!) { sourceDocument(id: $id) { lines(from: $f, to: $t) { number } } }`, { id, f: from, t: to });
      expect(r.errors, `${from}-${to}`).toHaveLength(1);
      return { field: r.errors![0]!.extensions.field, message: r.errors![0]!.message };
    };
    expect(await err(0, 3)).toMatchObject({ field: 'from', message: expect.stringContaining('1以上') });
    expect(await err(10, 9)).toMatchObject({ field: 'to', message: expect.stringContaining('from') });
    expect(await err(1, MAX_SOURCE_LINES + 1)).toMatchObject({ field: 'to', message: expect.stringContaining(`${MAX_SOURCE_LINES}行まで`) });
    expect(await err(349, 352)).toMatchObject({ field: 'to', message: expect.stringContaining('文書は350行です') });
    expect(await err(400, 401)).toMatchObject({ field: 'from', message: expect.stringContaining('文書は350行です') });
    const ok = await q(`query($id: ID!) { sourceDocument(id: $id) { lines(from: 1, to: ${MAX_SOURCE_LINES}) { number } } }`, { id });
    expect(ok.sourceDocument.lines).toHaveLength(MAX_SOURCE_LINES);
  });

  it('a generated document has no text to serve', async () => {
    const id = (await api.db.query<{ id: number }>(`select id from source_document where generated limit 1`))[0]!.id;
    const d = await q(`query($id: ID!) { sourceDocument(id: $id) { generated lineCount } }`, { id: String(id) });
    expect(d.sourceDocument).toEqual({ generated: true, lineCount: null });
    const r = await run(`query($id: ID!) { sourceDocument(id: $id) { lines(from: 1, to: 2) { number } } }`, { id: String(id) });
    expect(r.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('every imported record with a line gets a page where its document has a page map', async () => {
    for (const t of ['plan', 'department', 'policy_node', 'project', 'indicator', 'indicator_value', 'evaluation', 'department_policy', 'department_policy_initiative', 'survey_result', 'yearly_goal']) {
      const [r] = await api.db.query<{ n: string }>(
        `select count(*) as n from ${t} x join source_document d on d.id = x.source_document_id
          where x.source_line is not null and d.pages is not null and x.source_page is null`,
      );
      expect(Number(r!.n), t).toBe(0);
    }
    const [tokorozawa] = await api.db.query<{ pages: string }>(`select string_agg(distinct source_page::text, ',') as pages from indicator_value where municipality_id = (select id from municipality where code = $1)`, [TOKOROZAWA]);
    expect(tokorozawa!.pages).toBe('1');
  });
});
