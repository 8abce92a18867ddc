/**
 * The aggregations' SQL and the arithmetic around it. Every filter value is a bound
 * parameter; each function issues a fixed number of statements whatever the number of groups.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluationScope, evaluationSource, fiscalYearScope, subjectScope, SubjectFilter, whereSql, withFields, type EvaluationFilter, type SqlScope } from '../graphql/filters.js';
import { FilterError } from '../graphql/errors.js';
import type { RatingRule } from '../dataset/format.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { RatingLevelType } from '../rating/rating.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { IndicatorType, IndicatorValueType } from '../indicator/indicator.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { pathIds } from '../department/department.type.js';
import { executePrepared } from '../graphql/loaders.js';
import { achievementBandCounts } from './band-counts.js';
import { MAX_PAGE_SIZE } from '../graphql/limits.js';
import type { SqlRow } from '../provenance/provenance.type.js';
import type { StageEnum } from '../graphql/filters.js';
import {
  DEFAULT_BANDS,
  achievementRate,
  bandLevel,
  explainBand,
  explainMeanScore,
  explainNotMeasured,
  isNotMeasured,
  meanScoreLevel,
  sortBands,
  type Band,
  type Direction,
} from './rules.js';
import {
  BandCountType,
  BandGroupBy,
  BandGroupType,
  BandType,
  IndicatorAchievementType,
  RatingGroupBy,
  RatingGroupType,
  RuleCheckType,
  SeriesPointType,
  TransitionSubjectType,
} from './analytics.types.js';

type Row = SqlRow;
/** Through the loaders' `execute`, which passes array bindings as PostgreSQL arrays (`col = any(?)`). */
// Prepared: the analyst's aggregations are run again and again with other values, and under
// row-level security take about as long to plan as to run.
const run = (em: EntityManager, sql: string, params: unknown[] = []) => executePrepared<Row[]>(em, sql, params);

export function checkDepth(policyDepth: number | null | undefined): number | null {
  if (policyDepth === undefined || policyDepth === null) return null;
  if (!Number.isInteger(policyDepth) || policyDepth < 1 || policyDepth > 10) {
    throw new FilterError('policyDepth', '1から10の整数を指定してください / must be an integer from 1 to 10');
  }
  return policyDepth;
}

// ---- ratingDistribution --------------------------------------------------------------------

/**
 * Counts per group, scale and level in ONE statement over `evaluation_subject`: the inner
 * query counts per (keys, scale, level), the outer one folds the levels into each group and
 * attaches the scale's levels (for zero counts and the scale's order).
 */
type GroupKey = Exclude<RatingGroupBy, RatingGroupBy.SCALE>;

/**
 * The rollup (`rating_rollup`, see rollups.ts) answers a distribution when every condition and
 * grouping is one of its dimensions: cities, plans, departments (with sub-departments),
 * top-level policy nodes with their subtrees, fiscal years, stages, scales, levels, subject
 * kinds, uncertain; grouped by year, department, stage, city, or the top-level node
 * (POLICY_NODE with policyDepth 1). Anything else (text search, deeper nodes) reads the view.
 * Returns the rollup's key expressions and conditions (alias `r`), or null.
 */
export async function rollupSource(
  em: EntityManager,
  f: EvaluationFilter | undefined,
  by: GroupKey[],
  policyDepth: number | null,
): Promise<{ keyExpr: Record<GroupKey, string>; scope: SqlScope } | null> {
  if (by.includes(RatingGroupBy.POLICY_NODE) && policyDepth !== 1) return null;
  if (f?.search?.trim()) return null;
  const nodes = f?.policyNodeIds?.length ? f.policyNodeIds.map(Number) : null;
  if (nodes && (!f!.includeSubtree || nodes.some((n) => !Number.isInteger(n) || n <= 0))) return null;
  if (nodes) {
    // Subtrees of top-level nodes only: their evaluations are those with that top node.
    const [r] = await run(em, 'select count(*)::int as n from policy_node where id = any(?) and parent_id is null', [nodes]);
    if (Number(r?.n) !== new Set(nodes).size) return null;
  }
  // The same conditions as evaluationScope, on the rollup's columns (the node condition on top_node_id).
  const sub = subjectScope(nodes && f ? withFields(f, { policyNodeIds: undefined }) : f, {
    municipalityId: 'r.municipality_id',
    planId: 'r.plan_id',
    nodeId: 'r.top_node_id',
    nodePath: 'null',
    departmentId: 'r.department_id',
    uncertain: 'r.uncertain',
    searchText: [],
  });
  const where = [...sub.where];
  const bindings = [...sub.bindings];
  if (nodes) {
    where.push('r.top_node_id = any(?)');
    bindings.push(nodes);
  }
  const y = fiscalYearScope(f?.fiscalYears, 'r.fiscal_year');
  where.push(...y.where);
  bindings.push(...y.bindings);
  if (f?.stages?.length) {
    where.push('r.stage = any(?)');
    bindings.push(f.stages);
  }
  if (f?.scaleKeys?.length) {
    where.push('r.scale_id in (select id from rating_scale where key = any(?))');
    bindings.push(f.scaleKeys);
  }
  if (f?.levelCodes?.length) {
    where.push('r.level_id in (select id from rating_level where code = any(?))');
    bindings.push(f.levelCodes);
  }
  if (f?.subjectKinds?.length) {
    where.push('r.subject_kind = any(?)');
    bindings.push(f.subjectKinds);
  }
  return {
    keyExpr: {
      [RatingGroupBy.FISCAL_YEAR]: 'r.fiscal_year',
      [RatingGroupBy.DEPARTMENT]: 'r.department_id',
      [RatingGroupBy.POLICY_NODE]: 'r.top_node_id',
      [RatingGroupBy.STAGE]: 'r.stage::text',
      [RatingGroupBy.MUNICIPALITY]: 'r.municipality_id',
    },
    scope: { where, bindings },
  };
}

export async function ratingDistribution(
  em: EntityManager,
  filter: EvaluationFilter | undefined,
  groupBy: RatingGroupBy[],
  policyDepth: number | null,
  opts: { rollups?: boolean } = {},
): Promise<RatingGroupType[]> {
  const by = [...new Set(groupBy)].filter((g): g is GroupKey => g !== RatingGroupBy.SCALE);
  const rollup = opts.rollups === false ? null : await rollupSource(em, filter, by, policyDepth);
  const keyExpr: Record<GroupKey, string> = rollup?.keyExpr ?? {
    [RatingGroupBy.FISCAL_YEAR]: 'es.fiscal_year',
    [RatingGroupBy.DEPARTMENT]: 'es.department_id',
    // the ancestor at the depth: "/id1/id2/…/" split on "/" has "" first, so depth d is part d + 1
    [RatingGroupBy.POLICY_NODE]: policyDepth ? `nullif(split_part(es.subject_node_path, '/', ${policyDepth + 1}), '')::int` : 'es.subject_node_id',
    [RatingGroupBy.STAGE]: 'es.stage::text',
    [RatingGroupBy.MUNICIPALITY]: 'es.municipality_id',
  };
  const scope = rollup?.scope ?? evaluationScope(filter);
  const a = rollup ? 'r' : 'es';
  const where = whereSql({ where: rollup ? scope.where : ['es.scale_id is not null', ...scope.where], bindings: scope.bindings });
  const keys = by.map((g, i) => `${keyExpr[g]} as k${i}`);
  const keyCols = by.map((_, i) => `c.k${i}`);
  const ordinals = by.map((_, i) => String(i + 1));
  // sql-safe: generated column names only
  const order = [...by.map((_, i) => `g.k${i} nulls last`), 'g.scale_id'].join(', ');
  // sql-safe: group and order columns are generated names (c.k0, g.k1 …) and key expressions from the fixed keyExpr map, never input
  const sql = `
    with c as materialized (
      select ${[...keys, `${a}.scale_id`, `${a}.level_id`, rollup ? 'sum(r.n)::int as n' : 'count(*)::int as n'].join(', ')}
        from ${rollup ? 'rating_rollup r' : 'evaluation_subject es'}
        ${where}
       group by ${[...ordinals, String(by.length + 1), String(by.length + 2)].join(', ')}
    ), g as materialized (
    select ${[...keyCols, 'c.scale_id'].join(', ')},
           sum(c.n)::int as total,
           coalesce(sum(c.n) filter (where c.level_id is not null), 0)::int as rated,
           (sum(c.n * rl.score) filter (where rl.score is not null))::float8
             / nullif(sum(c.n) filter (where rl.score is not null), 0) as mean_score,
           json_object_agg(coalesce(c.level_id, 0), c.n) as counts
      from c left join rating_level rl on rl.id = c.level_id
     group by ${[...keyCols, 'c.scale_id'].join(', ')}
    ), lv as materialized (
    -- each scale's levels once (not once per group, whatever the row estimates)
    select l.scale_id, json_agg(json_build_object('id', l.id, 'code', l.code, 'label', l.label, 'description', l.description,
             'sort_order', l.sort_order, 'score', l.score, 'color', l.color, 'scale_id', l.scale_id) order by l.sort_order, l.id) as levels
      from rating_level l where l.scale_id in (select distinct scale_id from c) group by l.scale_id
    )
    -- each scale's levels on its first row only (not 800 copies to send and parse)
    select g.*, case when row_number() over (partition by g.scale_id order by ${order}) = 1 then lv.levels end as levels
      from g left join lv on lv.scale_id = g.scale_id
     order by ${order}`;
  const rows = await run(em, sql, scope.bindings);
  const set = new Set<RatingGroupBy>(by);
  const levelsOf = new Map<number, { id: string; level: RatingLevelType }[]>();
  return rows.map((r) => {
    const key = (g: Exclude<RatingGroupBy, RatingGroupBy.SCALE>) => (set.has(g) ? (r[`k${by.indexOf(g)}`] ?? null) : null);
    const counts = (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Record<string, number>;
    // One RatingLevelType per level for all groups of its scale.
    let levels = levelsOf.get(Number(r.scale_id));
    if (!levels) {
      const raw = ((typeof r.levels === 'string' ? JSON.parse(r.levels) : r.levels) ?? []) as Row[];
      levelsOf.set(Number(r.scale_id), (levels = raw.map((l) => ({ id: String(l.id), level: RatingLevelType.fromRow(l) }))));
    }
    const rated = Number(r.rated);
    const fy = key(RatingGroupBy.FISCAL_YEAR);
    return Object.assign(new RatingGroupType(), {
      fiscalYear: fy === null ? null : FiscalYear.of(Number(fy)),
      stage: key(RatingGroupBy.STAGE) as StageEnum | null,
      total: Number(r.total),
      rated,
      levelsInOrder: levels.map((l) => l.level),
      levelCounts: levels.map((l) => counts[l.id] ?? 0),
      meanScore: r.mean_score === null || r.mean_score === undefined ? null : Number(r.mean_score),
      scaleId: Number(r.scale_id),
      departmentId: nullableInt(key(RatingGroupBy.DEPARTMENT)),
      policyNodeId: nullableInt(key(RatingGroupBy.POLICY_NODE)),
      municipalityId: nullableInt(key(RatingGroupBy.MUNICIPALITY)),
      groupedBy: new Set([...set, RatingGroupBy.SCALE]),
    });
  });
}

const nullableInt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

// ---- indicator values ----------------------------------------------------------------------

/** This year's target, else the nearest later one (values of one indicator). */
export function targetFor(values: readonly IndicatorValueType[], year: number): IndicatorValueType | null {
  let best: IndicatorValueType | null = null;
  for (const v of values) {
    if (v.kind !== 'target' || v.fiscalYear.year < year) continue;
    if (!best || v.fiscalYear.year < best.fiscalYear.year) best = v;
  }
  return best;
}

const valueOf = (values: readonly IndicatorValueType[], year: number, kind: string) =>
  values.find((v) => v.fiscalYear.year === year && v.kind === kind) ?? null;

function rateOf(indicator: IndicatorType, actual: IndicatorValueType | null, target: IndicatorValueType | null) {
  return achievementRate({
    actual: actual?.value,
    target: target?.value,
    direction: indicator.direction as Direction,
    qualifier: target?.qualifier ?? null,
  });
}

/** One point per fiscal year with any value: baseline, target, actual, the target used and the rate. */
export function seriesPoints(indicator: IndicatorType, values: readonly IndicatorValueType[]): SeriesPointType[] {
  const years = [...new Set(values.map((v) => v.fiscalYear.year))].sort((a, b) => a - b);
  return years.map((y) => {
    const actual = valueOf(values, y, 'actual');
    const targetUsed = targetFor(values, y);
    const a = actual ? rateOf(indicator, actual, targetUsed) : null;
    return Object.assign(new SeriesPointType(), {
      fiscalYear: FiscalYear.of(y),
      baseline: valueOf(values, y, 'baseline'),
      target: valueOf(values, y, 'target'),
      actual,
      targetUsed,
      achievement: a?.percent ?? null,
      achieved: a?.achieved ?? null,
    });
  });
}

// ---- achievementBands ----------------------------------------------------------------------

export const NOT_MEASURED = 'NOT_MEASURED';

/** A rule's bands as the answer lists them, from the top, with their bounds and labels. */
export function bandTypes(bands: readonly Band[]): BandType[] {
  const sorted = sortBands(bands);
  return sorted.map((b, i) => {
    const lowest = i === sorted.length - 1;
    const max = i === 0 ? null : sorted[i - 1]!.minPercent;
    const min = lowest || !Number.isFinite(b.minPercent) ? null : b.minPercent;
    const label = min === null ? `${b.level}（${max}%未満）` : max === null ? `${b.level}（${min}%以上）` : `${b.level}（${min}%以上${max}%未満）`;
    return Object.assign(new BandType(), { key: b.level, label, minPercent: min, maxPercent: max });
  });
}

/** The band of indicators without a rate. */
export const notMeasuredBand = () =>
  Object.assign(new BandType(), { key: NOT_MEASURED, label: '未測定', minPercent: null, maxPercent: null });

type BandRule = Extract<RatingRule, { kind: 'achievementBands' }>;

/** A subject filter's columns over the bands' indicators (`i`, their project `ip`, their node `pn`). */
export const BAND_INDICATOR_COLUMNS = {
  municipalityId: 'i.municipality_id',
  planId: 'pn.plan_id',
  nodeId: 'pn.id',
  nodePath: 'pn.path',
  departmentId: 'coalesce(ip.department_id, pn.effective_department_id)',
  uncertain: 'i.uncertain',
  searchText: ['i.name', 'i.description'],
};

/** An empty group of the bands' answer, with a zero count per band. */
export function newBandGroup(bands: BandType[], departmentId: number | null, policyNodeId: number | null, municipalityId: number | null, groupedBy: Set<BandGroupBy>): BandGroupType {
  return Object.assign(new BandGroupType(), {
    total: 0,
    measured: 0,
    counts: bands.map((b) => Object.assign(new BandCountType(), { band: b, count: 0, share: 0, items: [] })),
    departmentId,
    policyNodeId,
    municipalityId,
    groupedBy,
  });
}

/**
 * Indicators in the filter by achievement band for a fiscal year: the actual of that year
 * against that year's target or the nearest later one (or the rule's target year where the
 * city's rule names the years). Statements: the indicators with their rates' inputs and their
 * cities' rules; with the indicators behind each band, the year's actuals and the targets too.
 */
export async function achievementBands(
  em: EntityManager,
  filter: SubjectFilter | undefined,
  fiscalYear: number,
  groupBy: BandGroupBy[],
  policyDepth: number | null,
  withItems = true,
  withNodes = false,
): Promise<{ bands: BandType[]; groups: BandGroupType[]; nodes: PolicyNodeType[] }> {
  if (!withItems) return achievementBandCounts(em, filter, fiscalYear, groupBy, policyDepth, withNodes);
  const scope = subjectScope(filter, BAND_INDICATOR_COLUMNS);
  // The city's band rule comes with its first indicator (rows are in city order): looked up per
  // city alongside (PostgreSQL memoises the lookup), not in a statement of its own.
  const ruleLookup = `left join lateral (select rs.rule, (rs.rule->>'actualYear')::int as actual_year, (rs.rule->>'targetYear')::int as target_year
                                from rating_scale rs
                               where rs.municipality_id = i.municipality_id and rs.rule is not null and rs.rule->>'kind' = 'achievementBands'
                               order by rs.id limit 1) br on true`;
  const order = 'i.municipality_id, pn.path nulls last, i.sort_order, i.id';
  const ruleColumn = `case when lag(i.municipality_id) over (order by ${order}) is distinct from i.municipality_id then br.rule end as band_rule__`;
  // Grouped by node and the answer names the nodes: each group's node comes with the group's first
  // row (the rows are in path order, so a node's indicators are together), not from a statement of
  // its own. Its depth is a parameter (the first of the statement's values).
  const nodes = withNodes && groupBy.includes(BandGroupBy.POLICY_NODE);
  const groupNode = policyDepth ? `nullif(split_part(pn.path, '/', ?::int + 1), '')::int` : 'pn.id';
  // sql-safe: groupNode and order are fixed SQL fragments chosen here; the depth is a ? binding
  const nodeColumn = nodes ? `, case when lag(${groupNode}) over (order by ${order}) is distinct from ${groupNode}
             then (select row_to_json(g) from policy_node g where g.id = ${groupNode} and g.municipality_id = i.municipality_id) end as group_node__` : '';
  const nodeBindings = nodes && policyDepth ? [policyDepth, policyDepth, policyDepth] : [];
  // With the indicators behind each band (`counts { indicators }`): the indicators, then their
  // year's actuals and targets as records, rated here. Without (the counts), counted in SQL
  // (band-counts.ts).
  // sql-safe: ruleColumn, ruleLookup and order are fixed SQL fragments; every value is a ? binding
  const rows = await run(
    em,
    `select i.*, coalesce(ip.department_id, pn.effective_department_id) as group_department_id,
            pn.id as group_node_id, pn.path as group_node_path, ${ruleColumn}${nodeColumn}
       from indicator i
       left join project ip on ip.id = i.project_id
       left join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id
       ${ruleLookup}
       ${whereSql(scope)}
      order by ${order}`,
    [...nodeBindings, ...scope.bindings],
  );
  const groupNodes: PolicyNodeType[] = [];
  if (nodes)
    for (const r of rows)
      if (r.group_node__ != null) groupNodes.push(PolicyNodeType.fromRow((typeof r.group_node__ === 'string' ? JSON.parse(r.group_node__) : r.group_node__) as Row));
  const municipalities = [...new Set(rows.map((r) => Number(r.municipality_id)))];
  const ruleOf = new Map<number, BandRule>();
  for (const r of rows) {
    if (r.band_rule__ !== null && r.band_rule__ !== undefined)
      ruleOf.set(Number(r.municipality_id), (typeof r.band_rule__ === 'string' ? JSON.parse(r.band_rule__) : r.band_rule__) as BandRule);
  }
  // Only the values the bands read: the year's actuals and the targets (not every year's actuals and baselines).
  const valueRows = rows.length
    ? await run(em, `select * from indicator_value where indicator_id = any(?) and (kind = 'target' or (kind = 'actual' and fiscal_year = ?))`, [
        rows.map((r) => Number(r.id)),
        fiscalYear,
      ])
    : [];
  const valuesOf = new Map<number, IndicatorValueType[]>();
  for (const v of valueRows) {
    const id = Number(v.indicator_id);
    let list = valuesOf.get(id);
    if (!list) valuesOf.set(id, (list = []));
    list.push(IndicatorValueType.fromRow(v));
  }

  // The bands: each city's, de-duplicated by level and bound, from the top; then not measured.
  const allBands: BandType[] = [];
  const bandsOf = new Map<number, BandType[]>();
  for (const m of municipalities) {
    const list = bandTypes(ruleOf.get(m)?.bands ?? DEFAULT_BANDS).map((b) => {
      const same = allBands.find((x) => x.key === b.key && x.minPercent === b.minPercent && x.maxPercent === b.maxPercent);
      if (same) return same;
      allBands.push(b);
      return b;
    });
    bandsOf.set(m, list);
  }
  if (!municipalities.length) allBands.push(...bandTypes(DEFAULT_BANDS));
  allBands.sort((a, b) => (b.minPercent ?? Number.NEGATIVE_INFINITY) - (a.minPercent ?? Number.NEGATIVE_INFINITY));
  const notMeasured = notMeasuredBand();
  const bands = [...allBands, notMeasured];

  const by = new Set(groupBy);
  const groups = new Map<string, BandGroupType>();
  for (const r of rows) {
    const m = Number(r.municipality_id);
    const rule = ruleOf.get(m);
    const indicator = IndicatorType.fromRow(r);
    const vals = valuesOf.get(Number(r.id)) ?? [];
    const actual = valueOf(vals, fiscalYear, 'actual');
    // The city's rule may name the target year its actual year is compared with (伊勢崎: R4 actual vs R6 target).
    const targetUsed = rule?.targetYear && rule.actualYear === fiscalYear ? valueOf(vals, rule.targetYear, 'target') : targetFor(vals, fiscalYear);
    const a = actual ? rateOf(indicator, actual, targetUsed) : null;
    const cityBands = rule?.bands ?? DEFAULT_BANDS;
    const level = a?.percent == null ? null : bandLevel(a.percent, cityBands);
    const band = level === null ? notMeasured : (bandsOf.get(m) ?? allBands).find((b) => b.key === level)!;

    const node = by.has(BandGroupBy.POLICY_NODE)
      ? policyDepth
        ? (pathIds(r.group_node_path)[policyDepth - 1] ?? null)
        : nullableInt(r.group_node_id)
      : null;
    const dept = by.has(BandGroupBy.DEPARTMENT) ? nullableInt(r.group_department_id) : null;
    const muni = by.has(BandGroupBy.MUNICIPALITY) ? m : null;
    const gk = `${dept}|${node}|${muni}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = newBandGroup(bands, dept, node, muni, by)));
    g.total++;
    if (level !== null) g.measured++;
    const cell = g.counts.find((c) => c.band === band)!;
    cell.count++;
    cell.items.push(
      Object.assign(new IndicatorAchievementType(), {
        indicator,
        actual,
        targetUsed,
        achievement: a?.percent ?? null,
        achieved: a?.achieved ?? null,
      }),
    );
  }
  for (const g of groups.values()) for (const c of g.counts) c.share = g.total ? c.count / g.total : 0;
  return { bands, groups: [...groups.values()], nodes: groupNodes };
}

// ---- transitions ---------------------------------------------------------------------------

/** The most subjects a cell lists (`TransitionCell.subjects(first:)`'s maximum page). */
export const MAX_SUBJECTS_PER_CELL = MAX_PAGE_SIZE;

export interface TransitionRow {
  scaleId: number;
  fromLevelId: number | null;
  toLevelId: number | null;
  inFrom: boolean;
  inTo: boolean;
  count: number;
  subjects: TransitionSubjectType[];
  /** The scale's levels in order, on the first row of each scale (null on the others). */
  levels: RatingLevelType[] | null;
}

/**
 * Subjects matched by (kind, subject, scale) between two sides, counted per (scale, from
 * level, to level) in one statement; the side conditions of the filter (fiscalYears, stages)
 * are replaced by the sides.
 */
export async function transitions(
  em: EntityManager,
  filter: EvaluationFilter | undefined,
  from: { fiscalYear: number; stage: StageEnum },
  to: { fiscalYear: number; stage: StageEnum },
  /** How many subjects each cell brings, in name order (the most any `subjects(first:)` shows); 0: none. */
  subjectsPerCell = MAX_SUBJECTS_PER_CELL,
): Promise<TransitionRow[]> {
  const withSubjects = subjectsPerCell > 0;
  const f = filter ? withFields(filter, { fiscalYears: undefined, stages: undefined }) : undefined;
  const scope = evaluationScope(f);
  // Without the cells' subjects (and a filter on the view's columns) straight from `evaluation`.
  const columns = `es.id, es.subject_kind, coalesce(es.policy_node_id, es.indicator_id, es.project_id) as sid, es.scale_id, es.level_id${withSubjects ? ', es.subject_name' : ''}`;
  const where = whereSql({ where: ['es.scale_id is not null', 'es.fiscal_year = ?', 'es.stage = ?', ...scope.where], bindings: [] });
  // sql-safe: columns and the source are fixed text chosen here; the conditions carry placeholders
  const side = `select ${columns} from ${evaluationSource(columns, where)} ${where}`;
  const subjects = withSubjects
    ? `array_to_json((array_agg(json_build_array(f.id, t.id, coalesce(f.subject_kind, t.subject_kind), coalesce(f.subject_name, t.subject_name), coalesce(f.sid, t.sid))
                     order by coalesce(f.subject_name, t.subject_name), coalesce(f.id, t.id)))[1:?::int])`
    : 'null::json';
  // Each scale's levels come with its first row (the cells are laid out on them), not from a
  // statement of their own.
  // sql-safe: `subjects` is one of two fixed expressions above
  const rows = await run(
    em,
    `with f as (${side}), t as (${side}),
     c as (select coalesce(f.scale_id, t.scale_id) as scale_id, f.level_id as from_level, t.level_id as to_level,
                  f.id is not null as in_from, t.id is not null as in_to, count(*)::int as n,
                  ${subjects} as subjects
             from f full join t on t.subject_kind = f.subject_kind and t.sid = f.sid and t.scale_id = f.scale_id
            group by 1, 2, 3, 4, 5)
     select c.*,
            case when lag(c.scale_id) over (order by c.scale_id) is distinct from c.scale_id
                 then (select json_agg(l order by l.sort_order, l.id) from rating_level l where l.scale_id = c.scale_id) end as levels__
       from c
      order by c.scale_id, c.from_level nulls last, c.to_level nulls last`,
    [from.fiscalYear, from.stage, ...scope.bindings, to.fiscalYear, to.stage, ...scope.bindings, ...(withSubjects ? [subjectsPerCell] : [])],
  );
  return rows.map((r) => ({
    scaleId: Number(r.scale_id),
    fromLevelId: nullableInt(r.from_level),
    toLevelId: nullableInt(r.to_level),
    inFrom: Boolean(r.in_from),
    inTo: Boolean(r.in_to),
    count: Number(r.n),
    subjects:
      r.subjects == null
        ? []
        : ((typeof r.subjects === 'string' ? JSON.parse(r.subjects) : r.subjects) as [number | null, number | null, string, string | null, number][]).map(
            ([fromId, toId, kind, name, subjectId]) => Object.assign(new TransitionSubjectType(), { fromId, toId, subjectKind: kind, subjectName: name, subjectId }),
          ),
    levels:
      r.levels__ == null ? null : ((typeof r.levels__ === 'string' ? JSON.parse(r.levels__) : r.levels__) as Row[]).map((l) => RatingLevelType.fromRow(l)),
  }));
}

// ---- stageComparison -----------------------------------------------------------------------

/**
 * `from` and conditions pairing each base evaluation with the compared stage's (aliases es, its
 * level bl; c and its level cl). The base side reads `evaluation` itself unless the filter needs
 * the view's columns: over every city the view's joins were most of the statement's time.
 */
export function stagePairs(filter: EvaluationFilter | undefined, base: StageEnum, compare: StageEnum): { from: string; scope: SqlScope } {
  const { s, also } = baseScope(filter, 'c');
  return {
    // The compared side straight from `evaluation` (not the view again): the inner side of a
    // join is then one index range (city, year, stage) even where the planner misjudges sizes.
    from: `${evaluationSource(...s.where)}
           join rating_level bl on bl.id = es.level_id
           join evaluation c
             on c.municipality_id = es.municipality_id and c.fiscal_year = es.fiscal_year and c.scale_id = es.scale_id
            and c.subject_kind = es.subject_kind
            and coalesce(c.policy_node_id, c.indicator_id, c.project_id) = coalesce(es.policy_node_id, es.indicator_id, es.project_id)
           join rating_level cl on cl.id = c.level_id`,
    scope: {
      where: ['es.stage = ?', 'c.stage = ?', 'es.level_id is not null', ...s.where, ...also.where],
      bindings: [base, compare, ...s.bindings, ...also.bindings],
    },
  };
}

/**
 * The filter's conditions on the base evaluation `es` (stages left out: the sides say them), and
 * its cities and years stated on `alias` too (the compared side, or the kept pairs), so that
 * side is read through its index.
 */
function baseScope(filter: EvaluationFilter | undefined, alias: string) {
  const f = filter ? withFields(filter, { stages: undefined }) : undefined;
  const s = evaluationScope(f);
  const cities = subjectScope(f?.municipalityCodes?.length ? Object.assign(new SubjectFilter(), { municipalityCodes: f.municipalityCodes }) : undefined, {
    municipalityId: `${alias}.municipality_id`,
    planId: 'null',
    nodeId: 'null',
    nodePath: 'null',
    departmentId: 'null',
    uncertain: 'null',
    searchText: [],
  });
  const years = fiscalYearScope(f?.fiscalYears, `${alias}.fiscal_year`);
  return { s, also: { where: [...cities.where, ...years.where], bindings: [...cities.bindings, ...years.bindings] } };
}

/**
 * A page of `stageComparison`'s differences from the pairs kept per base evaluation
 * (`stage_difference`, stage-rollup.ts) in the same order as over the evaluations (fiscal year,
 * base evaluation): one index range nationwide instead of pairing every evaluation of the year.
 * The filter's conditions hold on the base evaluation `es`, as in `stagePairs`.
 */
export function stageDifferences(filter: EvaluationFilter | undefined, base: StageEnum, compare: StageEnum): { from: string; scope: SqlScope } {
  const { s, also } = baseScope(filter, 'd');
  return {
    from: `stage_difference d join ${evaluationSource(...s.where)} on es.id = d.base_id`,
    scope: { where: ['d.stage = ?', 'd.compare_stage = ?', ...s.where, ...also.where], bindings: [base, compare, ...s.bindings, ...also.bindings] },
  };
}

/**
 * `stageComparison`'s counts from the stage rollup (`stage_rollup`) when every condition of the
 * filter is one of its dimensions (the rating rollup's: `rollupSource`); null otherwise (text
 * search, deeper policy nodes: then `stageSummary` over the evaluations).
 */
export async function stageSummaryFromRollup(em: EntityManager, filter: EvaluationFilter | undefined, base: StageEnum, compare: StageEnum) {
  const src = await rollupSource(em, filter ? withFields(filter, { stages: undefined }) : undefined, [], null);
  if (!src) return null;
  const [r] = await run(
    em,
    `select coalesce(sum(r.n), 0)::int as compared,
            coalesce(sum(r.n) filter (where r.difference = 0), 0)::int as agreed,
            coalesce(sum(r.n) filter (where r.difference > 0), 0)::int as stricter,
            coalesce(sum(r.n) filter (where r.difference < 0), 0)::int as lenient
       from stage_rollup r ${whereSql({ where: ['r.stage = ?', 'r.compare_stage = ?', ...src.scope.where], bindings: [] })}`,
    [base, compare, ...src.scope.bindings],
  );
  return { compared: Number(r!.compared), agreed: Number(r!.agreed), stricter: Number(r!.stricter), moreLenient: Number(r!.lenient) };
}

/** `stageComparison`'s counts over the evaluations (`stagePairs`): what the stage rollup must equal. */
export async function stageSummary(em: EntityManager, from: string, scope: SqlScope) {
  const [r] = await run(
    em,
    `select count(*)::int as compared,
            count(*) filter (where cl.sort_order = bl.sort_order)::int as agreed,
            count(*) filter (where cl.sort_order > bl.sort_order)::int as stricter,
            count(*) filter (where cl.sort_order < bl.sort_order)::int as lenient
       from ${from} ${whereSql(scope)}`,
    scope.bindings,
  );
  return { compared: Number(r!.compared), agreed: Number(r!.agreed), stricter: Number(r!.stricter), moreLenient: Number(r!.lenient) };
}

// ---- rule checks ---------------------------------------------------------------------------

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The rule check of every evaluation in `scope` (alias `es` over evaluation_subject) whose
 * scale has a rule. A band rule applies where the actual and target both have a number (or
 * the rule names a level for "not measured"); elsewhere no check is returned. A mean-score
 * rule always applies: with no rated inputs it gives no rating, which a printed rating then
 * contradicts. Four statements whatever the number of evaluations.
 */
export interface RuleCheckOptions {
  /** Indicators whose values the caller has read already (every target, the actuals of the years checked), with their direction. */
  known?: ReadonlyMap<number, { direction: string; values: IndicatorValueType[] }>;
  /**
   * The evaluations in `scope` whose scale has a rule, already read by the caller (columns of
   * `evaluation` with `subject_name`, `rule__` and `scale_key__`, by id): not read again.
   */
  evaluations?: Row[];
  /**
   * Every rating level of the cities of `evaluations`, already read by the caller (columns of
   * `rating_level`: id, scale_id, code, label, description, sort_order, score, color): not read again.
   */
  levels?: Row[];
}

export async function ruleChecks(em: EntityManager, scope: SqlScope, opts: RuleCheckOptions = {}): Promise<RuleCheckType[]> {
  return ruleChecksWith((sql, bindings) => run(em, sql, bindings), scope, opts);
}

/** Runs a statement with `?` placeholders (arrays as one array parameter) and returns its rows. */
export type RowQuery = (sql: string, bindings: unknown[]) => Promise<Row[]>;

/** `ruleChecks` through any connection (`query`): the importer's transaction keeps the checks (rule-checks.ts). */
export async function ruleChecksWith(query: RowQuery, scope: SqlScope, opts: RuleCheckOptions = {}): Promise<RuleCheckType[]> {
  const evs = opts.evaluations ?? await query(
    `select e.*, es.subject_name, es.department_id, rs.rule as rule__, rs.key as scale_key__
       from evaluation_subject es
       join evaluation e on e.id = es.id
       join rating_scale rs on rs.id = es.scale_id
      ${whereSql({ where: ['rs.rule is not null', ...scope.where], bindings: scope.bindings })}
      order by e.fiscal_year, e.id`,
    scope.bindings,
  );
  if (!evs.length) return [];
  const municipalities = [...new Set(evs.map((e) => Number(e.municipality_id)))];
  const bandIndicators = new Set<number>();
  const meanNodes = new Set<number>();
  for (const e of evs) {
    const rule = parseJson<RatingRule>(e.rule__);
    if (rule.kind === 'achievementBands' && e.indicator_id && !opts.known?.has(Number(e.indicator_id))) bandIndicators.add(Number(e.indicator_id));
    if (rule.kind === 'meanScore' && e.policy_node_id) meanNodes.add(Number(e.policy_node_id));
  }
  const [levelRows, valueRows, inputRows] = await Promise.all([
    opts.levels ??
      query(
        `select l.* from rating_level l join rating_scale s on s.id = l.scale_id
          where s.municipality_id = any(?) order by l.scale_id, l.sort_order, l.id`,
        [municipalities],
      ),
    bandIndicators.size
      ? query(
          `select v.*, i.direction as direction__ from indicator i join indicator_value v on v.indicator_id = i.id
            where i.id = any(?) order by v.fiscal_year, v.id`,
          [[...bandIndicators]],
        )
      : Promise.resolve([] as Row[]),
    meanNodes.size
      ? query(
          `select 'indicators' as src, i.policy_node_id as parent_id, i.sort_order, i.id as input_id, x.fiscal_year, x.stage::text as stage,
                  rs.key as scale_key, rs.municipality_id, rl.code, rl.score
             from indicator i join evaluation x on x.indicator_id = i.id
             join rating_scale rs on rs.id = x.scale_id join rating_level rl on rl.id = x.level_id
            where i.policy_node_id = any(?)
           union all
           select 'children', pn.parent_id, pn.sort_order, pn.id, x.fiscal_year, x.stage::text,
                  rs.key, rs.municipality_id, rl.code, rl.score
             from policy_node pn join evaluation x on x.policy_node_id = pn.id
             join rating_scale rs on rs.id = x.scale_id join rating_level rl on rl.id = x.level_id
            where pn.parent_id = any(?)
            order by 2, 3, 4`,
          [[...meanNodes], [...meanNodes]],
        )
      : Promise.resolve([] as Row[]),
  ]);

  const levelById = new Map<number, RatingLevelType>();
  const levelByCode = new Map<string, RatingLevelType>(); // `${scaleId}|${code}`
  for (const l of levelRows) {
    const t = RatingLevelType.fromRow(l);
    levelById.set(Number(l.id), t);
    levelByCode.set(`${l.scale_id}|${l.code}`, t);
  }
  const valuesOf = new Map<number, IndicatorValueType[]>();
  const directionOf = new Map<number, string>();
  for (const [id, k] of opts.known ?? []) {
    valuesOf.set(id, k.values);
    directionOf.set(id, k.direction);
  }
  for (const v of valueRows) {
    const id = Number(v.indicator_id);
    directionOf.set(id, v.direction__);
    let list = valuesOf.get(id);
    if (!list) valuesOf.set(id, (list = []));
    list.push(IndicatorValueType.fromRow(v));
  }

  // Rated inputs with a score, by (source, parent node, year, stage, scale key, city), in the inputs' order.
  const inputKey = (...parts: unknown[]) => parts.map(String).join('|');
  // A level without a score is one the city's rule leaves out of the mean (validated on import:
  // a mean-score rule lists such levels in excludedLevels); kept apart to name them.
  const inputsOf = new Map<string, Row[]>();
  const excludedOf = new Map<string, Row[]>();
  for (const x of inputRows) {
    const k = inputKey(x.src, x.parent_id, x.fiscal_year, x.stage, x.scale_key, x.municipality_id);
    const target = x.score === null || x.score === undefined ? excludedOf : inputsOf;
    let list = target.get(k);
    if (!list) target.set(k, (list = []));
    list.push(x);
  }

  const out: RuleCheckType[] = [];
  for (const e of evs) {
    const rule = parseJson<RatingRule>(e.rule__);
    const scaleId = Number(e.scale_id);
    const printed = e.level_id ? (levelById.get(Number(e.level_id)) ?? null) : null;
    let computedCode: string | null;
    let explanation: string;
    let value: number | null;
    if (rule.kind === 'achievementBands') {
      if (!e.indicator_id) continue;
      const vals = valuesOf.get(Number(e.indicator_id)) ?? [];
      const actualYear = rule.actualYear ?? e.fiscal_year;
      const actual = valueOf(vals, actualYear, 'actual');
      const target = rule.targetYear ? valueOf(vals, rule.targetYear, 'target') : targetFor(vals, actualYear);
      const a = achievementRate({
        actual: actual?.value,
        target: target?.value,
        direction: (directionOf.get(Number(e.indicator_id)) ?? 'unknown') as Direction,
        qualifier: target?.qualifier ?? null,
      });
      if (a.percent === null) {
        // The city's "not measured" level (伊勢崎 "-") is for an actual that could not be obtained;
        // a value printed as text or in several parts is outside the rule: no check.
        if (!rule.unmeasuredLevel || !isNotMeasured(actual)) continue;
        computedCode = rule.unmeasuredLevel;
        explanation = explainNotMeasured(actual?.text, computedCode);
      } else {
        computedCode = bandLevel(a.percent, rule.bands, rule.unmeasuredLevel);
        explanation = explainBand(a, actual?.text, target?.text, computedCode);
      }
      value = a.percent;
    } else {
      if (!e.policy_node_id) continue;
      const key = inputKey(rule.inputs, e.policy_node_id, e.fiscal_year, e.stage, rule.inputScale, e.municipality_id);
      const inputs = inputsOf.get(key) ?? [];
      const r = meanScoreLevel(inputs.map((x) => Number(x.score)), rule.thresholds, rule.otherwise);
      computedCode = r.level;
      explanation = explainMeanScore(r.mean, inputs.map((x) => String(x.code)), r.level, (excludedOf.get(key) ?? []).map((x) => String(x.code)));
      value = r.mean;
    }
    const computed = computedCode === null ? null : (levelByCode.get(`${scaleId}|${computedCode}`) ?? null);
    out.push(
      Object.assign(new RuleCheckType(), {
        evaluation: EvaluationType.fromRow(e),
        printed,
        computed,
        agrees: (printed?.code ?? null) === computedCode,
        explanation,
        value,
        fiscalYear: Number(e.fiscal_year),
        evaluationId: Number(e.id),
      }),
    );
  }
  return out;
}
