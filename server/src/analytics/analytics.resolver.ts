/**
 * Aggregation queries (docs/api-design.md, "Aggregations") and the field resolvers that hang
 * aggregations on other types: `Evaluation.ruleCheck` and `Indicator.series`. Relations go
 * through the request's DataLoaders, so a group list costs one statement per relation kind.
 */
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Float, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { largestArg, selects } from '../graphql/selection.js';
import { noteAnswerForm } from '../graphql/answer-form.js';
import { DEFAULT_PAGE_SIZE } from '../graphql/limits.js';
import type { GraphQLContext } from '../graphql/context.js';
import { EvaluationFilter, StageEnum, SubjectFilter, SubjectKindEnum, MAX_FILTER_LIST } from '../graphql/filters.js';
import { FilterError, NotFoundError } from '../graphql/errors.js';
import { pageSize, paginate, SortDirection } from '../graphql/pagination.js';
import { loadAll, loadEvaluation } from '../graphql/loaders.js';
import { evaluationScope, evaluationSource } from '../graphql/filters.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { DepartmentType } from '../department/department.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { RatingLevelType, RatingScaleType } from '../rating/rating.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { IndicatorType, IndicatorValueType } from '../indicator/indicator.type.js';
import { ProjectType } from '../project/project.type.js';
import {
  AchievementBandDistributionType,
  BandCountType,
  BandGroupBy,
  BandGroupType,
  IndicatorAchievementType,
  IndicatorSeriesType,
  RatingDistributionType,
  RatingGroupBy,
  RatingGroupType,
  RuleCheckConnection,
  RuleCheckType,
  StageComparisonType,
  StageDifferenceType,
  TransitionCellType,
  TransitionMatrixType,
  TransitionScaleMatrixType,
  TransitionSideInput,
  TransitionSubjectType,
  type RuleCheckConnectionType,
  type StageDifferenceConnectionType,
} from './analytics.types.js';
import {
  achievementBands,
  checkDepth,
  ratingDistribution,
  ruleChecks,
  seriesPoints,
  stageDifferences,
  stagePairs,
  stageSummary,
  stageSummaryFromRollup,
  transitions,
  MAX_SUBJECTS_PER_CELL,
} from './analytics.service.js';

function ids(list: string[], field: string): number[] {
  if (list.length > MAX_FILTER_LIST) throw new FilterError(field, `${MAX_FILTER_LIST}件までです / at most ${MAX_FILTER_LIST} values`);
  return list.map((id) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) throw new FilterError(field, `"${id}" はIDではありません / "${id}" is not an id`);
    return n;
  });
}

function checkYear(year: number, field: string): void {
  if (!Number.isInteger(year) || year < 1989 || year > 2100) throw new FilterError(field, '1989から2100の年度を指定してください / must be a fiscal year from 1989 to 2100');
}

/** Per-request loader of rule checks by evaluation id (kept beside the request's loaders). */
const ruleCheckLoaders = new WeakMap<object, DataLoader<number, RuleCheckType | null>>();
function ruleCheckLoader(ctx: GraphQLContext): DataLoader<number, RuleCheckType | null> {
  let l = ruleCheckLoaders.get(ctx.loaders);
  if (!l) {
    l = new DataLoader(async (keys) => {
      const checks = await ruleChecks(ctx.em, { where: ['es.id = any(?)'], bindings: [[...keys]] });
      const map = new Map(checks.map((c) => [c.evaluationId, c]));
      return keys.map((k) => map.get(k) ?? null);
    });
    ruleCheckLoaders.set(ctx.loaders, l);
  }
  return l;
}

const RULE_ORDER = 'ruleInconsistencies';

/** The most cells a transition matrix lists (`cells`); past it the compact `matrices` answer (issue 21: 5,000+ groups are large by nature). */
export const MAX_TRANSITION_CELLS = 5_000;

@Resolver()
export class AnalyticsResolver {
  @Query(() => RatingDistributionType, {
    description:
      '評価の分布：切り口の組合せと評価尺度ごとの段階別件数・割合（1つのSQLで集計） / Rating counts and shares per level, grouped by any combination and always by scale (one SQL statement).',
  })
  async ratingDistribution(
    @Arg('filter', () => EvaluationFilter, { nullable: true, description: '評価の絞り込み / Which evaluations.' }) filter: EvaluationFilter | undefined,
    @Arg('groupBy', () => [RatingGroupBy], { description: '切り口（SCALE は常に含む） / Grouping (SCALE is always included).' }) groupBy: RatingGroupBy[],
    @Arg('policyDepth', () => Int, {
      nullable: true,
      description: 'POLICY_NODE で使う深さ（1 = 最上位）。省略時は対象のノード / Depth of the ancestor for POLICY_NODE (1 = top); the subject’s own node when omitted.',
    })
    policyDepth: number | undefined,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RatingDistributionType> {
    const groups = await ratingDistribution(ctx.em, filter, groupBy, checkDepth(policyDepth));
    const scaleIds = [...new Set(groups.map((g) => g.scaleId))].sort((a, b) => a - b);
    // The scales' levels came with the groups (in the scale's order): `scales { levels }` need not read them again.
    for (const g of groups) ctx.loaders.levelsByScale.prime(g.scaleId, g.levelsInOrder);
    // The groups' scales, departments, nodes and cities loaded now (one statement each) and
    // handed to the groups: 800 groups then resolve them without 1,600 promises.
    const ids = (f: (g: RatingGroupType) => number | null) => [...new Set(groups.map(f).filter((x): x is number => x !== null))];
    const asked = (field: string) => selects(info, 'groups', field);
    const [scales, departments, nodes, cities] = await Promise.all([
      asked('scale') ? loadAll(ctx.loaders.ratingScale, scaleIds) : [],
      asked('department') ? loadAll(ctx.loaders.department, ids((g) => g.departmentId)) : [],
      asked('policyNode') ? loadAll(ctx.loaders.policyNode, ids((g) => g.policyNodeId)) : [],
      asked('municipality') ? loadAll(ctx.loaders.municipality, ids((g) => g.municipalityId)) : [],
    ]);
    const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [Number(x.id), x]));
    const [s, d, n, m] = [byId(scales), byId(departments), byId(nodes), byId(cities)];
    for (const g of groups) {
      g.resolved = {
        scale: s.get(g.scaleId),
        department: g.departmentId === null ? null : d.get(g.departmentId),
        policyNode: g.policyNodeId === null ? null : n.get(g.policyNodeId),
        municipality: g.municipalityId === null ? null : m.get(g.municipalityId),
      };
      // (undefined where not loaded: the field resolvers then load it themselves)
    }
    // The compact form: counts per level without level objects (the levels once, per scale).
    if (asked('levelCounts') && !asked('counts')) noteAnswerForm(ctx, info.path.key as string, 'compact');
    return Object.assign(new RatingDistributionType(), { groups, scaleIds });
  }

  @Query(() => [IndicatorSeriesType], { description: '指標の推移と達成率 / Indicators’ values per year with the achievement rate.' })
  async indicatorSeries(
    @Arg('ids', () => [ID], { description: '指標ID / Indicator ids.' }) idList: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<IndicatorSeriesType[]> {
    const wanted = ids(idList, 'ids');
    const [indicators, values] = await Promise.all([ctx.loaders.indicator.loadMany(wanted), ctx.loaders.valuesByIndicator.loadMany(wanted)]);
    return wanted.map((id, i) => {
      const indicator = indicators[i];
      if (!indicator || indicator instanceof Error) throw new NotFoundError('Indicator', String(id));
      const vals = values[i];
      if (vals instanceof Error) throw vals;
      return Object.assign(new IndicatorSeriesType(), { indicator, points: seriesPoints(indicator, vals ?? []) });
    });
  }

  @Query(() => AchievementBandDistributionType, {
    description:
      '年度の達成率区分ごとの指標数（市の規則の区分、なければ100/80/60%）と未測定 / Indicators per achievement band for a fiscal year (the city’s bands, else ≥100/≥80/≥60/<60), plus not measured.',
  })
  async achievementBands(
    @Arg('filter', () => SubjectFilter, { nullable: true, description: '指標の絞り込み / Which indicators.' }) filter: SubjectFilter | undefined,
    @Arg('fiscalYear', () => Int, { description: '実績の年度 / Fiscal year of the actuals.' }) fiscalYear: number,
    @Arg('groupBy', () => [BandGroupBy], { nullable: true, description: '切り口 / Grouping.' }) groupBy: BandGroupBy[] | undefined,
    @Arg('policyDepth', () => Int, { nullable: true, description: 'POLICY_NODE で使う深さ / Depth of the ancestor for POLICY_NODE.' }) policyDepth: number | undefined,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AchievementBandDistributionType> {
    checkYear(fiscalYear, 'fiscalYear');
    const r = await achievementBands(
      ctx.em,
      filter,
      fiscalYear,
      groupBy ?? [],
      checkDepth(policyDepth),
      selects(info, 'groups', 'counts', 'indicators'),
      selects(info, 'groups', 'policyNode'),
    );
    // The groups' nodes came with the statement's rows: `groups { policyNode }` need not read them again.
    for (const n of r.nodes) ctx.loaders.policyNode.prime(Number(n.id), n);
    return Object.assign(new AchievementBandDistributionType(), { fiscalYear: FiscalYear.of(fiscalYear), bands: r.bands, groups: r.groups });
  }

  @Query(() => TransitionMatrixType, {
    description:
      '評価の遷移：2つの年度（同じ段階）または2つの段階（同じ年度）の段階×段階の件数 / From-level × to-level counts between two fiscal years or two stages, with the subjects behind each cell.',
  })
  async transitions(
    @Arg('filter', () => EvaluationFilter, { nullable: true, description: '評価の絞り込み（fiscalYears と stages は両側の指定で置き換え） / Which evaluations; fiscalYears and stages are replaced by the sides.' })
    filter: EvaluationFilter | undefined,
    @Arg('from', () => TransitionSideInput, { description: '前の側 / From side.' }) from: TransitionSideInput,
    @Arg('to', () => TransitionSideInput, { description: '後の側 / To side.' }) to: TransitionSideInput,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TransitionMatrixType> {
    checkYear(from.fiscalYear, 'from.fiscalYear');
    checkYear(to.fiscalYear, 'to.fiscalYear');
    // Each cell brings only the subjects the query shows (`subjects(first:)`, 50 by default): the
    // whole list of every cell nationwide was 9.1 MB read into the API.
    const shown = largestArg(info, 'first', DEFAULT_PAGE_SIZE, 'cells', 'subjects');
    const rows = await transitions(ctx.em, filter, from, to, shown === undefined ? 0 : Math.min(Math.max(shown, 0), MAX_SUBJECTS_PER_CELL));
    // The scales' levels came with the rows: `levels` and the cells need not read them again.
    for (const r of rows) if (r.levels) ctx.loaders.levelsByScale.prime(r.scaleId, r.levels);
    const scaleIds = [...new Set(rows.filter((r) => r.inFrom && r.inTo).map((r) => r.scaleId))].sort((a, b) => a - b);
    const levelLists = await ctx.loaders.levelsByScale.loadMany(scaleIds);
    const levels: RatingLevelType[] = [];
    const cells: TransitionCellType[] = [];
    const levelById = new Map<number, RatingLevelType>();
    scaleIds.forEach((scaleId, i) => {
      const list = levelLists[i];
      const ls = list instanceof Error || !list ? [] : list;
      for (const l of ls) levelById.set(Number(l.id), l);
      levels.push(...ls);
      const both = rows.filter((r) => r.scaleId === scaleId && r.inFrom && r.inTo);
      const cell = (f: RatingLevelType | null, t: RatingLevelType | null, row?: (typeof rows)[number]) =>
        Object.assign(new TransitionCellType(), { from: f, to: t, count: row?.count ?? 0, scaleId, subjectList: row?.subjects ?? [] });
      for (const f of ls) for (const t of ls) cells.push(cell(f, t, both.find((r) => r.fromLevelId === Number(f.id) && r.toLevelId === Number(t.id))));
      // Unrated on a side: only the pairs that occur.
      for (const r of both) {
        if (r.fromLevelId === null || r.toLevelId === null) {
          cells.push(cell(r.fromLevelId === null ? null : (levelById.get(r.fromLevelId) ?? null), r.toLevelId === null ? null : (levelById.get(r.toLevelId) ?? null), r));
        }
      }
    });
    const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((s, r) => s + r.count, 0);
    // Large by nature over many cities (each city has its own scales): the cells are bounded, the
    // compact form is not (a count per level pair, no objects).
    if (selects(info, 'cells') && cells.length > MAX_TRANSITION_CELLS)
      throw new FilterError(
        'cells',
        `マスが${cells.length.toLocaleString('ja-JP')}あり、上限${MAX_TRANSITION_CELLS.toLocaleString('ja-JP')}を超えます。簡潔な形（matrices）を選ぶか、自治体で絞り込んでください / ${cells.length} cells, over the ${MAX_TRANSITION_CELLS} a response lists: ask for \`matrices\` (compact) or filter by city`,
      );
    if (selects(info, 'matrices')) noteAnswerForm(ctx, info.path.key as string, 'compact');
    const matrices = scaleIds.map((scaleId) => {
      const ls = levels.filter((l) => Number(l.scaleId) === scaleId);
      const at = new Map(ls.map((l, i) => [Number(l.id), i]));
      const counts = ls.map(() => ls.map(() => 0));
      let total = 0;
      for (const r of rows) {
        if (r.scaleId !== scaleId || !r.inFrom || !r.inTo) continue;
        total += r.count;
        const [i, j] = [r.fromLevelId === null ? undefined : at.get(r.fromLevelId), r.toLevelId === null ? undefined : at.get(r.toLevelId)];
        if (i !== undefined && j !== undefined) counts[i]![j] = r.count;
      }
      return Object.assign(new TransitionScaleMatrixType(), { scaleId, counts, total });
    });
    return Object.assign(new TransitionMatrixType(), {
      levels,
      cells,
      matrices,
      total: sum((r) => r.inFrom && r.inTo),
      onlyFrom: sum((r) => r.inFrom && !r.inTo),
      onlyTo: sum((r) => !r.inFrom && r.inTo),
      scaleIds,
    });
  }

  @Query(() => StageComparisonType, {
    description: '段階間の評価の比較：基準（一次評価）と異なる評価 / Where a stage (secondary, external, council) rates differently from the base stage (self).',
  })
  async stageComparison(
    @Arg('filter', () => EvaluationFilter, { nullable: true, description: '評価の絞り込み（stages は無視） / Which evaluations (stages ignored).' }) filter: EvaluationFilter | undefined,
    @Arg('base', () => StageEnum, { defaultValue: StageEnum.SELF, description: '基準の段階 / Base stage.' }) base: StageEnum,
    @Arg('compare', () => StageEnum, { description: '比較する段階 / Compared stage.' }) compare: StageEnum,
    @Arg('first', () => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'このカーソルの後から / After this cursor.' }) after: string | undefined,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StageComparisonType> {
    noteAnswerForm(ctx, info.path.key as string, 'paginated');
    // The counts from the stage rollup where the filter allows (else over the evaluations), the
    // page from the differing pairs kept per base evaluation (stage-rollup.ts).
    const page = stageDifferences(filter, base, compare);
    const [summary, differences] = await Promise.all([
      stageSummaryFromRollup(ctx.em, filter, base, compare).then((s) => {
        if (s) return s;
        const { from, scope } = stagePairs(filter, base, compare);
        return stageSummary(ctx.em, from, scope);
      }),
      paginate<StageDifferenceType>({
        em: ctx.em,
        from: page.from,
        select: 'd.base_id as id, d.compare_id as compare_id, d.difference as difference',
        idColumn: 'd.base_id',
        sortKey: 'd.fiscal_year',
        orderName: 'stageComparison',
        direction: SortDirection.ASC,
        scope: page.scope,
        first,
        after,
        toNode: (r) =>
          Object.assign(new StageDifferenceType(), {
            baseId: Number(r.id),
            compareId: Number(r.compare_id),
            difference: Number(r.difference),
            stricter: Number(r.difference) > 0,
          }),
      }),
    ]);
    // Every pair whose levels differ is stricter or more lenient: no second count.
    Object.defineProperty(differences, 'totalCount', { enumerable: true, value: summary.stricter + summary.moreLenient });
    return Object.assign(new StageComparisonType(), { base, compare, ...summary, differences: differences as StageDifferenceConnectionType });
  }

  @Query(() => RuleCheckConnection, {
    description: '市の規則と一致しない評価（年度順） / Every rating that disagrees with the city’s own rule, by fiscal year.',
  })
  async ruleInconsistencies(
    @Arg('filter', () => EvaluationFilter, { nullable: true, description: '評価の絞り込み / Which evaluations.' }) filter: EvaluationFilter | undefined,
    @Arg('first', () => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'このカーソルの後から / After this cursor.' }) after: string | undefined,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RuleCheckConnectionType> {
    noteAnswerForm(ctx, info.path.key as string, 'paginated');
    // The checks kept per evaluation (rule-checks.ts), paged and counted in SQL: one page of rows
    // reaches the API however many cities the filter spans.
    const scope = evaluationScope(filter);
    const from = `rule_check rc join ${evaluationSource(...scope.where)} on es.id = rc.evaluation_id`;
    const page = await paginate<RuleCheckType>({
      em: ctx.em,
      from,
      select: 'rc.evaluation_id as id, rc.computed_level_id, rc.value, rc.explanation',
      idColumn: 'rc.evaluation_id',
      sortKey: 'rc.fiscal_year',
      orderName: RULE_ORDER,
      direction: SortDirection.ASC,
      scope: { where: ['not rc.agrees', ...scope.where], bindings: scope.bindings },
      first,
      after,
      withTotal: selects(info, 'totalCount'),
      toNode: (r) =>
        Object.assign(new RuleCheckType(), {
          agrees: false,
          explanation: String(r.explanation),
          value: r.value === null || r.value === undefined ? null : Number(r.value),
          fiscalYear: Number(r.sort_key__),
          evaluationId: Number(r.id),
          computedLevelId: r.computed_level_id === null || r.computed_level_id === undefined ? null : Number(r.computed_level_id),
        }),
    });
    // The page's evaluations and levels, each kind in one statement.
    const evaluations = await loadAll(ctx.loaders.evaluation, page.nodes.map((c) => c.evaluationId));
    const byId = new Map(evaluations.map((e) => [Number(e.id), e]));
    const levelIds = new Set<number>();
    for (const e of evaluations) if (e.levelId) levelIds.add(Number(e.levelId));
    for (const c of page.nodes) if (c.computedLevelId) levelIds.add(c.computedLevelId);
    const levels = new Map((await loadAll(ctx.loaders.ratingLevel, [...levelIds])).map((l) => [Number(l.id), l]));
    for (const c of page.nodes) {
      const e = byId.get(c.evaluationId)!;
      c.evaluation = e;
      c.printed = e.levelId ? (levels.get(Number(e.levelId)) ?? null) : null;
      c.computed = c.computedLevelId ? (levels.get(c.computedLevelId) ?? null) : null;
    }
    return page as RuleCheckConnectionType;
  }
}

// ---- relations of the aggregation types ----------------------------------------------------

@Resolver(() => RatingDistributionType)
export class RatingDistributionResolver {
  @FieldResolver(() => [RatingScaleType], {
    description: 'グループに現れる評価尺度（段階つき、各1回） / The scales of the groups, each once with its levels (so groups need only scale { id }).',
  })
  async scales(@Root() d: RatingDistributionType, @Ctx() ctx: GraphQLContext): Promise<RatingScaleType[]> {
    return loadAll(ctx.loaders.ratingScale, d.scaleIds);
  }
}

@Resolver(() => RatingGroupType)
export class RatingGroupResolver {
  // Each returns what ratingDistribution handed the group (no promise), else loads it.
  @FieldResolver(() => RatingScaleType, { description: '評価尺度 / The rating scale.' })
  scale(@Root() g: RatingGroupType, @Ctx() ctx: GraphQLContext): RatingScaleType | Promise<RatingScaleType> {
    return (
      g.resolved?.scale ??
      ctx.loaders.ratingScale.load(g.scaleId).then((s) => {
        if (!s) throw new NotFoundError('RatingScale', String(g.scaleId));
        return s;
      })
    );
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '主管課（DEPARTMENT で分けたとき） / Lead department, when grouped by it.' })
  department(@Root() g: RatingGroupType, @Ctx() ctx: GraphQLContext): DepartmentType | null | Promise<DepartmentType | null> {
    if (g.departmentId === null) return null;
    return g.resolved?.department ?? ctx.loaders.department.load(g.departmentId);
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '施策体系のノード（POLICY_NODE で分けたとき） / Policy node, when grouped by it.' })
  policyNode(@Root() g: RatingGroupType, @Ctx() ctx: GraphQLContext): PolicyNodeType | null | Promise<PolicyNodeType | null> {
    if (g.policyNodeId === null) return null;
    return g.resolved?.policyNode ?? ctx.loaders.policyNode.load(g.policyNodeId);
  }

  @FieldResolver(() => MunicipalityType, { nullable: true, description: '自治体（MUNICIPALITY で分けたとき） / Municipality, when grouped by it.' })
  municipality(@Root() g: RatingGroupType, @Ctx() ctx: GraphQLContext): MunicipalityType | null | Promise<MunicipalityType | null> {
    if (g.municipalityId === null) return null;
    return g.resolved?.municipality ?? ctx.loaders.municipality.load(g.municipalityId);
  }
}

@Resolver(() => BandGroupType)
export class BandGroupResolver {
  @FieldResolver(() => [BandCountType], { description: '区分ごとの数（上の区分から、最後に未測定） / Counts per band from the top, then not measured.' })
  counts(
    @Root() g: BandGroupType,
    @Arg('maxPercent', () => Float, {
      nullable: true,
      description:
        '上限（含まない）がこの値以下の区分のみ（60 で「60%未満」の区分。最上位と未測定は上限がないので除かれる） / Only the bands whose upper bound (exclusive) is at most this percent (60: the bands under 60 %; the top band and not measured have no upper bound and are left out).',
    })
    maxPercent: number | undefined,
  ): BandCountType[] {
    if (maxPercent === undefined || maxPercent === null) return g.counts;
    if (!Number.isFinite(maxPercent)) throw new FilterError('maxPercent', '数値を指定してください / must be a finite number');
    return g.counts.filter((c) => c.band.maxPercent != null && c.band.maxPercent <= maxPercent);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '主管課（DEPARTMENT で分けたとき） / Lead department, when grouped by it.' })
  async department(@Root() g: BandGroupType, @Ctx() ctx: GraphQLContext): Promise<DepartmentType | null> {
    return g.departmentId === null ? null : ctx.loaders.department.load(g.departmentId);
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '施策体系のノード（POLICY_NODE で分けたとき） / Policy node, when grouped by it.' })
  async policyNode(@Root() g: BandGroupType, @Ctx() ctx: GraphQLContext): Promise<PolicyNodeType | null> {
    return g.policyNodeId === null ? null : ctx.loaders.policyNode.load(g.policyNodeId);
  }

  @FieldResolver(() => MunicipalityType, { nullable: true, description: '自治体（MUNICIPALITY で分けたとき） / Municipality, when grouped by it.' })
  async municipality(@Root() g: BandGroupType, @Ctx() ctx: GraphQLContext): Promise<MunicipalityType | null> {
    return g.municipalityId === null ? null : ctx.loaders.municipality.load(g.municipalityId);
  }
}

@Resolver(() => BandCountType)
export class BandCountResolver {
  @FieldResolver(() => [IndicatorAchievementType], { description: '区分に入る指標（並びは施策体系順） / The indicators in the band, in policy-tree order.' })
  indicators(
    @Root() c: BandCountType,
    @Arg('first', () => Int, { nullable: true, description: '件数（既定50、最大500） / How many (default 50, max 500).' }) first: number | undefined,
  ): IndicatorAchievementType[] {
    return c.items.slice(0, pageSize(first));
  }
}

@Resolver(() => TransitionMatrixType)
export class TransitionMatrixResolver {
  @FieldResolver(() => [RatingScaleType], { description: '表に現れる評価尺度 / The scales in the matrix.' })
  async scales(@Root() m: TransitionMatrixType, @Ctx() ctx: GraphQLContext): Promise<RatingScaleType[]> {
    return loadAll(ctx.loaders.ratingScale, m.scaleIds);
  }
}

@Resolver(() => TransitionScaleMatrixType)
export class TransitionScaleMatrixResolver {
  @FieldResolver(() => RatingScaleType, { description: '評価尺度（段階は scales { levels } で） / The rating scale (its levels through the matrix’s scales).' })
  async scale(@Root() m: TransitionScaleMatrixType, @Ctx() ctx: GraphQLContext): Promise<RatingScaleType> {
    const s = await ctx.loaders.ratingScale.load(m.scaleId);
    if (!s) throw new NotFoundError('RatingScale', String(m.scaleId));
    return s;
  }
}

@Resolver(() => TransitionCellType)
export class TransitionCellResolver {
  @FieldResolver(() => RatingScaleType, { description: '評価尺度 / The rating scale.' })
  async scale(@Root() c: TransitionCellType, @Ctx() ctx: GraphQLContext): Promise<RatingScaleType> {
    const s = await ctx.loaders.ratingScale.load(c.scaleId);
    if (!s) throw new NotFoundError('RatingScale', String(c.scaleId));
    return s;
  }

  @FieldResolver(() => [TransitionSubjectType], {
    description:
      'マスの対象（名称順、先頭から first 件まで。全体の件数は count） / The subjects behind the cell, by name: the first `first` of them only (compact by design; `count` says how many there are).',
  })
  subjects(
    @Root() c: TransitionCellType,
    @Arg('first', () => Int, { nullable: true, description: '件数（既定50、最大500） / How many (default 50, max 500).' }) first: number | undefined,
  ): TransitionSubjectType[] {
    return c.subjectList.slice(0, pageSize(first));
  }
}

@Resolver(() => TransitionSubjectType)
export class TransitionSubjectResolver {
  // The subject itself (the same on both sides): what a list of a cell's subjects links to,
  // without loading the two evaluations.
  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '対象の施策体系ノード（対象がノードのとき） / The subject, when it is a policy node.' })
  async policyNode(@Root() s: TransitionSubjectType, @Ctx() ctx: GraphQLContext): Promise<PolicyNodeType | null> {
    return s.subjectKind === SubjectKindEnum.POLICY_NODE ? ctx.loaders.policyNode.load(s.subjectId) : null;
  }

  @FieldResolver(() => IndicatorType, { nullable: true, description: '対象の指標（対象が指標のとき） / The subject, when it is an indicator.' })
  async indicator(@Root() s: TransitionSubjectType, @Ctx() ctx: GraphQLContext): Promise<IndicatorType | null> {
    return s.subjectKind === SubjectKindEnum.INDICATOR ? ctx.loaders.indicator.load(s.subjectId) : null;
  }

  @FieldResolver(() => ProjectType, { nullable: true, description: '対象の事業（対象が事業のとき） / The subject, when it is a project.' })
  async project(@Root() s: TransitionSubjectType, @Ctx() ctx: GraphQLContext): Promise<ProjectType | null> {
    return s.subjectKind === SubjectKindEnum.PROJECT ? ctx.loaders.project.load(s.subjectId) : null;
  }

  @FieldResolver(() => EvaluationType, { description: '前の側の評価 / The evaluation on the from side.' })
  async from(@Root() s: TransitionSubjectType, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EvaluationType> {
    const e = await loadEvaluation(ctx.loaders, s.fromId, info);
    if (!e) throw new NotFoundError('Evaluation', String(s.fromId));
    return e;
  }

  @FieldResolver(() => EvaluationType, { description: '後の側の評価 / The evaluation on the to side.' })
  async to(@Root() s: TransitionSubjectType, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EvaluationType> {
    const e = await loadEvaluation(ctx.loaders, s.toId, info);
    if (!e) throw new NotFoundError('Evaluation', String(s.toId));
    return e;
  }
}

@Resolver(() => StageDifferenceType)
export class StageDifferenceResolver {
  @FieldResolver(() => EvaluationType, { description: '基準の段階の評価 / The base stage’s evaluation.' })
  async base(@Root() d: StageDifferenceType, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EvaluationType> {
    const e = await loadEvaluation(ctx.loaders, d.baseId, info);
    if (!e) throw new NotFoundError('Evaluation', String(d.baseId));
    return e;
  }

  @FieldResolver(() => EvaluationType, { description: '比較する段階の評価 / The compared stage’s evaluation.' })
  async compare(@Root() d: StageDifferenceType, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EvaluationType> {
    const e = await loadEvaluation(ctx.loaders, d.compareId, info);
    if (!e) throw new NotFoundError('Evaluation', String(d.compareId));
    return e;
  }
}

// ---- fields on other slices' types ---------------------------------------------------------

@Resolver(() => EvaluationType)
export class EvaluationRuleCheckResolver {
  @FieldResolver(() => RuleCheckType, {
    nullable: true,
    description:
      '市の規則による評価との照合（規則のない尺度、または達成率を計算できない指標では null） / The rating the city’s rule gives and whether it agrees; null where the scale has no rule or a band rule has no numbers to work with.',
  })
  async ruleCheck(@Root() e: EvaluationType, @Ctx() ctx: GraphQLContext): Promise<RuleCheckType | null> {
    return ruleCheckLoader(ctx).load(Number(e.id));
  }
}

@Resolver(() => IndicatorType)
export class IndicatorSeriesFieldResolver {
  @FieldResolver(() => IndicatorSeriesType, { description: '年度ごとの値と達成率 / Values per year with the achievement rate.' })
  async series(@Root() i: IndicatorType, @Ctx() ctx: GraphQLContext): Promise<IndicatorSeriesType> {
    const values: IndicatorValueType[] = await ctx.loaders.valuesByIndicator.load(Number(i.id));
    return Object.assign(new IndicatorSeriesType(), { indicator: i, points: seriesPoints(i, values) });
  }
}

export const ANALYTICS_RESOLVERS = [
  AnalyticsResolver,
  RatingDistributionResolver,
  RatingGroupResolver,
  BandGroupResolver,
  BandCountResolver,
  TransitionMatrixResolver,
  TransitionScaleMatrixResolver,
  TransitionCellResolver,
  TransitionSubjectResolver,
  StageDifferenceResolver,
  EvaluationRuleCheckResolver,
  IndicatorSeriesFieldResolver,
] as const;
