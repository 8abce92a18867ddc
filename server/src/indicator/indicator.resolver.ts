import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { subjectScope } from '../graphql/filters.js';
import { ConnectionType, paginate, parseId, type Connection } from '../graphql/pagination.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { ProjectType } from '../project/project.type.js';
import { IndicatorType, IndicatorValueType, ValueKindEnum } from './indicator.type.js';
import { IndicatorFilter, IndicatorOrder, IndicatorOrderField } from './indicator.input.js';

export const IndicatorConnection = ConnectionType(IndicatorType, 'Indicator', '指標');

@ArgsType()
class IndicatorsArgs {
  @Field(() => IndicatorFilter, { nullable: true, description: '絞り込み / Filter.' })
  filter?: IndicatorFilter;

  @Field(() => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'このカーソルの後から / Items after this cursor.' })
  after?: string;

  @Field(() => IndicatorOrder, { nullable: true, description: '並び順 / Order.' })
  orderBy?: IndicatorOrder;
}

/**
 * Indicators with the policy node they measure (their own, or their project's) and the
 * department responsible (the project's, else the node's effective lead department), as in
 * the view `evaluation_subject`. Aliases: i, ip (project), pn.
 */
export const INDICATOR_FROM = `indicator i
  left join project ip on ip.id = i.project_id
  left join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id`;

/** Conditions of an IndicatorFilter over INDICATOR_FROM. */
export function indicatorScope(f: IndicatorFilter | undefined) {
  const s = subjectScope(f, {
    municipalityId: 'i.municipality_id',
    planId: 'pn.plan_id',
    nodeId: 'pn.id',
    nodePath: 'pn.path',
    departmentId: 'coalesce(ip.department_id, pn.effective_department_id)',
    uncertain: 'i.uncertain',
    searchText: ['i.name', "coalesce(i.description, '')", "coalesce(i.source, '')"],
  });
  if (f?.isKpi !== undefined && f?.isKpi !== null) {
    s.where.push('i.is_kpi = ?');
    s.bindings.push(f.isKpi);
  }
  if (f?.directions?.length) {
    s.where.push('i.direction::text = any(?)');
    s.bindings.push(f.directions);
  }
  if (f?.kinds?.length) {
    s.where.push('i.kind::text = any(?)');
    s.bindings.push(f.kinds);
  }
  return s;
}

const SORT_KEYS: Record<IndicatorOrderField, string> = {
  [IndicatorOrderField.DOCUMENT]: 'i.id',
  [IndicatorOrderField.NAME]: 'i.name',
};

@Resolver(() => IndicatorType)
export class IndicatorResolver {
  @Query(() => IndicatorType, { nullable: true, description: 'IDで指標を1件 / One indicator by id.' })
  async indicator(@Arg('id', () => ID, { description: '指標ID / Indicator id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<IndicatorType | null> {
    return loaders.indicator.load(parseId(id));
  }

  @Query(() => IndicatorConnection, { description: '指標の一覧 / Indicators matching a filter, a page at a time.' })
  async indicators(@Args(() => IndicatorsArgs) args: IndicatorsArgs, @Ctx() { em }: GraphQLContext): Promise<Connection<IndicatorType>> {
    const order = args.orderBy ?? new IndicatorOrder();
    return paginate({
      em,
      from: INDICATOR_FROM,
      select: 'i.*',
      idColumn: 'i.id',
      sortKey: SORT_KEYS[order.field],
      orderName: order.field,
      direction: order.direction,
      scope: indicatorScope(args.filter),
      first: args.first,
      after: args.after,
      toNode: IndicatorType.fromRow,
    });
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '測る施策体系のノード / The policy node it measures.' })
  async policyNode(@Root() i: IndicatorType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return i.policyNodeId == null ? null : loaders.policyNode.load(i.policyNodeId);
  }

  @FieldResolver(() => ProjectType, { nullable: true, description: '測る事業 / The project it measures.' })
  async project(@Root() i: IndicatorType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectType | null> {
    return i.projectId == null ? null : loaders.project.load(i.projectId);
  }

  @FieldResolver(() => [IndicatorValueType], { description: '指標値（年度順、現状値・目標値・実績値） / Values by fiscal year (baseline, target, actual).' })
  async values(
    @Root() i: IndicatorType,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('kind', () => ValueKindEnum, { nullable: true, description: 'この種類だけ / Only this kind.' }) kind?: ValueKindEnum | null,
  ): Promise<IndicatorValueType[]> {
    const all = await loaders.valuesByIndicator.load(Number(i.id));
    return kind == null ? all : all.filter((v) => v.kind === kind);
  }

  @FieldResolver(() => [EvaluationType], { description: 'この指標の評価（年度・段階順） / The indicator’s evaluations, by fiscal year and stage.' })
  async evaluations(@Root() i: IndicatorType, @Ctx() { loaders }: GraphQLContext): Promise<EvaluationType[]> {
    return loaders.evaluationsByIndicator.load(Number(i.id));
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() i: IndicatorType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(i.municipalityId))!;
  }
}
