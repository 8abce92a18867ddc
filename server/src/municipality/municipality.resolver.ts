import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selects } from '../graphql/selection.js';
import { execute, municipalityFromRow } from '../graphql/loaders.js';
import { COUNTED } from '../analytics/city-summary.js';
import type { SqlRow as Row } from '../provenance/provenance.type.js';
import type { GraphQLContext } from '../graphql/context.js';
import { MunicipalityCounts, MunicipalityType, StageCount, YearSummary } from './municipality.type.js';
import { YEAR_SUMMARY_SQL } from './fiscal-years.js';
import { StageEnum } from '../graphql/filters.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { PlanType } from '../plan/plan.type.js';
import { RatingScaleType } from '../rating/rating.type.js';

/** Summary rows attached by `municipalities` to the cities it returns. */
const SUMMARY = new WeakMap<MunicipalityType, Row | null>();

function countsOf(row: Row | undefined): MunicipalityCounts {
  const n = (k: keyof typeof COUNTED) => Number(row?.[k] ?? 0);
  return Object.assign(new MunicipalityCounts(), {
    plans: n('plans'),
    policyNodes: n('policy_nodes'),
    departments: n('departments'),
    indicators: n('indicators'),
    indicatorValues: n('indicator_values'),
    evaluations: n('evaluations'),
    projects: n('projects'),
    departmentPolicies: n('department_policies'),
  });
}

@Resolver(() => MunicipalityType)
export class MunicipalityResolver {
  @Query(() => [MunicipalityType], { description: '自治体の一覧（コード順） / All municipalities, by code.' })
  async municipalities(@Ctx() { em }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<MunicipalityType[]> {
    // Plain rows, not entities: at national size the list has 1,741 cities.
    const rows = await execute<Row[]>(em, 'select * from municipality order by code');
    const list = rows.map(municipalityFromRow);
    if (selects(info, 'counts')) {
      // Every city's counts in one statement, handed to `counts` with its city (no promise per city).
      const summaries = await execute<Row[]>(em, 'select * from municipality_summary');
      const byId = new Map(summaries.map((r) => [String(r.municipality_id), r]));
      for (const m of list) SUMMARY.set(m, byId.get(m.id) ?? null);
    }
    return list;
  }

  @Query(() => MunicipalityType, { nullable: true, description: 'コードで自治体を1件 / One municipality by its code.' })
  async municipality(
    @Arg('code', () => String, { description: '全国地方公共団体コード / Municipality code.' }) code: string,
    @Ctx() { em }: GraphQLContext,
  ): Promise<MunicipalityType | null> {
    const [row] = await execute<Row[]>(em, 'select * from municipality where code = ?', [code]);
    return row ? municipalityFromRow(row) : null;
  }

  @FieldResolver(() => MunicipalityCounts, { description: 'データ件数 / Record counts.' })
  counts(@Root() m: MunicipalityType, @Ctx() { loaders }: GraphQLContext): MunicipalityCounts | Promise<MunicipalityCounts> {
    const attached = SUMMARY.get(m);
    return attached ? countsOf(attached) : loaders.citySummary.load(Number(m.id)).then(countsOf);
  }

  @FieldResolver(() => [FiscalYear], { description: 'データのある年度（昇順） / Fiscal years that have evaluations or indicator values, ascending.' })
  async fiscalYears(@Root() m: MunicipalityType, @Ctx() { em }: GraphQLContext): Promise<FiscalYear[]> {
    const rows = await execute<{ y: number }[]>(em,
      `select fiscal_year as y from evaluation where municipality_id = ?
       union select fiscal_year from indicator_value where municipality_id = ? order by 1`,
      [Number(m.id), Number(m.id)],
    );
    return rows.map((r) => FiscalYear.of(r.y));
  }

  @FieldResolver(() => FiscalYear, {
    nullable: true,
    description:
      '既定の年度：その段階の評価のある最新の年度、なければ実績値のある最新の年度、なければ現状値のある最新の年度（段階を省くとどの段階でも） / ' +
      'The year to open by default: the latest with ratings of the stage (any stage when omitted), else the latest with actual values, else with baseline values; null when none.',
  })
  async latestFiscalYear(
    @Root() m: MunicipalityType,
    @Arg('stage', () => StageEnum, { nullable: true, description: '評価の段階 / Stage.' }) stage: StageEnum | null,
    @Ctx() { loaders }: GraphQLContext,
  ): Promise<FiscalYear | null> {
    const year = await loaders.latestFiscalYear.load(`${m.id}|${stage ?? ''}`);
    return year === null ? null : FiscalYear.of(year);
  }

  @FieldResolver(() => [YearSummary], {
    description: '年度ごとの評価済みの件数（段階別）と指標値の件数（種類別）、年度順 / Per fiscal year with data: rated evaluations per stage and indicator values per kind, by year.',
  })
  async yearSummaries(@Root() m: MunicipalityType, @Ctx() { em }: GraphQLContext): Promise<YearSummary[]> {
    const rows = await execute<{ fiscal_year: number; what: string; n: number }[]>(em, YEAR_SUMMARY_SQL, [Number(m.id), Number(m.id)]);
    const byYear = new Map<number, YearSummary>();
    for (const r of rows) {
      const y = Number(r.fiscal_year);
      let s = byYear.get(y);
      if (!s) byYear.set(y, (s = Object.assign(new YearSummary(), { fiscalYear: FiscalYear.of(y), rated: [], baselineValues: 0, targetValues: 0, actualValues: 0 })));
      const n = Number(r.n);
      if (r.what === 'baseline') s.baselineValues = n;
      else if (r.what === 'target') s.targetValues = n;
      else if (r.what === 'actual') s.actualValues = n;
      else s.rated.push(Object.assign(new StageCount(), { stage: r.what as StageEnum, count: n }));
    }
    const order = Object.values(StageEnum) as string[];
    for (const s of byYear.values()) s.rated.sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
    return [...byYear.values()];
  }

  @FieldResolver(() => [PlanType], { description: '計画（期間順） / The municipality’s plans, by period.' })
  async plans(@Root() m: MunicipalityType, @Ctx() { loaders }: GraphQLContext): Promise<PlanType[]> {
    return loaders.plansByMunicipality.load(Number(m.id));
  }

  @FieldResolver(() => [RatingScaleType], { description: '評価尺度 / The municipality’s rating scales.' })
  async ratingScales(@Root() m: MunicipalityType, @Ctx() { loaders }: GraphQLContext): Promise<RatingScaleType[]> {
    return loaders.ratingScalesByMunicipality.load(Number(m.id));
  }
}
