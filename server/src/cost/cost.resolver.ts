import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FilterError } from '../graphql/errors.js';
import { StageEnum } from '../graphql/filters.js';
import { parseId } from '../graphql/pagination.js';
import { executePrepared } from '../graphql/loaders.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { ProjectType } from '../project/project.type.js';
import { IndicatorType } from '../indicator/indicator.type.js';
import { ValueKindEnum } from '../indicator/indicator.type.js';
import { CostGroupType, ProjectCostType, ProjectShareType, ProjectYearFiguresType, UnitCostType } from './cost.type.js';
import { costRollup, type CostGroupingKey } from './cost-rollup.js';
import { projectYearFigures } from './project-figures.js';

export enum CostGrouping {
  NODE = 'node',
  DEPARTMENT = 'department',
  DIRECTION = 'direction',
  RATING = 'rating',
}
registerEnumType(CostGrouping, {
  name: 'CostGrouping',
  description: '事業費の集計の切り口 / What a cost roll-up groups by',
  valuesConfig: {
    NODE: { description: '施策体系の階層（depth: 1 = 最上位の分野） / A level of the policy tree (depth 1 = the top areas)' },
    DEPARTMENT: { description: '担当課（なければ施策の主管課） / The project’s department, else its node’s lead department' },
    DIRECTION: { description: '今後の方向性 / Direction' },
    RATING: { description: '事業が属する施策の評価（stage の段階） / The rating of the node it serves, at `stage`' },
  },
});
void (Object.values(CostGrouping) satisfies CostGroupingKey[]);

/** The deepest level a roll-up may group by (a plan's tree has at most 10). */
const MAX_DEPTH = 10;

@Resolver(() => ProjectType)
export class ProjectCostResolver {
  @FieldResolver(() => [ProjectCostType], { description: '事務事業評価のコスト（年度順） / Evaluation sheets: cost, sources of funds, direction, by fiscal year.' })
  async costs(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectCostType[]> {
    return loaders.costsByProject.load(Number(p.id));
  }

  @FieldResolver(() => [ProjectShareType], { description: '施策への配分（複数の施策に資するとき。なければ所属施策に全額） / Shares of the nodes it serves; none = wholly its node.' })
  async shares(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectShareType[]> {
    return loaders.sharesByProject.load(Number(p.id));
  }

  @FieldResolver(() => [ProjectYearFiguresType], {
    description: '年度ごとの計算値：コスト、執行率、前年度比、単位当たりコスト（年度順） / Computed figures per year: cost, execution rate, change, cost per unit.',
  })
  async figures(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectYearFiguresType[]> {
    const id = Number(p.id);
    const [costs, amounts, indicators] = await Promise.all([loaders.costsByProject.load(id), loaders.amountsByProject.load(id), loaders.indicatorsByProject.load(id)]);
    const values = await loaders.valuesByIndicator.loadMany(indicators.map((i) => Number(i.id)));
    return projectYearFigures({
      projectId: id,
      costs,
      amounts,
      indicators: indicators.map((ind, k) => {
        const vs = values[k];
        const actuals = new Map<number, number | null>();
        if (Array.isArray(vs)) for (const v of vs) if (v.kind === ValueKindEnum.ACTUAL) actuals.set(v.fiscalYear.year, v.value ?? null);
        return { id: Number(ind.id), actuals };
      }),
    });
  }
}

@Resolver(() => ProjectType)
export class ProjectYearResolver {
  @FieldResolver(() => ProjectCostType, { nullable: true, description: 'その年度の事務事業評価のコスト / The evaluation sheet of one fiscal year.' })
  async cost(@Root() p: ProjectType, @Arg('fiscalYear', () => Int, { description: '年度 / Fiscal year.' }) fiscalYear: number, @Ctx() { loaders }: GraphQLContext): Promise<ProjectCostType | null> {
    return (await loaders.costsByProject.load(Number(p.id))).find((c) => c.fiscalYear.year === fiscalYear) ?? null;
  }

  @FieldResolver(() => ProjectYearFiguresType, { nullable: true, description: 'その年度の計算値（一覧向け） / The computed figures of one fiscal year (for lists).' })
  async figure(@Root() p: ProjectType, @Arg('fiscalYear', () => Int, { description: '年度 / Fiscal year.' }) fiscalYear: number, @Ctx() ctx: GraphQLContext): Promise<ProjectYearFiguresType | null> {
    return (await new ProjectCostResolver().figures(p, ctx)).find((f) => f.fiscalYear.year === fiscalYear) ?? null;
  }
}

@Resolver(() => ProjectShareType)
export class ProjectShareResolver {
  @FieldResolver(() => PolicyNodeType, { description: '配分先の施策 / The policy node.' })
  async policyNode(@Root() s: ProjectShareType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType> {
    return (await loaders.policyNode.load(s.policyNodeId))!;
  }
}

@Resolver(() => UnitCostType)
export class UnitCostResolver {
  @FieldResolver(() => IndicatorType, { description: '分母の指標 / The indicator.' })
  async indicator(@Root() u: UnitCostType, @Ctx() { loaders }: GraphQLContext): Promise<IndicatorType> {
    return (await loaders.indicator.load(u.indicatorId))!;
  }
}

@Resolver()
export class CostRollupResolver {
  @Query(() => [CostGroupType], {
    description:
      '事業費の集計：年度の事業を切り口ごとに、配分を掛けて合計（トータルコスト・決算額・予算額、執行率、前年度比。1つのSQL） / A city’s project costs for a year, summed per group with the projects’ shares (one SQL statement).',
  })
  async costRollup(
    @Arg('municipalityId', () => ID, { description: '自治体ID / Municipality id.' }) municipalityId: string,
    @Arg('fiscalYear', () => Int, { description: '年度 / Fiscal year.' }) fiscalYear: number,
    @Arg('groupBy', () => CostGrouping, { defaultValue: CostGrouping.NODE, description: '切り口 / Grouping.' }) groupBy: CostGrouping,
    @Arg('depth', () => Int, { defaultValue: 1, description: 'NODE の階層（1〜10） / Tree level for NODE (1–10).' }) depth: number,
    @Arg('nodeId', () => ID, { nullable: true, description: 'この施策とその下の事業だけ / Only projects under this node.' }) nodeId: string | undefined,
    @Arg('stage', () => StageEnum, { defaultValue: StageEnum.SECONDARY, description: '評価の段階（RATING と施策の評価） / Stage of the ratings.' }) stage: StageEnum,
    @Ctx() { em }: GraphQLContext,
  ): Promise<CostGroupType[]> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw new FilterError('depth', `階層は1〜${MAX_DEPTH}です / depth must be 1–${MAX_DEPTH}`);
    if (!Number.isInteger(fiscalYear) || fiscalYear < 1989 || fiscalYear > 2100) throw new FilterError('fiscalYear', '年度は1989〜2100です / fiscalYear must be 1989–2100');
    const city = parseId(municipalityId, 'municipalityId');
    const node = nodeId === undefined || nodeId === null ? null : parseId(nodeId, 'nodeId');
    const rows = await costRollup(em, { municipalityId: city, fiscalYear, groupBy, depth, nodeId: node, stage });
    return rows.map((r) => CostGroupType.fromRow(r, `${city}:${fiscalYear}:${groupBy}:${depth}:${node ?? ''}:${stage}`));
  }

  @Query(() => [FiscalYear], { description: '事業のコスト（トータルコストか決算額）がある年度（昇順） / Fiscal years with project costs (total cost or settled amount), ascending.' })
  async costYears(@Arg('municipalityId', () => ID, { description: '自治体ID / Municipality id.' }) municipalityId: string, @Ctx() { em }: GraphQLContext): Promise<FiscalYear[]> {
    const city = parseId(municipalityId, 'municipalityId');
    const rows = await executePrepared<{ fiscal_year: number }[]>(
      em,
      `select fiscal_year from project_cost where municipality_id = ?::int and total_cost is not null
        union select fiscal_year from project_amount where municipality_id = ?::int and kind = 'settled' and thousand_yen is not null
        order by 1`,
      [city, city],
    );
    return rows.map((r) => FiscalYear.of(r.fiscal_year));
  }
}

export const COST_RESOLVERS = [ProjectCostResolver, ProjectYearResolver, ProjectShareResolver, UnitCostResolver, CostRollupResolver] as const;
