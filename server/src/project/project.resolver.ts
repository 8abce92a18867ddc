import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { subjectScope } from '../graphql/filters.js';
import { ConnectionType, paginate, parseId, type Connection } from '../graphql/pagination.js';
import { DepartmentType } from '../department/department.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { IndicatorType } from '../indicator/indicator.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { ProjectAmountType, ProjectType } from './project.type.js';
import { ProjectFilter, ProjectOrder, ProjectOrderField } from './project.input.js';

export const ProjectConnection = ConnectionType(ProjectType, 'Project', '事業');

@ArgsType()
class ProjectsArgs {
  @Field(() => ProjectFilter, { nullable: true, description: '絞り込み / Filter.' })
  filter?: ProjectFilter;

  @Field(() => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'このカーソルの後から / Items after this cursor.' })
  after?: string;

  @Field(() => ProjectOrder, { nullable: true, description: '並び順 / Order.' })
  orderBy?: ProjectOrder;
}

const SORT_KEYS: Record<ProjectOrderField, string> = {
  [ProjectOrderField.DOCUMENT]: 'p.id',
  [ProjectOrderField.NAME]: 'p.name',
};

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Query(() => ProjectType, { nullable: true, description: 'IDで事業を1件 / One project by id.' })
  async project(@Arg('id', () => ID, { description: '事業ID / Project id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<ProjectType | null> {
    return loaders.project.load(parseId(id));
  }

  @Query(() => ProjectConnection, { description: '事業の一覧 / Projects matching a filter, a page at a time.' })
  async projects(@Args(() => ProjectsArgs) args: ProjectsArgs, @Ctx() { em }: GraphQLContext): Promise<Connection<ProjectType>> {
    const order = args.orderBy ?? new ProjectOrder();
    return paginate({
      em,
      from: 'project p left join policy_node pn on pn.id = p.policy_node_id',
      select: 'p.*',
      idColumn: 'p.id',
      sortKey: SORT_KEYS[order.field],
      orderName: order.field,
      direction: order.direction,
      scope: subjectScope(args.filter, {
        municipalityId: 'p.municipality_id',
        planId: 'pn.plan_id',
        nodeId: 'pn.id',
        nodePath: 'pn.path',
        departmentId: 'coalesce(p.department_id, pn.effective_department_id)',
        uncertain: 'p.uncertain',
        searchText: ['p.name', "coalesce(p.description, '')"],
      }),
      first: args.first,
      after: args.after,
      toNode: ProjectType.fromRow,
    });
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '担当課 / The department in charge.' })
  async department(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return p.departmentId == null ? null : loaders.department.load(p.departmentId);
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '施策体系のノード / The policy node it belongs to.' })
  async policyNode(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return p.policyNodeId == null ? null : loaders.policyNode.load(p.policyNodeId);
  }

  @FieldResolver(() => IndicatorType, { nullable: true, description: '成果指標 / The outcome indicator.' })
  async outcomeIndicator(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<IndicatorType | null> {
    return (await loaders.indicatorsByProject.load(Number(p.id)))[0] ?? null;
  }

  @FieldResolver(() => [ProjectAmountType], { description: '金額（年度順、決算額・予算額） / Amounts by fiscal year (settled, budget).' })
  async amounts(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectAmountType[]> {
    return loaders.amountsByProject.load(Number(p.id));
  }

  @FieldResolver(() => [EvaluationType], { description: 'この事業の評価 / The project’s evaluations.' })
  async evaluations(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<EvaluationType[]> {
    return loaders.evaluationsByProject.load(Number(p.id));
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() p: ProjectType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(p.municipalityId))!;
  }
}
