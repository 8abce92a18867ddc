import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FilterError } from '../graphql/errors.js';
import { StageEnum, subjectScope } from '../graphql/filters.js';
import { loadAll } from '../graphql/loaders.js';
import { ConnectionType, paginate, parseId, type Connection } from '../graphql/pagination.js';
import { DepartmentType } from '../department/department.type.js';
import { IndicatorType } from '../indicator/indicator.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { ProjectType } from '../project/project.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PlanType } from './plan.type.js';
import { PolicyNodeType } from './policy-node.type.js';
import { PolicyNodeFilter, PolicyNodeOrder, PolicyNodeOrderField } from './policy-node.input.js';

export const PolicyNodeConnection = ConnectionType(PolicyNodeType, 'PolicyNode', '施策体系のノード');

@ArgsType()
class PolicyNodesArgs {
  @Field(() => PolicyNodeFilter, { nullable: true, description: '絞り込み / Filter.' })
  filter?: PolicyNodeFilter;

  @Field(() => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'このカーソルの後から / Items after this cursor.' })
  after?: string;

  @Field(() => PolicyNodeOrder, { nullable: true, description: '並び順 / Order.' })
  orderBy?: PolicyNodeOrder;
}

const SORT_KEYS: Record<PolicyNodeOrderField, string> = {
  [PolicyNodeOrderField.DOCUMENT]: 'pn.id',
  [PolicyNodeOrderField.CODE]: "coalesce(pn.code, '')",
  [PolicyNodeOrderField.NAME]: 'pn.name',
  [PolicyNodeOrderField.DEPTH]: 'pn.depth',
};

/** Conditions of a PolicyNodeFilter over `policy_node pn`. */
export function policyNodeScope(f: PolicyNodeFilter | undefined) {
  const s = subjectScope(f, {
    municipalityId: 'pn.municipality_id',
    planId: 'pn.plan_id',
    nodeId: 'pn.id',
    nodePath: 'pn.path',
    departmentId: 'pn.effective_department_id',
    uncertain: 'pn.uncertain',
    searchText: ['pn.name', "coalesce(pn.description, '')", "coalesce(pn.code, '')"],
  });
  if (f?.depths?.length) {
    s.where.push('pn.depth = any(?)');
    s.bindings.push(f.depths);
  }
  if (f?.parentIds?.length) {
    s.where.push('pn.parent_id = any(?)');
    s.bindings.push(f.parentIds.map((id) => parseId(id, 'parentIds')));
  }
  if (f?.priority !== undefined && f?.priority !== null) {
    s.where.push('pn.priority = ?');
    s.bindings.push(f.priority);
  }
  if (f?.priorityUnknown !== undefined && f?.priorityUnknown !== null) s.where.push(f.priorityUnknown ? 'pn.priority is null' : 'pn.priority is not null');
  return s;
}

@Resolver(() => PolicyNodeType)
export class PolicyNodeResolver {
  @Query(() => PolicyNodeType, { nullable: true, description: 'IDで施策体系のノードを1件 / One policy node by id.' })
  async policyNode(@Arg('id', () => ID, { description: 'ノードID / Node id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return loaders.policyNode.load(parseId(id));
  }

  @Query(() => PolicyNodeConnection, { description: '施策体系のノードの一覧 / Policy nodes matching a filter, a page at a time.' })
  async policyNodes(@Args(() => PolicyNodesArgs) args: PolicyNodesArgs, @Ctx() { em }: GraphQLContext): Promise<Connection<PolicyNodeType>> {
    const order = args.orderBy ?? new PolicyNodeOrder();
    return paginate({
      em,
      from: 'policy_node pn',
      select: 'pn.*',
      idColumn: 'pn.id',
      sortKey: SORT_KEYS[order.field],
      orderName: order.field,
      direction: order.direction,
      scope: policyNodeScope(args.filter),
      first: args.first,
      after: args.after,
      toNode: PolicyNodeType.fromRow,
    });
  }

  @FieldResolver(() => String, { nullable: true, description: '階層名（計画の levelNames から：施策、施策の展開…） / The level’s name from the plan’s levelNames.' })
  async levelName(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<string | null> {
    const plan = await loaders.plan.load(n.planId);
    return plan?.levelNames[n.depth - 1] ?? null;
  }

  @FieldResolver(() => PlanType, { description: '計画 / The plan.' })
  async plan(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<PlanType> {
    return (await loaders.plan.load(n.planId))!;
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(n.municipalityId))!;
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '親ノード / The parent node.' })
  async parent(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return n.parentId == null ? null : loaders.policyNode.load(n.parentId);
  }

  @FieldResolver(() => [PolicyNodeType], { description: '子ノード（文書の順） / Child nodes, as printed.' })
  async children(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType[]> {
    return loaders.childrenByNode.load(Number(n.id));
  }

  @FieldResolver(() => [PolicyNodeType], { description: '祖先（最上位から親まで） / Ancestors, from the root to the parent.' })
  async ancestors(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType[]> {
    return loadAll(loaders.policyNode, n.pathIds.slice(0, -1));
  }

  @FieldResolver(() => [PolicyNodeType], { description: '最上位から自身までの経路 / The path from the root to this node (inclusive).' })
  async path(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType[]> {
    return loadAll(loaders.policyNode, n.pathIds);
  }

  @FieldResolver(() => [PolicyNodeType], { description: '自身と配下のノード（行きがけ順） / This node and the nodes below it, depth-first in printed order.' })
  async subtree(
    @Root() n: PolicyNodeType,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('maxDepth', () => Int, { nullable: true, description: '自身から何階層下まで（0 = 自身のみ、省略で全部） / Levels below this node to include (0 = the node only; all when omitted).' })
    maxDepth?: number | null,
  ): Promise<PolicyNodeType[]> {
    if (maxDepth != null && maxDepth < 0) throw new FilterError('maxDepth', '0以上を指定してください / must be 0 or more');
    const below = await loaders.descendantsByNode.load(Number(n.id));
    const kids = new Map<number, PolicyNodeType[]>();
    for (const d of below) {
      if (maxDepth != null && d.depth - n.depth > maxDepth) continue;
      const list = kids.get(d.parentId!) ?? [];
      list.push(d);
      kids.set(d.parentId!, list);
    }
    const out: PolicyNodeType[] = [];
    const visit = (node: PolicyNodeType) => {
      out.push(node);
      const list = (kids.get(Number(node.id)) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || Number(a.id) - Number(b.id));
      for (const c of list) visit(c);
    };
    visit(n);
    return out;
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '主管課（このノードに記載のもの） / The lead department printed for this node.' })
  async leadDepartment(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return n.leadDepartmentId == null ? null : loaders.department.load(n.leadDepartmentId);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '主管課（記載がなければ最も近い祖先のもの） / The lead department, inherited from the nearest ancestor that names one.' })
  async effectiveDepartment(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return n.effectiveDepartmentId == null ? null : loaders.department.load(n.effectiveDepartmentId);
  }

  @FieldResolver(() => [DepartmentType], { description: '関係課 / Related departments.' })
  async relatedDepartments(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType[]> {
    return loaders.relatedDepartmentsByNode.load(Number(n.id));
  }

  @FieldResolver(() => [IndicatorType], { description: 'このノードの指標 / The node’s indicators.' })
  async indicators(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<IndicatorType[]> {
    return loaders.indicatorsByNode.load(Number(n.id));
  }

  @FieldResolver(() => [EvaluationType], { description: 'このノードの評価（年度・段階順） / The node’s evaluations, by fiscal year and stage.' })
  async evaluations(
    @Root() n: PolicyNodeType,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('fiscalYear', () => Int, { nullable: true, description: '年度（西暦） / Fiscal year.' }) fiscalYear?: number | null,
    @Arg('stage', () => StageEnum, { nullable: true, description: '評価の段階 / Stage.' }) stage?: StageEnum | null,
  ): Promise<EvaluationType[]> {
    const all = await loaders.evaluationsByNode.load(Number(n.id));
    return all.filter((e) => (fiscalYear == null || e.fiscalYear.year === fiscalYear) && (stage == null || e.stage === stage));
  }

  @FieldResolver(() => [ProjectType], { description: 'このノードの事業 / The node’s projects.' })
  async projects(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectType[]> {
    return loaders.projectsByNode.load(Number(n.id));
  }
}
