/**
 * The annual evaluation report (年次評価報告書) from the data: `annualReport(em, options)` returns
 * one plain typed object (see report.types.ts) that the GraphQL field, the Excel workbook
 * (report.xlsx.ts) and the dashboard's print view all show.
 *
 * Contents, for a municipality, a plan and a fiscal year (optionally one stage):
 * - summary: ratings per top-level policy area, scale and stage against the previous year;
 *   indicators per achievement band (the city's bands where its scale states them);
 * - per top-level area, each measure with its ratings by stage, its indicators (baseline,
 *   target, actual, achievement, printed text), its evaluation texts, its lead department and
 *   the rated items below it (伊勢崎 施策の展開, 綾瀬 STEP);
 * - projects with their settled amount and budget (所沢);
 * - appendix: every rating that disagrees with the city's own rule (analytics `ruleChecks`)
 *   and every record marked uncertain or coming from a generated document;
 * - differences from the previous year: ratings that moved, indicators whose actual or
 *   target changed, measures new or no longer evaluated.
 *
 * The measure level differs by city, so it is chosen from the data (`chooseMeasureDepth`):
 *   1. the depth where indicators hang, if policy nodes at that depth are evaluated
 *      (伊勢崎 施策 = 3, サンプル市 施策 = 3, 所沢 重点課題 = 1);
 *   2. else the shallowest evaluated depth below the top (綾瀬 取り組みの方向 = 2, its STEPs
 *      becoming the rated items below each measure);
 *   3. else the depth with most indicators (香取 施策 = 3);
 *   4. else depth 3, or the deepest level when the tree is shallower.
 *
 * "Previous year" is the latest earlier fiscal year with evaluations in the plan.
 * A fixed number of set-based statements (about a dozen) whatever the size of the plan.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { projectCostFigures, reportCostGroups } from './report-costs.js';
import { execute, executePrepared, sideConnection } from '../graphql/loaders.js';
import { FilterError, NotFoundError } from '../graphql/errors.js';
import { StageEnum } from '../graphql/filters.js';
import type { RatingRule } from '../dataset/format.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { IndicatorValueType } from '../indicator/indicator.type.js';
import { ruleChecks, targetFor } from '../analytics/analytics.service.js';
import { DEFAULT_BANDS, achievementRate, bandLevel, sortBands, type Band, type Direction } from '../analytics/rules.js';
import type { SqlRow } from '../provenance/provenance.type.js';
import { flaggedDetail } from './report-labels.js';
import { frontPage, type FrontPageRating } from './report-front-page.js';
import { reportRecords } from './report-records.js';
import type {
  AnnualReportType,
  ReportAreaType,
  ReportBandCountType,
  ReportFlaggedRecordType,
  ReportIndicatorChangeType,
  ReportIndicatorType,
  ReportMeasureChangeType,
  ReportMeasureType,
  ReportProjectType,
  ReportRatingChangeType,
  ReportRatingSummaryType,
  ReportRatingType,
  ReportRuleDisagreementType,
  ReportSubItemType,
  ReportTextType,
} from './report.types.js';

export type AnnualReport = AnnualReportType;
type Row = SqlRow;

export interface ReportOptions {
  municipalityCode: string;
  /** The year reported; null: the latest year with data (`SUGGESTED_YEAR`). */
  fiscalYear: number | null;
  /** The plan; default: the city's plan with most evaluations in the year. */
  planId?: number | null;
  /** Only this stage's evaluations (default: all stages). */
  stage?: StageEnum | null;
  /** Called between steps (for a CLI's progress lines). */
  onProgress?: (step: string) => void;
}

const run = (em: EntityManager, sql: string, params: unknown[] = []) => execute<Row[]>(em, sql, params);
/** The report's statements that read the city's data (run for every report, planned once per connection). */
const prepared = (em: EntityManager, sql: string, params: unknown[] = []) => executePrepared<Row[]>(em, sql, params);
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const str = (v: unknown): string => String(v);
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Headings of an evaluation's texts, in the order they are printed. */
export const TEXT_LABELS: ReadonlyArray<[column: string, label: string]> = [
  ['achievement', '達成状況'],
  ['issues', '課題'],
  ['response', '課題への対応'],
  ['comment', '評価コメント'],
  ['request', '要望・意見'],
];

export const NOT_MEASURED = 'NOT_MEASURED';

interface NodeInfo {
  id: number;
  parentId: number | null;
  depth: number;
  path: string;
  code: string | null;
  name: string;
  lead: string | null;
  effective: string | null;
  related: string[];
  priority: boolean | null;
  uncertain: boolean;
  sortOrder: number;
  children: NodeInfo[];
  /** Position in plan order (depth-first by sort order). */
  order: number;
}

/**
 * The year a report opens on when none is asked for: the city's latest year with evaluations,
 * else with an actual value, else with a baseline (香取 prints baselines and targets only).
 * Each part is read only when the one before finds nothing (PostgreSQL evaluates coalesce's
 * subqueries lazily); the statements alias the municipality m. To be replaced by Municipality.latestFiscalYear's rule once that field is
 * on this branch (the shell's default year), so that both pick the same year.
 */
const SUGGESTED_YEAR = `coalesce(
  (select max(e.fiscal_year) from evaluation e where e.municipality_id = m.id),
  (select max(v.fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'actual' and v.value is not null),
  (select max(v.fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'baseline'))`;

export async function annualReport(em: EntityManager, opts: ReportOptions): Promise<AnnualReport> {
  const progress = opts.onProgress ?? (() => {});
  const year = opts.fiscalYear ?? (await suggestedYear(em, opts.municipalityCode));
  if (!Number.isInteger(year) || year < 1989 || year > 2100) throw new FilterError('fiscalYear', '1989から2100の年度を指定してください / must be a fiscal year from 1989 to 2100');
  const stage = opts.stage ?? null;

  // 1. The city, its plans, and per plan its nodes, the year's rated evaluations (from the
  //    rollup) and the latest earlier year with any (going back from the year through the
  //    rollup's index, each year stopping at its first row: as one max() over the city's earlier
  //    rows the planner read them all); and whether the city has any text-only evaluation (no
  //    scale, so not in the rollup: rare, read through the view then). One statement, each part
  //    from the city's own rows.
  //    The second connection (step 2) is asked for now: it is set up while this runs.
  const sidePromise = sideConnection(em);
  // sql-safe: SUGGESTED_YEAR is constant SQL over the municipality aliased m; every value is a ? binding
  const planRows = await prepared(
    em,
    `select m.id as m_id, m.code, m.name as m_name, m.name_en, m.generated as m_generated, p.id, p.name, p.level_names,
            (select count(*) from policy_node pn where pn.municipality_id = m.id and pn.plan_id = p.id)::int as n_nodes,
            (select sum(r.n) from rating_rollup r where r.municipality_id = m.id and r.fiscal_year = ? and r.plan_id = p.id)::int as n,
            (select y from generate_series(?::int - 1, 1989, -1) y
               cross join lateral (select 1 from rating_rollup r where r.municipality_id = m.id and r.fiscal_year = y and r.plan_id = p.id
                                     and (?::text is null or r.stage = ?::evaluation_stage) limit 1) r
              limit 1) as earlier,
            exists (select 1 from evaluation e where e.municipality_id = m.id and e.scale_id is null) as unrated,
            ${SUGGESTED_YEAR} as suggested
       from municipality m left join plan p on p.municipality_id = m.id
      where m.code = ?
      order by p.id`,
    [year, year, stage, stage, opts.municipalityCode],
  );
  const city = planRows[0];
  if (!city) throw new NotFoundError('municipality', opts.municipalityCode);
  const municipalityId = Number(city.m_id);
  const plans = planRows.filter((p) => p.id !== null);
  const unrated = city.unrated === true;
  // With text-only evaluations, they count too (read through the view).
  const unratedCounts = unrated
    ? await run(
        em,
        `select es.plan_id, count(*)::int as n from evaluation_subject es
          where es.municipality_id = ? and es.fiscal_year = ? and es.scale_id is null and es.plan_id is not null group by 1`,
        [municipalityId, year],
      )
    : [];
  // The plan asked for, else the one with the most evaluations this year (then the most nodes, then the first).
  const evaluationsIn = (p: Row) => Number(p.n ?? 0) + Number(unratedCounts.find((r) => String(r.plan_id) === String(p.id))?.n ?? 0);
  const ranked = plans
    .filter((p) => !opts.planId || String(p.id) === String(opts.planId))
    .map((p) => ({ p, evaluations: evaluationsIn(p) }))
    .sort((a, b) => b.evaluations - a.evaluations || Number(b.p.n_nodes) - Number(a.p.n_nodes) || Number(a.p.id) - Number(b.p.id));
  const plan = ranked[0]?.p;
  if (!plan) {
    throw opts.planId ? new NotFoundError('plan', String(opts.planId)) : new FilterError('municipalityCode', 'この自治体には計画がありません / the municipality has no plan');
  }
  const planId = Number(plan.id);
  // "Previous year": the latest earlier year with evaluations of the plan (of the stage, when one is asked for).
  const [earlier] = unrated
    ? await run(
        em,
        `select greatest(?::int, (select max(es.fiscal_year) from evaluation_subject es
                                   where es.municipality_id = ? and es.scale_id is null and es.plan_id = ? and es.fiscal_year < ?
                                     and (?::text is null or es.stage = ?::evaluation_stage))) as year`,
        [plan.earlier, municipalityId, planId, year, stage, stage],
      )
    : [{ year: plan.earlier }];
  const prevYear = intOrNull(earlier?.year);
  const head: Row = { ...city, p_id: planId, p_name: plan.name, level_names: plan.level_names };
  const levelNames = json<string[]>(head.level_names) ?? [];
  const years = prevYear === null ? [year] : [year, prevYear];
  progress('plan');

  // 2. (Each anchored on the city's rows; the plan's nodes joined without restating the city, whose
  //    correlation with the plan makes the planner expect one node and loop.) The policy tree, the city's scales, the evaluations of both years, the indicators with
  //    their values and the projects with their amounts (five statements, run together). The
  //    evaluations and the projects go to a second connection in the same snapshot when one can be
  //    had without waiting (`sideConnection`): PostgreSQL runs them beside the other three.
  const side = await sidePromise;
  const data = Promise.all([
    prepared(
      em,
      `select pn.id, pn.parent_id, pn.depth, pn.path, pn.code, pn.name, pn.priority, pn.sort_order, pn.uncertain,
              ld.name as lead_name, ed.name as effective_name,
              coalesce((select array_agg(d.name order by d.name) from policy_node_related_department r
                          join department d on d.id = r.department_id where r.policy_node_id = pn.id), '{}') as related
         from policy_node pn
         left join department ld on ld.id = pn.lead_department_id
         left join department ed on ed.id = pn.effective_department_id
        where pn.municipality_id = ? and pn.plan_id = ?
        order by pn.depth, pn.sort_order, pn.id`,
      [municipalityId, planId],
    ),
    prepared(
      em,
      `select rs.id, rs.key, rs.name, rs.subject_kind::text as subject_kind, rs.rule,
              coalesce((select json_agg(json_build_object('id', l.id, 'code', l.code, 'label', l.label, 'description', l.description, 'color', l.color,
                                                          'order', l.sort_order, 'score', l.score)
                                        order by l.sort_order, l.id)
                          from rating_level l where l.scale_id = rs.id), '[]') as levels
         from rating_scale rs where rs.municipality_id = ? order by rs.id`,
      [municipalityId],
    ),
    prepared(
      side,
      // From the base tables, every join stating the city (through the view the planner hashed
      // its joins over the city and joined `evaluation` again for the texts). The texts only of
      // the report's year: the previous year's ratings are compared, not printed. Scale and level
      // are looked up in the city's scales read beside (two joins less to plan and probe).
      `select e.id, e.municipality_id, e.subject_kind::text as subject_kind, e.policy_node_id, e.indicator_id, e.project_id, pn.id as subject_node_id,
              e.fiscal_year, e.stage::text as stage, e.scale_id, e.level_id, e.uncertain,
              coalesce(i.name, p.name, pn.name) as subject_name,
              t.achievement, t.issues, t.response, t.comment, t.request, t.other_texts, t.evaluator, t.evaluated_on
         from evaluation e
         left join indicator i on i.id = e.indicator_id and i.municipality_id = e.municipality_id
         left join project p on p.id = e.project_id and p.municipality_id = e.municipality_id
         left join project ip on ip.id = i.project_id and ip.municipality_id = e.municipality_id
         join policy_node pn on pn.id = coalesce(e.policy_node_id, i.policy_node_id, p.policy_node_id, ip.policy_node_id) and pn.municipality_id = e.municipality_id
         left join lateral (select e.achievement, e.issues, e.response, e.comment, e.request, e.other_texts, e.evaluator, e.evaluated_on::text as evaluated_on
                             where e.fiscal_year = ?) t on true
        where e.municipality_id = ? and e.fiscal_year = any(?) and (?::text is null or e.stage = ?::evaluation_stage) and pn.plan_id = ?
        order by e.fiscal_year, e.stage, e.scale_id nulls last, e.id`,
      [year, municipalityId, years, stage, stage, planId],
    ),
    // The indicators, then their values as plain rows (as JSON built per indicator they took
    // three times as long in PostgreSQL, and whole rows as JSON objects were 2 MB to parse).
    (async () => {
      const rows = await prepared(
        em,
        `select i.id, i.name, i.unit, i.direction::text as direction, i.uncertain, i.policy_node_id, i.project_id,
                coalesce(i.policy_node_id, p.policy_node_id) as node_id
           from indicator i
           left join project p on p.id = i.project_id
           join policy_node pn on pn.id = coalesce(i.policy_node_id, p.policy_node_id)
          where i.municipality_id = ? and pn.plan_id = ?
          order by pn.sort_order, pn.id, i.project_id nulls first, i.sort_order, i.id`,
        [municipalityId, planId],
      );
      const values = rows.length
        ? await prepared(
            em,
            // Only the values the report and the rule check can pick: every baseline; the actuals
            // of the two years and of the years a city's rule compares; the targets a rule names,
            // and those of the earliest of those years or later (a year's target is the first at
            // or after it: earlier ones are never picked; a third of the rows for a plan's last
            // year, whose earlier years' targets were most of them).
            `with rules as (select (rs.rule->>'actualYear')::int as actual_year, (rs.rule->>'targetYear')::int as target_year
                              from rating_scale rs where rs.municipality_id = ? and rs.rule is not null)
             select v.id, v.indicator_id, v.fiscal_year, v.kind, v.value, v.text, v.qualifier, v.printed_achievement_text, v.uncertain, v.parts
               from indicator_value v
              where v.municipality_id = ? and v.indicator_id = any(?)
                and (v.kind = 'baseline'
                     or (v.kind = 'actual' and (v.fiscal_year = any(?) or v.fiscal_year in (select actual_year from rules)))
                     or (v.kind = 'target' and (v.fiscal_year >= least(?::int, (select min(actual_year) from rules))
                                                or v.fiscal_year in (select target_year from rules))))
              order by v.indicator_id, v.fiscal_year, v.kind`,
            [municipalityId, municipalityId, rows.map((r) => r.id), years, Math.min(...years)],
          )
        : [];
      return { rows, values };
    })(),
    prepared(
      side,
      `select p.id, p.name, p.policy_node_id, p.uncertain, d.name as department,
              coalesce((select json_agg(json_build_array(a.fiscal_year, a.kind, a.thousand_yen, a.text) order by a.fiscal_year, a.kind)
                          from project_amount a where a.project_id = p.id and a.fiscal_year in (?, ?::int + 1)), '[]') as amounts,
              (select i.id from indicator i where i.project_id = p.id order by i.sort_order, i.id limit 1) as outcome_id,
              c.total_cost, c.direction::text as direction, c.validity, c.effectiveness, c.efficiency, ou.unit as outcome_unit, ou.actual as outcome_actual
         from project p
         left join project_cost c on c.project_id = p.id and c.fiscal_year = ?::int
         left join lateral (
           select i.unit, (select v.value from indicator_value v where v.indicator_id = i.id and v.fiscal_year = ?::int and v.kind = 'actual') as actual
             from indicator i where i.project_id = p.id order by i.sort_order, i.id limit 1
         ) ou on true
         join policy_node pn on pn.id = p.policy_node_id
         left join department d on d.id = p.department_id
        where p.municipality_id = ? and pn.plan_id = ?
        order by pn.sort_order, pn.id, p.sort_order, p.id`,
      [year, year, year, year, municipalityId, planId],
    ),
  ]);
  // The year's cost roll-ups (areas and 目的別歳出 classes, shares applied), as costRollup answers them.
  const costGroupsPromise = reportCostGroups(em, municipalityId, year);
  costGroupsPromise.catch(() => {}); // awaited below
  // The records to check (the appendix) need only the plan and the year: asked for now, after the
  // statements above on the same connections.
  const flaggedPromise = flaggedRecords(side, municipalityId, planId, year, stage, Boolean(head.m_generated));
  flaggedPromise.catch(() => {}); // awaited below; a failure before then is the statement that failed first
  const [nodeRows, scaleRows, evalRows, { rows: indicatorRows, values: valueRows }, projectRows] = await data;
  progress('data');
  // Each evaluation's scale and level from the city's scales (the evaluation's scale is the city's: foreign key within the city).
  const scaleById = new Map(scaleRows.map((r) => [Number(r.id), r]));
  const levelById = new Map<number, { code: string; label: string | null; color: string | null; order: number }>();
  for (const r of scaleRows) for (const l of json<{ id: number; code: string; label: string | null; color: string | null; order: number }[]>(r.levels)) levelById.set(l.id, l);
  for (const e of evalRows) {
    const sc = e.scale_id == null ? undefined : scaleById.get(Number(e.scale_id));
    const lv = e.level_id == null ? undefined : levelById.get(Number(e.level_id));
    e.scale_key = sc?.key ?? null;
    e.scale_name = sc?.name ?? null;
    e.level_code = lv?.code ?? null;
    e.level_order = lv?.order ?? null;
    e.level_label = lv?.label ?? null;
    e.level_color = lv?.color ?? null;
  }

  // 3. The rule check of this year's ratings (analytics, four statements) and the flagged records.
  const ruleScope = {
    where: ['es.municipality_id = ?', 'es.plan_id = ?', 'es.fiscal_year = ?', ...(stage ? ['es.stage = ?'] : [])],
    bindings: [municipalityId, planId, year, ...(stage ? [stage] : [])],
  };
  // The indicators' values are already here (every target, the actuals the checks compare): the rule check reuses them.
  const valuesOf = new Map<number, { direction: string; values: IndicatorValueType[] }>();
  for (const r of indicatorRows) valuesOf.set(Number(r.id), { direction: str(r.direction), values: [] });
  for (const v of valueRows) valuesOf.get(Number(v.indicator_id))?.values.push(IndicatorValueType.fromRow(v));
  // …and so are this year's evaluations: those on a scale with a rule are checked.
  const ruled = new Map(scaleRows.filter((r) => r.rule).map((r) => [Number(r.id), r]));
  const toCheck = evalRows
    .filter((e) => Number(e.fiscal_year) === year && e.scale_id !== null && ruled.has(Number(e.scale_id)))
    .map((e): Row => ({ ...e, rule__: ruled.get(Number(e.scale_id))!.rule, scale_key__: ruled.get(Number(e.scale_id))!.key }))
    .sort((a, b) => Number(a.id) - Number(b.id));
  // …and so are the city's rating levels.
  const levelRows = scaleRows.flatMap((sc) =>
    json<{ id: number; code: string; label: string; description: string | null; color: string | null; order: number; score: number | null }[]>(sc.levels).map(
      (l): Row => ({ id: l.id, scale_id: sc.id, code: l.code, label: l.label, description: l.description, sort_order: l.order, score: l.score, color: l.color }),
    ),
  );
  const [checks, flaggedRows] = await Promise.all([ruleChecks(em, ruleScope, { known: valuesOf, evaluations: toCheck, levels: levelRows }), flaggedPromise]);
  progress('rules');

  // ---- the tree -------------------------------------------------------------------------
  const nodes = new Map<number, NodeInfo>();
  for (const r of nodeRows) {
    nodes.set(Number(r.id), {
      id: Number(r.id),
      parentId: intOrNull(r.parent_id),
      depth: Number(r.depth),
      path: String(r.path),
      code: r.code ?? null,
      name: String(r.name),
      lead: r.lead_name ?? null,
      effective: r.effective_name ?? null,
      related: json<string[]>(r.related) ?? [],
      priority: r.priority == null ? null : Boolean(r.priority),
      uncertain: Boolean(r.uncertain),
      sortOrder: Number(r.sort_order),
      children: [],
      order: 0,
    });
  }
  const roots: NodeInfo[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const bySort = (a: NodeInfo, b: NodeInfo) => a.sortOrder - b.sortOrder || a.id - b.id;
  let counter = 0;
  const visit = (n: NodeInfo) => {
    n.order = counter++;
    n.children.sort(bySort);
    n.children.forEach(visit);
  };
  roots.sort(bySort).forEach(visit);
  // Asked for every indicator, project and evaluation: made once per node.
  const ancestorCache = new Map<number, NodeInfo[]>();
  const ancestorsOf = (n: NodeInfo): NodeInfo[] => {
    let list = ancestorCache.get(n.id);
    if (!list) {
      list = n.path
        .split('/')
        .filter(Boolean)
        .map(Number)
        .filter((id) => id !== n.id)
        .map((id) => nodes.get(id))
        .filter((x): x is NodeInfo => !!x);
      ancestorCache.set(n.id, list);
    }
    return list;
  };
  const atDepth = (n: NodeInfo, depth: number): NodeInfo | null => (n.depth === depth ? n : (ancestorsOf(n).find((a) => a.depth === depth) ?? null));
  const areaOf = (n: NodeInfo) => atDepth(n, 1) ?? n;

  // ---- the measure level ------------------------------------------------------------------
  const evaluatedDepths = new Set<number>();
  for (const e of evalRows) if (e.subject_kind === 'policy_node' && e.policy_node_id) evaluatedDepths.add(nodes.get(Number(e.policy_node_id))?.depth ?? 0);
  evaluatedDepths.delete(0);
  const indicatorDepths = new Map<number, number>();
  for (const i of indicatorRows) {
    const d = nodes.get(Number(i.node_id))?.depth;
    if (d) indicatorDepths.set(d, (indicatorDepths.get(d) ?? 0) + 1);
  }
  const { depth: measureDepth, reason: measureDepthReason } = chooseMeasureDepth(
    evaluatedDepths,
    indicatorDepths,
    Math.max(1, ...[...nodes.values()].map((n) => n.depth)),
    levelNames,
  );
  const measureOf = (n: NodeInfo | undefined | null) => (n ? atDepth(n, measureDepth) : null);

  // ---- scales, ratings and texts ----------------------------------------------------------
  interface ScaleInfo {
    id: number;
    key: string;
    name: string;
    subjectKind: string;
    rule: RatingRule | null;
    levels: { code: string; label: string | null; color: string | null; order: number }[];
  }
  const scales = new Map<number, ScaleInfo>(
    scaleRows.map((s) => [
      Number(s.id),
      { id: Number(s.id), key: str(s.key), name: str(s.name), subjectKind: str(s.subject_kind), rule: s.rule ? json<RatingRule>(s.rule) : null, levels: json(s.levels) },
    ]),
  );
  const bandRule = [...scales.values()].map((s) => s.rule).find((r): r is Extract<RatingRule, { kind: 'achievementBands' }> => r?.kind === 'achievementBands') ?? null;
  const bands: readonly Band[] = bandRule?.bands ?? DEFAULT_BANDS;

  const checkOf = new Map(checks.map((c) => [c.evaluationId, c]));
  const rating = (e: Row): ReportRatingType => {
    const c = checkOf.get(Number(e.id));
    return {
      evaluationId: str(e.id),
      subjectId: str(e.policy_node_id ?? e.indicator_id ?? e.project_id),
      stage: e.stage as StageEnum,
      scaleKey: e.scale_key ?? null,
      scaleName: e.scale_name ?? null,
      levelCode: e.level_code ?? null,
      levelLabel: e.level_label ?? null,
      levelColor: e.level_color ?? null,
      levelOrder: intOrNull(e.level_order),
      uncertain: Boolean(e.uncertain),
      ruleAgrees: c ? c.agrees : null,
      ruleLevel: c ? (c.computed?.code ?? null) : null,
    };
  };
  const textsOf = (e: Row): ReportTextType[] => {
    const base = {
      subjectId: str(e.policy_node_id ?? e.indicator_id ?? e.project_id),
      stage: e.stage as StageEnum,
      scaleName: e.scale_name ?? null,
      evaluator: e.evaluator ?? null,
      evaluatedOn: e.evaluated_on ?? null,
    };
    const out: ReportTextType[] = [];
    for (const [col, label] of TEXT_LABELS) if (e[col]) out.push({ ...base, label, text: String(e[col]) });
    for (const [label, text] of Object.entries(json<Record<string, string> | null>(e.other_texts) ?? {})) if (text) out.push({ ...base, label, text });
    return out;
  };

  const current = evalRows.filter((e) => Number(e.fiscal_year) === year);
  const previous = evalRows.filter((e) => Number(e.fiscal_year) === prevYear);
  const nodeEvals = new Map<number, Row[]>();
  const indicatorEval = new Map<number, Row>();
  for (const e of current) {
    if (e.subject_kind === 'policy_node') {
      const id = Number(e.policy_node_id);
      let list = nodeEvals.get(id);
      if (!list) nodeEvals.set(id, (list = []));
      list.push(e);
    } else if (e.subject_kind === 'indicator') {
      // One rating per indicator in the row: the first stage (self before secondary …).
      const id = Number(e.indicator_id);
      if (!indicatorEval.has(id)) indicatorEval.set(id, e);
    }
  }

  // ---- measures and areas --------------------------------------------------------------------
  const ordered = [...nodes.values()].sort((a, b) => a.order - b.order);
  const measureNodes = ordered.filter((n) => n.depth === measureDepth);
  const measures: ReportMeasureType[] = measureNodes.map((m) => {
    const ancestors = [...ancestorsOf(m)].sort((a, b) => a.depth - b.depth);
    const own = nodeEvals.get(m.id) ?? [];
    const subItems: ReportSubItemType[] = ordered
      .filter((n) => n.depth > m.depth && n.path.startsWith(m.path) && nodeEvals.has(n.id))
      .map((n) => {
        const evs = nodeEvals.get(n.id) ?? [];
        return {
          id: str(n.id),
          code: n.code,
          name: n.name,
          levelName: levelNames[n.depth - 1] ?? null,
          depth: n.depth,
          childNames: n.children.map((c) => c.name),
          ratings: evs.filter((e) => e.scale_id).map(rating),
          texts: evs.flatMap(textsOf),
        };
      });
    return {
      id: str(m.id),
      areaId: str(areaOf(m).id),
      code: m.code,
      name: m.name,
      levelName: levelNames[m.depth - 1] ?? null,
      ancestorNames: ancestors.map((a) => a.name),
      ancestorCodes: ancestors.map((a) => a.code ?? ''),
      leadDepartment: m.lead ?? m.effective,
      relatedDepartments: m.related,
      priority: m.priority,
      uncertain: m.uncertain,
      ratings: own.filter((e) => e.scale_id).map(rating),
      texts: own.flatMap(textsOf),
      subItems,
    };
  });

  // ---- indicators ------------------------------------------------------------------------
  const indicators: ReportIndicatorType[] = [];
  for (const r of indicatorRows) {
    const vals = valuesOf.get(Number(r.id))?.values ?? [];
    const node = nodes.get(Number(r.node_id));
    const measure = measureOf(node);
    const picked = pickValues(vals, year, bandRule);
    const a = achievementRate({
      actual: picked.actual?.value,
      target: picked.target?.value,
      direction: r.direction as Direction,
      qualifier: picked.target?.qualifier ?? null,
    });
    const e = indicatorEval.get(Number(r.id));
    indicators.push({
      id: str(r.id),
      measureId: measure ? str(measure.id) : null,
      areaId: node ? str(areaOf(node).id) : null,
      projectId: r.project_id ? str(r.project_id) : null,
      name: str(r.name),
      unit: r.unit ?? null,
      direction: str(r.direction),
      baselineYear: picked.baseline?.fiscalYear.year ?? null,
      baselineValue: picked.baseline?.value ?? null,
      baselineText: picked.baseline?.text ?? null,
      baselineParts: partTexts(picked.baseline),
      targetYear: picked.target?.fiscalYear.year ?? null,
      targetValue: picked.target?.value ?? null,
      targetText: picked.target?.text ?? null,
      targetParts: partTexts(picked.target),
      actualYear: picked.actual ? year : null,
      actualValue: picked.actual?.value ?? null,
      actualText: picked.actual?.text ?? null,
      actualParts: partTexts(picked.actual),
      achievement: a.percent,
      achieved: a.achieved,
      printedAchievementText: picked.actual?.printedAchievementText ?? picked.target?.printedAchievementText ?? null,
      band: a.percent === null ? null : bandLevel(a.percent, bands),
      rating: e ? rating(e) : null,
      uncertain: Boolean(r.uncertain) || [picked.baseline, picked.target, picked.actual].some((v) => v?.provenance?.uncertain),
    });
  }

  // ---- projects --------------------------------------------------------------------------
  // A project's own ratings this year (綾瀬 関連実施計画事業の達成状況).
  const projectRatings = new Map<string, ReportRatingType[]>();
  for (const e of current) if (e.project_id != null && e.scale_id != null) projectRatings.set(str(e.project_id), [...(projectRatings.get(str(e.project_id)) ?? []), rating(e)]);
  const projects: ReportProjectType[] = projectRows.map((p) => {
    const amounts = json<[number, string, number | null, string][]>(p.amounts).map(([fiscal_year, kind, thousand_yen, text]) => ({ fiscal_year, kind, thousand_yen, text }));
    const settled = amounts.find((a) => a.kind === 'settled' && Number(a.fiscal_year) === year) ?? null;
    const budget =
      amounts.find((a) => a.kind === 'budget' && Number(a.fiscal_year) === year + 1) ?? amounts.find((a) => a.kind === 'budget' && Number(a.fiscal_year) === year) ?? null;
    const node = nodes.get(Number(p.policy_node_id));
    const measure = measureOf(node);
    return {
      id: str(p.id),
      measureId: measure ? str(measure.id) : null,
      areaId: node ? str(areaOf(node).id) : null,
      name: str(p.name),
      department: p.department ?? null,
      settledYear: year,
      settled: settled?.thousand_yen ?? null,
      settledText: settled?.text ?? null,
      budgetYear: budget ? Number(budget.fiscal_year) : null,
      budget: budget?.thousand_yen ?? null,
      budgetText: budget?.text ?? null,
      outcomeIndicatorId: p.outcome_id ? str(p.outcome_id) : null,
      ...projectCostFigures(p, settled?.thousand_yen ?? null),
      ratings: projectRatings.get(str(p.id)) ?? [],
      uncertain: Boolean(p.uncertain),
    };
  });

  // ---- summary ---------------------------------------------------------------------------
  const areaNodes = roots.filter((r) => r.depth === 1);
  const costGroups = await costGroupsPromise;
  const areas: ReportAreaType[] = areaNodes.map((a) => ({
    id: str(a.id),
    code: a.code,
    name: a.name,
    uncertain: a.uncertain,
    measureCount: measures.filter((m) => m.areaId === str(a.id)).length,
    indicatorCount: indicators.filter((i) => i.areaId === str(a.id)).length,
    ratings: (measureDepth === 1 ? [] : (nodeEvals.get(a.id) ?? [])).filter((e) => e.scale_id).map(rating),
    ...costGroups.areaCost(str(a.id)),
  }));

  const ratingSummary: ReportRatingSummaryType[] = [];
  const summaryKey = (areaId: number, scaleId: number, st: string) => `${areaId}|${scaleId}|${st}`;
  const tally = new Map<string, { cur: Map<string, number>; prev: Map<string, number> }>();
  for (const e of evalRows) {
    if (e.subject_kind !== 'policy_node' || !e.scale_id || !e.level_code) continue;
    const n = nodes.get(Number(e.policy_node_id));
    if (!n) continue;
    const k = summaryKey(areaOf(n).id, Number(e.scale_id), str(e.stage));
    let t = tally.get(k);
    if (!t) tally.set(k, (t = { cur: new Map(), prev: new Map() }));
    const side = Number(e.fiscal_year) === year ? t.cur : t.prev;
    side.set(e.level_code, (side.get(e.level_code) ?? 0) + 1);
  }
  const stageOrder = Object.values(StageEnum) as string[];
  for (const a of areaNodes) {
    for (const s of scales.values()) {
      for (const st of stageOrder) {
        const t = tally.get(summaryKey(a.id, s.id, st));
        if (!t || ![...t.cur.values()].some((x) => x > 0)) continue;
        const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
        ratingSummary.push({
          areaId: str(a.id),
          areaName: a.name,
          scaleKey: s.key,
          scaleName: s.name,
          stage: st as StageEnum,
          total: sum(t.cur),
          previousTotal: prevYear === null ? null : sum(t.prev),
          levels: s.levels.map((l) => ({
            code: l.code,
            label: l.label,
            color: l.color,
            count: t.cur.get(l.code) ?? 0,
            previousCount: prevYear === null ? null : (t.prev.get(l.code) ?? 0),
          })),
        });
      }
    }
  }

  const bandList = bandLabels(bands);
  const bandCounts = (list: ReportIndicatorType[]): ReportBandCountType[] =>
    [...bandList, { key: NOT_MEASURED, label: '未測定', minPercent: null, maxPercent: null }].map((b) => {
      const count = list.filter((i) => (i.band ?? NOT_MEASURED) === b.key).length;
      return { ...b, count, share: list.length ? count / list.length : 0 };
    });

  // ---- appendix --------------------------------------------------------------------------
  const evalById = new Map(current.map((e) => [Number(e.id), e]));
  const measureLabel = (m: NodeInfo | null) => (m ? [m.code, m.name].filter(Boolean).join(' ') : null);
  const subjectNode = (e: Row | undefined) => (e?.subject_node_id ? nodes.get(Number(e.subject_node_id)) : undefined);
  const ruleDisagreements: ReportRuleDisagreementType[] = checks
    .filter((c) => !c.agrees)
    .map((c) => {
      const e = evalById.get(c.evaluationId);
      const m = measureOf(subjectNode(e));
      return {
        evaluationId: str(c.evaluationId),
        subjectKind: str(e?.subject_kind ?? c.evaluation.subjectKind),
        subjectName: str(e?.subject_name ?? ''),
        measureId: m ? str(m.id) : null,
        measureLabel: measureLabel(m),
        scaleName: e?.scale_name ?? null,
        stage: c.evaluation.stage,
        printed: c.printed?.code ?? null,
        computed: c.computed?.code ?? null,
        explanation: c.explanation,
      };
    })
    .sort((a, b) => (orderOfMeasure(a.measureId) - orderOfMeasure(b.measureId)) || Number(a.evaluationId) - Number(b.evaluationId));
  function orderOfMeasure(id: string | null) {
    return id ? (nodes.get(Number(id))?.order ?? 1e9) : 1e9;
  }

  const flagged: ReportFlaggedRecordType[] = flaggedRows.map((r) => ({
    kind: str(r.kind),
    subject: str(r.subject),
    detail: flaggedDetail(str(r.kind), intOrNull(r.d_year), r.d_what ?? null, r.d_text ?? null),
    reason: r.generated ? 'generated' : 'uncertain',
    note: r.note ?? null,
    document: r.doc ?? null,
    line: intOrNull(r.line),
  }));

  // ---- differences from the previous year -------------------------------------------------
  const ratingChanges: ReportRatingChangeType[] = [];
  const indicatorChanges: ReportIndicatorChangeType[] = [];
  const newMeasures: ReportMeasureChangeType[] = [];
  const removedMeasures: ReportMeasureChangeType[] = [];
  if (prevYear !== null) {
    const subjectKey = (e: Row) => `${e.subject_kind}|${e.policy_node_id ?? e.indicator_id ?? e.project_id}|${e.scale_id}|${e.stage}`;
    const before = new Map(previous.map((e) => [subjectKey(e), e]));
    const codeOf = (e: Row) => (e.policy_node_id ? (nodes.get(Number(e.policy_node_id))?.code ?? null) : null);
    for (const e of current) {
      const p = before.get(subjectKey(e));
      if (!p || !e.level_code || !p.level_code || e.level_code === p.level_code) continue;
      ratingChanges.push({
        subjectKind: str(e.subject_kind),
        subjectId: str(e.policy_node_id ?? e.indicator_id ?? e.project_id),
        subjectName: str(e.subject_name),
        code: codeOf(e),
        scaleName: e.scale_name ?? null,
        stage: e.stage as StageEnum,
        previousLevel: str(p.level_code),
        currentLevel: str(e.level_code),
        direction: Number(e.level_order) < Number(p.level_order) ? 1 : -1,
      });
    }
    const nodeOrder = (e: ReportRatingChangeType) => {
      const n = e.subjectKind === 'policy_node' ? nodes.get(Number(e.subjectId)) : undefined;
      return n?.order ?? 1e9;
    };
    ratingChanges.sort((a, b) => nodeOrder(a) - nodeOrder(b) || a.subjectKind.localeCompare(b.subjectKind));

    for (const r of indicatorRows) {
      const vals = valuesOf.get(Number(r.id))?.values ?? [];
      const now = pickValues(vals, year, bandRule);
      const then = pickValues(vals, prevYear, bandRule);
      const m = measureOf(nodes.get(Number(r.node_id)));
      for (const what of ['actual', 'target'] as const) {
        const c = now[what];
        const p = then[what];
        if (!c && !p) continue;
        if (c && p && c.value === p.value && c.text === p.text) continue;
        indicatorChanges.push({
          indicatorId: str(r.id),
          name: str(r.name),
          measureLabel: measureLabel(m),
          what,
          previousText: p?.text ?? null,
          previousValue: p?.value ?? null,
          currentText: c?.text ?? null,
          currentValue: c?.value ?? null,
        });
      }
    }

    const evaluatedMeasures = (rows: Row[]) => {
      const set = new Set<number>();
      for (const e of rows) {
        const m = measureOf(subjectNode(e));
        if (m) set.add(m.id);
      }
      return set;
    };
    const nowSet = evaluatedMeasures(current);
    const thenSet = evaluatedMeasures(previous);
    const change = (n: NodeInfo): ReportMeasureChangeType => ({ id: str(n.id), code: n.code, name: n.name, areaName: areaOf(n).name });
    for (const n of measureNodes) {
      if (nowSet.has(n.id) && !thenSet.has(n.id)) newMeasures.push(change(n));
      if (!nowSet.has(n.id) && thenSet.has(n.id)) removedMeasures.push(change(n));
    }
  }
  // ---- the front page ---------------------------------------------------------------------
  const measureRating = (e: Row): FrontPageRating => ({ measureId: str(e.policy_node_id), scaleId: Number(e.scale_id), stage: str(e.stage), levelCode: e.level_code ?? null });
  const onMeasure = (e: Row) => e.subject_kind === 'policy_node' && e.scale_id != null && nodes.get(Number(e.policy_node_id))?.depth === measureDepth;
  const previousIndicators =
    prevYear === null
      ? null
      : indicatorRows.map((r) => {
          const picked = pickValues(valuesOf.get(Number(r.id))?.values ?? [], prevYear, bandRule);
          const a = achievementRate({ actual: picked.actual?.value, target: picked.target?.value, direction: r.direction as Direction, qualifier: picked.target?.qualifier ?? null });
          return { achieved: a.achieved, achievement: a.percent };
        });
  const front = frontPage({
    measures,
    areas,
    scales: [...scales.values()].map((sc) => ({ id: sc.id, key: sc.key, name: sc.name, levels: sc.levels })),
    stage,
    stageOrder,
    current: current.filter(onMeasure).map(measureRating),
    previous: previous.filter(onMeasure).map(measureRating),
    previousYear: prevYear,
    indicators,
    previousIndicators,
  });
  // Department policies of the year, survey rows, goals per year and 重点 counts (report-records.ts).
  const records = await reportRecords(em, municipalityId, planId, year);
  progress('assembled');

  const stagesPresent = stageOrder.filter((s) => current.some((e) => e.stage === s)) as StageEnum[];
  return {
    municipalityCode: str(head.code),
    municipalityName: str(head.m_name),
    municipalityNameEn: head.name_en ?? null,
    generated: Boolean(head.m_generated),
    planId: str(planId),
    planName: str(head.p_name),
    levelNames,
    measureDepth,
    measureLevelName: levelNames[measureDepth - 1] ?? null,
    measureDepthReason,
    areaLevelName: levelNames[0] ?? null,
    fiscalYear: FiscalYear.of(year),
    previousFiscalYear: prevYear === null ? null : FiscalYear.of(prevYear),
    stage,
    stages: stagesPresent,
    generatedAt: new Date().toISOString(),
    suggestedFiscalYear: head.suggested == null ? null : FiscalYear.of(Number(head.suggested)),
    frontPage: front,
    summary: {
      measureCount: measures.length,
      indicatorCount: indicators.length,
      evaluationCount: current.length,
      ratings: ratingSummary,
      bands: bandCounts(indicators),
      bandsByArea: areas.map((a) => ({ areaId: a.id, counts: bandCounts(indicators.filter((i) => i.areaId === a.id)) })),
    },
    areas,
    costByPurpose: costGroups.purposes,
    measures,
    indicators,
    projects,
    appendix: {
      ruleDisagreements,
      ruleChecked: checks.length,
      flagged,
      generatedNote: head.m_generated
        ? 'この自治体のデータはすべて生成された架空のデータです（個々の記録は一覧にしていません）。'
        : null,
    },
    differences: { ratingChanges, indicatorChanges, newMeasures, removedMeasures },
    ...records,
  };
}

/** The year to report when none is given (see SUGGESTED_YEAR); a city with no values at all: refused with a clear error. */
async function suggestedYear(em: EntityManager, municipalityCode: string): Promise<number> {
  // sql-safe: SUGGESTED_YEAR is constant SQL over the municipality aliased m
  const [row] = await run(em, `select m.id, ${SUGGESTED_YEAR} as year from municipality m where m.code = ?`, [municipalityCode]);
  if (!row) throw new NotFoundError('municipality', municipalityCode);
  if (row.year === null || row.year === undefined) {
    throw new FilterError('fiscalYear', 'この自治体には評価も指標の値もないため、年度を指定してください / the municipality has no evaluations or values: give a fiscal year');
  }
  return Number(row.year);
}

/** See the module comment: the level treated as "measures" and why. */
export function chooseMeasureDepth(
  evaluatedDepths: ReadonlySet<number>,
  indicatorDepths: ReadonlyMap<number, number>,
  maxDepth: number,
  levelNames: readonly string[],
): { depth: number; reason: string } {
  const name = (d: number) => levelNames[d - 1] ?? `第${d}階層`;
  const byCount = [...indicatorDepths.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const both = byCount.find(([d]) => evaluatedDepths.has(d));
  if (both) return { depth: both[0], reason: `指標が付き、評価もある階層（${name(both[0])}）を施策として扱います` };
  const evaluated = [...evaluatedDepths].sort((a, b) => a - b);
  const below = evaluated.find((d) => d >= 2) ?? evaluated[0];
  if (below !== undefined) return { depth: below, reason: `評価のある最上位の階層（最上位の政策分野を除く、${name(below)}）を施策として扱います` };
  if (byCount[0]) return { depth: byCount[0][0], reason: `指標の最も多い階層（${name(byCount[0][0])}）を施策として扱います` };
  const d = Math.min(3, maxDepth);
  return { depth: d, reason: `評価も指標もないため第${d}階層（${name(d)}）を施策として扱います` };
}

/** A value printed in several parts, as its parts' printed texts (none for a single value). */
const partTexts = (v: IndicatorValueType | null | undefined): string[] => v?.parts.map((p) => p.text) ?? [];

/**
 * The values a report row shows for a year: the actual of the year, the target it is compared
 * with (the city's rule may name the years: 伊勢崎 compares the R4 actual with the R6 target;
 * else this year's target or the next later one) and the latest baseline up to the year.
 */
export function pickValues(
  vals: readonly IndicatorValueType[],
  year: number,
  rule: Extract<RatingRule, { kind: 'achievementBands' }> | null,
): { baseline: IndicatorValueType | null; target: IndicatorValueType | null; actual: IndicatorValueType | null } {
  const actual = vals.find((v) => v.kind === 'actual' && v.fiscalYear.year === year) ?? null;
  const target =
    rule?.targetYear && rule.actualYear === year
      ? (vals.find((v) => v.kind === 'target' && v.fiscalYear.year === rule.targetYear) ?? targetFor(vals, year))
      : targetFor(vals, year);
  const baselines = vals.filter((v) => v.kind === 'baseline').sort((a, b) => a.fiscalYear.year - b.fiscalYear.year);
  const baseline = [...baselines].reverse().find((v) => v.fiscalYear.year <= year) ?? baselines[0] ?? null;
  return { baseline, target, actual };
}

/** "A（100%以上）", "B（80%以上100%未満）" … from the top, with their bounds. */
export function bandLabels(bands: readonly Band[]): { key: string; label: string; minPercent: number | null; maxPercent: number | null }[] {
  const sorted = sortBands(bands);
  return sorted.map((b, i) => {
    const max = i === 0 ? null : sorted[i - 1]!.minPercent;
    const lowest = i === sorted.length - 1;
    const min = lowest || !Number.isFinite(b.minPercent) ? null : b.minPercent;
    const label = min === null ? `${b.level}（${max}%未満）` : max === null ? `${b.level}（${min}%以上）` : `${b.level}（${min}%以上${max}%未満）`;
    return { key: b.level, label, minPercent: min, maxPercent: max };
  });
}

/**
 * Records of the plan marked uncertain (or from a generated document) in one statement: the
 * plan, its nodes, indicators, indicator values, projects, amounts and this year's
 * evaluations. For a city whose data is all generated only uncertain records are listed (the
 * report says once that everything is generated). Every branch starts from the flagged table's
 * own rows of the city (partial indexes on the uncertain rows, Migration20261207000000) and
 * checks the plan afterwards; the evaluations are joined to their subjects through the base
 * tables as the view `evaluation_subject` does (planning the view took longer than reading).
 */
async function flaggedRecords(em: EntityManager, municipalityId: number, planId: number, year: number, stage: string | null, allGenerated: boolean): Promise<Row[]> {
  const flag = (alias: string) => (allGenerated ? `${alias}.uncertain` : `(${alias}.uncertain or coalesce(sd.generated, false))`);
  const cols = (alias: string) => `${alias}.source_note as note, ${alias}.source_line as line, sd.title as doc, (not ${alias}.uncertain and coalesce(sd.generated, false)) as generated`;
  const m = municipalityId;
  if (allGenerated) {
    // Most generated cities have no uncertain record at all: look first through the partial
    // indexes (a statement of single-table lookups plans in a fraction of a millisecond; the
    // full statement took 6 ms to plan under row-level security).
    const [any] = await run(
      em,
      `select exists (select 1 from plan where id = ? and uncertain)
           or exists (select 1 from policy_node where municipality_id = ? and uncertain)
           or exists (select 1 from indicator where municipality_id = ? and uncertain)
           or exists (select 1 from indicator_value where municipality_id = ? and uncertain)
           or exists (select 1 from project where municipality_id = ? and uncertain)
           or exists (select 1 from project_amount where municipality_id = ? and uncertain)
           or exists (select 1 from evaluation where municipality_id = ? and fiscal_year = ? and uncertain) as any`,
      [planId, m, m, m, m, m, m, year],
    );
    if (!any?.any) return [];
  }
  return run(
    em,
    `with nodes as (select id from policy_node where municipality_id = ? and plan_id = ?)
     select * from (
       select 1 as o, 'plan' as kind, pl.name as subject, null::int as d_year, null::text as d_what, null::text as d_text, ${cols('pl')}, 0 as s1, pl.id as s2
         from plan pl left join source_document sd on sd.id = pl.source_document_id where pl.id = ? and ${flag('pl')}
       union all
       select 2, 'policy_node', concat_ws(' ', pn.code, pn.name), null, null, null, ${cols('pn')}, pn.sort_order, pn.id
         from policy_node pn left join source_document sd on sd.id = pn.source_document_id
        where pn.municipality_id = ? and pn.plan_id = ? and ${flag('pn')}
       union all
       select 3, 'indicator', i.name, null, null, null, ${cols('i')}, i.sort_order, i.id
         from indicator i left join project ip on ip.id = i.project_id left join source_document sd on sd.id = i.source_document_id
        where i.municipality_id = ? and ${flag('i')} and coalesce(i.policy_node_id, ip.policy_node_id) in (select id from nodes)
       union all
       select 4, 'indicator_value', i.name, v.fiscal_year, v.kind::text, v.text, ${cols('v')}, v.fiscal_year, v.id
         from indicator_value v join indicator i on i.id = v.indicator_id left join project ip on ip.id = i.project_id
              left join source_document sd on sd.id = v.source_document_id
        where v.municipality_id = ? and ${flag('v')} and coalesce(i.policy_node_id, ip.policy_node_id) in (select id from nodes)
       union all
       select 5, 'project', p.name, null, null, null, ${cols('p')}, p.sort_order, p.id
         from project p left join source_document sd on sd.id = p.source_document_id
        where p.municipality_id = ? and ${flag('p')} and p.policy_node_id in (select id from nodes)
       union all
       select 6, 'project_amount', p.name, a.fiscal_year, a.kind::text, a.text, ${cols('a')}, a.fiscal_year, a.id
         from project_amount a join project p on p.id = a.project_id left join source_document sd on sd.id = a.source_document_id
        where a.municipality_id = ? and ${flag('a')} and p.policy_node_id in (select id from nodes)
       union all
       select 7, 'evaluation', coalesce(ei.name, ep.name, en.name), e.fiscal_year, e.stage::text, l.code, ${cols('e')}, 0, e.id
         from evaluation e
              left join indicator ei on ei.id = e.indicator_id and ei.municipality_id = e.municipality_id
              left join project ep on ep.id = e.project_id and ep.municipality_id = e.municipality_id
              left join project eip on eip.id = ei.project_id and eip.municipality_id = e.municipality_id
              left join policy_node en on en.id = coalesce(e.policy_node_id, ei.policy_node_id, ep.policy_node_id, eip.policy_node_id)
                                      and en.municipality_id = e.municipality_id
              left join rating_level l on l.id = e.level_id
              left join source_document sd on sd.id = e.source_document_id
        where e.municipality_id = ? and e.fiscal_year = ? and (?::text is null or e.stage::text = ?::text) and ${flag('e')} and en.plan_id = ?
     ) x order by o, s1, s2`,
    [m, planId, planId, m, planId, m, m, m, m, m, year, stage, stage, planId],
  );
}
