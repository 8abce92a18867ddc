import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selects } from '../graphql/selection.js';
import type { GraphQLContext } from '../graphql/context.js';
import { EvaluationFilter, evaluationScope, evaluationSource } from '../graphql/filters.js';
import { ConnectionType, paginate, parseId, type Connection } from '../graphql/pagination.js';
import { execute } from '../graphql/loaders.js';
import { DepartmentType } from '../department/department.type.js';
import { IndicatorType } from '../indicator/indicator.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { ProjectType } from '../project/project.type.js';
import { RatingLevelType, RatingScaleType } from '../rating/rating.type.js';
import { EvaluationType } from './evaluation.type.js';
import { EvaluationOrder, EvaluationOrderField } from './evaluation.input.js';
import { noteAnswerForm } from '../graphql/answer-form.js';

export const EvaluationConnection = ConnectionType(EvaluationType, 'Evaluation', '評価');

@ArgsType()
class EvaluationsArgs {
  @Field(() => EvaluationFilter, { nullable: true, description: '絞り込み / Filter.' })
  filter?: EvaluationFilter;

  @Field(() => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'このカーソルの後から / Items after this cursor.' })
  after?: string;

  @Field(() => EvaluationOrder, { nullable: true, description: '並び順 / Order.' })
  orderBy?: EvaluationOrder;
}

const SORT_KEYS: Record<EvaluationOrderField, string> = {
  [EvaluationOrderField.FISCAL_YEAR]: 'es.fiscal_year',
  // Unrated ("-") after every level.
  [EvaluationOrderField.LEVEL]: 'coalesce(es.level_order, 32767)',
  [EvaluationOrderField.SUBJECT_NAME]: "coalesce(es.subject_name, '')",
  [EvaluationOrderField.STAGE]: "array_position(array['self','secondary','external','council'], es.stage::text)",
};

/** An evaluation's subject name as the view `evaluation_subject` gives it (each evaluation has exactly one subject). */
const SUBJECT_NAME = `coalesce((select i.name from indicator i where i.id = es.indicator_id and i.municipality_id = es.municipality_id),
  (select p.name from project p where p.id = es.project_id and p.municipality_id = es.municipality_id),
  (select n.name from policy_node n where n.id = es.policy_node_id and n.municipality_id = es.municipality_id)) as subject_name`;

/** An evaluation's level as its row (for the level loader). */
const LEVEL = `(select row_to_json(l) from rating_level l where l.id = es.level_id) as level__`;

@Resolver(() => EvaluationType)
export class EvaluationResolver {
  @Query(() => EvaluationType, { nullable: true, description: 'IDで評価を1件 / One evaluation by id.' })
  async evaluation(@Arg('id', () => ID, { description: '評価ID / Evaluation id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<EvaluationType | null> {
    return loaders.evaluation.load(parseId(id));
  }

  @Query(() => EvaluationConnection, { description: '評価の一覧 / Evaluations matching a filter, a page at a time.' })
  async evaluations(
    @Args(() => EvaluationsArgs) args: EvaluationsArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<EvaluationType>> {
    const { em, loaders } = ctx;
    noteAnswerForm(ctx, info.path.key as string, 'paginated');
    const order = args.orderBy ?? new EvaluationOrder();
    const scope = evaluationScope(args.filter);
    const sortKey = SORT_KEYS[order.field];
    // Straight from `evaluation` when neither the filter nor the order reads the view's columns
    // (the page's subject names and departments then come through a loader, for its rows only).
    const own = evaluationSource(sortKey, ...scope.where) === 'evaluation es';
    // The page's subject names in its own statement when they are asked for (three lookups per
    // row by primary key; through the loaders they were three more statements).
    const onNodes = (field: string) => selects(info, 'nodes', field) || selects(info, 'edges', 'node', field);
    const names = own && onNodes('subjectName');
    // …and so are their levels (handed to the level loader).
    const levels = own && onNodes('level');
    // A text search is planned for its term (a custom plan): the bigram index where the term is
    // rare, the (fiscal year, id) order where it is common enough that the first page comes at
    // once. A generic plan cannot tell them apart (requests plan generically: request-scope.ts).
    // Within chosen cities the search reads their rows by the city's index: the generic plan.
    if (args.filter?.search?.trim() && !args.filter.municipalityCodes?.length) await execute(em, `select set_config('plan_cache_mode', 'force_custom_plan', true)`);
    return paginate({
      em,
      from: own ? 'evaluation es' : 'evaluation_subject es join evaluation e on e.id = es.id',
      select: own ? `es.*${names ? `, ${SUBJECT_NAME}` : ''}${levels ? `, ${LEVEL}` : ''}` : 'e.*, es.subject_name, es.department_id',
      idColumn: 'es.id',
      sortKey,
      orderName: order.field,
      direction: order.direction,
      scope,
      first: args.first,
      after: args.after,
      toNode: (r) => {
        const e = EvaluationType.fromRow(r);
        if (r.level__ && e.levelId != null) loaders.ratingLevel.prime(e.levelId, RatingLevelType.fromRow(r.level__));
        return e;
      },
      // A text search reads every row of its scope anyway: count the matches in the same scan.
      // (Without one, a separate count(*) is far cheaper than counting through the page's sort.)
      withTotal: !!args.filter?.search?.trim() && selects(info, 'totalCount'),
    });
  }

  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '評価対象のノード（対象がノードのとき） / The policy node rated (when the subject is one).' })
  async policyNode(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return e.policyNodeId == null ? null : loaders.policyNode.load(e.policyNodeId);
  }

  @FieldResolver(() => IndicatorType, { nullable: true, description: '評価対象の指標 / The indicator rated (when the subject is one).' })
  async indicator(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<IndicatorType | null> {
    return e.indicatorId == null ? null : loaders.indicator.load(e.indicatorId);
  }

  @FieldResolver(() => ProjectType, { nullable: true, description: '評価対象の事業 / The project rated (when the subject is one).' })
  async project(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<ProjectType | null> {
    return e.projectId == null ? null : loaders.project.load(e.projectId);
  }

  @FieldResolver(() => String, { description: '評価対象の名称 / The subject’s name.' })
  async subjectName(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<string> {
    if (e.subjectNameFromView !== undefined) return e.subjectNameFromView;
    // The subject's own row (an evaluation has exactly one subject): batched by table, cheaper to
    // plan than the view's six joins.
    const subject =
      e.indicatorId != null
        ? await loaders.indicator.load(Number(e.indicatorId))
        : e.projectId != null
          ? await loaders.project.load(Number(e.projectId))
          : e.policyNodeId != null
            ? await loaders.policyNode.load(Number(e.policyNodeId))
            : null;
    return subject?.name ?? '';
  }

  @FieldResolver(() => DepartmentType, {
    nullable: true,
    description: '担当の組織（事業の担当課、なければノードの主管課（祖先から継承）） / The responsible department: the project’s, else the node’s (inherited) lead department.',
  })
  async department(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    const id = e.departmentIdFromView !== undefined ? e.departmentIdFromView : (await loaders.evaluationSubject.load(Number(e.id)))?.departmentId;
    return id == null ? null : loaders.department.load(id);
  }

  @FieldResolver(() => RatingScaleType, { nullable: true, description: '評価尺度（本文だけの評価は null） / The rating scale (null for a text-only evaluation).' })
  async scale(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<RatingScaleType | null> {
    return e.scaleId == null ? null : loaders.ratingScale.load(e.scaleId);
  }

  @FieldResolver(() => RatingLevelType, { nullable: true, description: '評価の段階（印字がなければ null。「-」を段階に持つ尺度では「-」も段階） / The rating: null where the sheet prints none; a printed "-" is a level where the scale has one.' })
  async level(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<RatingLevelType | null> {
    return e.levelId == null ? null : loaders.ratingLevel.load(e.levelId);
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() e: EvaluationType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(e.municipalityId))!;
  }
}
