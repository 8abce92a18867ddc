import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FilterError } from '../graphql/errors.js';
import { StageEnum } from '../graphql/filters.js';
import { parseId } from '../graphql/pagination.js';
import { executePrepared } from '../graphql/loaders.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { DepartmentType } from '../department/department.type.js';
import { ProjectType } from '../project/project.type.js';
import { IndicatorType } from '../indicator/indicator.type.js';
import { ValueKindEnum } from '../indicator/indicator.type.js';
import { CostGroupType, ProjectCostType, ProjectShareType, ProjectYearFiguresType, UnitCostType } from './cost.type.js';
import { costRollup, type CostGroupingKey } from './cost-rollup.js';
import { projectYearFigures } from './project-figures.js';
import { groupAchievements, type GroupAchievement } from './cost-achievement.js';

export enum CostOrder {
  TREE = 'tree',
  TOTAL_COST_DESC = 'total_cost_desc',
  COST_PER_SCORE_POINT_DESC = 'cost_per_score_point_desc',
  EXECUTION_RATE_ASC = 'execution_rate_asc',
  CHANGE_RATE_DESC = 'change_rate_desc',
}
registerEnumType(CostOrder, {
  name: 'CostOrder',
  description: '事業費の集計の並び順（不明は最後） / Order of a cost roll-up’s groups; unknown last',
  valuesConfig: {
    TREE: { description: '施策体系・組織の順 / Tree or key order' },
    TOTAL_COST_DESC: { description: 'トータルコストの大きい順 / Largest total cost first' },
    COST_PER_SCORE_POINT_DESC: { description: '正規化スコア1点当たりのコストの大きい順 / Largest cost per point of normalised score first' },
    EXECUTION_RATE_ASC: { description: '執行率の低い順 / Lowest execution rate first' },
    CHANGE_RATE_DESC: { description: '前年度比の増加率の大きい順 / Largest rise first' },
  },
});
const ORDER_KEY: Record<CostOrder, ((g: CostGroupType) => number | null | undefined) | null> = {
  [CostOrder.TREE]: null,
  [CostOrder.TOTAL_COST_DESC]: (g) => (g.totalCost == null ? null : -g.totalCost),
  [CostOrder.COST_PER_SCORE_POINT_DESC]: (g) => (g.costPerScorePoint == null ? null : -g.costPerScorePoint),
  [CostOrder.EXECUTION_RATE_ASC]: (g) => g.executionRate,
  [CostOrder.CHANGE_RATE_DESC]: (g) => (g.changeRate == null ? null : -g.changeRate),
};
/** A city's id by its code; null for a city the caller cannot see or that does not exist. */
async function cityIdOf(em: GraphQLContext['em'], code: string): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) throw new FilterError('municipalityCode', `"${code}" は6桁の自治体コードではありません / "${code}" is not a 6-digit municipality code`);
  const [row] = await executePrepared<{ id: number }[]>(em, 'select id from municipality where code = ?::text', [code]);
  return row ? Number(row.id) : null;
}

/** The most groups a roll-up returns when `first` is given. */
const MAX_GROUPS = 500;

export enum CostGrouping {
  NODE = 'node',
  DEPARTMENT = 'department',
  DIRECTION = 'direction',
  RATING = 'rating',
  PURPOSE = 'purpose',
}
registerEnumType(CostGrouping, {
  name: 'CostGrouping',
  description: '事業費の集計の切り口 / What a cost roll-up groups by',
  valuesConfig: {
    NODE: { description: '施策体系の階層（depth: 1 = 最上位の分野） / A level of the policy tree (depth 1 = the top areas)' },
    DEPARTMENT: { description: '担当課（なければ施策の主管課） / The project’s department, else its node’s lead department' },
    DIRECTION: { description: '今後の方向性 / Direction' },
    RATING: { description: '事業が属する施策の評価（stage の段階） / The rating of the node it serves, at `stage`' },
    PURPOSE: {
      description:
        '施策に対応づけた目的別歳出の分類（複数の分類に対応づいた施策は等分。対応づけのない施策の事業は key なしの1グループ＝未分類） / The 目的別歳出 class mapped on the node served (split evenly over several classes); unmapped nodes’ projects form the group without a key',
    },
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

  @FieldResolver(() => DepartmentType, {
    nullable: true,
    description: '担当課（事業に記載がなければ施策の主管課。コストの組織別の集計と同じ） / The project’s department, else its node’s (own or inherited) lead department, as the cost roll-up by department counts it.',
  })
  async effectiveDepartment(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    if (p.departmentId != null) return loaders.department.load(p.departmentId);
    const node = p.policyNodeId == null ? null : await loaders.policyNode.load(p.policyNodeId);
    return node?.effectiveDepartmentId == null ? null : loaders.department.load(node.effectiveDepartmentId);
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
        return { id: Number(ind.id), direction: ind.direction, actuals };
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

@Resolver(() => CostGroupType)
export class CostGroupResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'NODE でまとめたとき：その施策と配下の指標の達成率（その年度の実績値÷その年度以降で最初の目標値）の中央値（%）。測れた指標がなければ値なし / For NODE: the median achievement (%) of the indicators in the node’s subtree (the year’s actual against the first target from that year); null when none is measured.',
  })
  async achievement(@Root() g: CostGroupType): Promise<number | null> {
    return g.key == null ? null : ((await g.achievements?.())?.get(g.key)?.median ?? null);
  }

  @FieldResolver(() => Int, { description: '達成率の中央値に使った（測れた）指標の数 / Indicators the median achievement is taken over.' })
  async achievementIndicators(@Root() g: CostGroupType): Promise<number> {
    return g.key == null ? 0 : ((await g.achievements?.())?.get(g.key)?.measured ?? 0);
  }
}

@Resolver()
export class CostRollupResolver {
  @Query(() => [CostGroupType], {
    description:
      '事業費の集計：年度の事業を切り口ごとに、配分を掛けて合計（トータルコスト・決算額・予算額、執行率、前年度比。1つのSQL） / A city’s project costs for a year, summed per group with the projects’ shares (one SQL statement).',
  })
  async costRollup(
    @Arg('municipalityCode', () => String, { description: '自治体コード（6桁） / Municipality code (6 digits).' }) municipalityCode: string,
    @Arg('fiscalYear', () => Int, { description: '年度 / Fiscal year.' }) fiscalYear: number,
    @Arg('groupBy', () => CostGrouping, { defaultValue: CostGrouping.NODE, description: '切り口 / Grouping.' }) groupBy: CostGrouping,
    @Arg('depth', () => Int, { defaultValue: 1, description: 'NODE の階層（1〜10） / Tree level for NODE (1–10).' }) depth: number,
    @Arg('nodeId', () => ID, { nullable: true, description: 'この施策とその下の事業だけ / Only projects under this node.' }) nodeId: string | undefined,
    @Arg('stage', () => StageEnum, { defaultValue: StageEnum.SECONDARY, description: '評価の段階（RATING と施策の評価） / Stage of the ratings.' }) stage: StageEnum,
    @Arg('orderBy', () => CostOrder, { defaultValue: CostOrder.TREE, description: '並び順 / Order.' }) orderBy: CostOrder,
    @Arg('first', () => Int, { nullable: true, description: '先頭から何件（最大500） / Only the first n groups (at most 500).' }) first: number | undefined,
    @Ctx() { em }: GraphQLContext,
  ): Promise<CostGroupType[]> {
    if (first != null && (!Number.isInteger(first) || first < 0 || first > MAX_GROUPS)) throw new FilterError('first', `件数は0〜${MAX_GROUPS}です / first must be 0–${MAX_GROUPS}`);
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw new FilterError('depth', `階層は1〜${MAX_DEPTH}です / depth must be 1–${MAX_DEPTH}`);
    if (!Number.isInteger(fiscalYear) || fiscalYear < 1989 || fiscalYear > 2100) throw new FilterError('fiscalYear', '年度は1989〜2100です / fiscalYear must be 1989–2100');
    const city = await cityIdOf(em, municipalityCode);
    if (city === null) return [];
    const node = nodeId === undefined || nodeId === null ? null : parseId(nodeId, 'nodeId');
    const rows = await costRollup(em, { municipalityId: city, fiscalYear, groupBy, depth, nodeId: node, stage });
    const groups = rows.map((r) => CostGroupType.fromRow(r, `${city}:${fiscalYear}:${groupBy}:${depth}:${node ?? ''}:${stage}`, groupBy));
    if (groupBy === CostGrouping.NODE) {
      let once: Promise<Map<string, GroupAchievement>> | undefined;
      const achievements = () => (once ??= groupAchievements(em, { municipalityId: city, fiscalYear, depth, nodeId: node }));
      for (const g of groups) g.achievements = achievements;
    }
    const key = ORDER_KEY[orderBy];
    if (key) {
      const k = (g: CostGroupType) => key(g) ?? Infinity;
      groups.sort((a, b) => (k(a) === k(b) ? 0 : k(a) - k(b)));
    }
    return first == null ? groups : groups.slice(0, first);
  }

  @Query(() => [FiscalYear], { description: '事業のコスト（トータルコストか決算額）がある年度（昇順） / Fiscal years with project costs (total cost or settled amount), ascending.' })
  async costYears(@Arg('municipalityCode', () => String, { description: '自治体コード（6桁） / Municipality code (6 digits).' }) municipalityCode: string, @Ctx() { em }: GraphQLContext): Promise<FiscalYear[]> {
    const city = await cityIdOf(em, municipalityCode);
    if (city === null) return [];
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

export const COST_RESOLVERS = [ProjectCostResolver, ProjectYearResolver, ProjectShareResolver, UnitCostResolver, CostGroupResolver, CostRollupResolver] as const;
