import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { execute } from '../graphql/loaders.js';
import type { GraphQLContext } from '../graphql/context.js';
import { parseId } from '../graphql/pagination.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PlanType, PriorityCountType } from './plan.type.js';
import { PolicyNodeType } from './policy-node.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@Resolver(() => PlanType)
export class PlanResolver {
  @Query(() => [PlanType], { description: '自治体の計画（期間順） / A municipality’s plans, by period.' })
  async plans(
    @Arg('municipalityCode', () => String, { description: '自治体コード / Municipality code.' }) code: string,
    @Ctx() { em }: GraphQLContext,
  ): Promise<PlanType[]> {
    const rows = await execute<SqlRow[]>(em, `select p.* from plan p join municipality m on m.id = p.municipality_id where m.code = ? order by p.start_year, p.id`, [code]);
    return rows.map(PlanType.fromRow);
  }

  @Query(() => PlanType, { nullable: true, description: 'IDで計画を1件 / One plan by id.' })
  async plan(@Arg('id', () => ID, { description: '計画ID / Plan id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<PlanType | null> {
    return loaders.plan.load(parseId(id));
  }

  @FieldResolver(() => PlanType, { nullable: true, description: '上位の計画（総合計画） / The enclosing plan.' })
  async parent(@Root() p: PlanType, @Ctx() { loaders }: GraphQLContext): Promise<PlanType | null> {
    return p.parentId == null ? null : loaders.plan.load(p.parentId);
  }

  @FieldResolver(() => [PlanType], { description: '下位の計画（基本計画・実施計画） / Plans inside this one.' })
  async children(@Root() p: PlanType, @Ctx() { loaders }: GraphQLContext): Promise<PlanType[]> {
    return loaders.plansByParent.load(Number(p.id));
  }

  @FieldResolver(() => [PolicyNodeType], { description: '施策体系の最上位ノード / The top-level nodes of the policy tree.' })
  async roots(@Root() p: PlanType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType[]> {
    return loaders.rootsByPlan.load(Number(p.id));
  }

  @FieldResolver(() => PriorityCountType, { description: '施策体系の重点の数（深さを指定すればその階層だけ） / Counts of 重点 in the policy tree, at one depth when given.' })
  async priorityCount(
    @Root() p: PlanType,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('depth', () => Int, { nullable: true, description: '深さ（1 = 最上位）。省略で全階層 / Depth (1 = top level); every depth when omitted.' }) depth?: number | null,
  ): Promise<PriorityCountType> {
    const rows = await loaders.priorityCountsByPlan.load(Number(p.id));
    const out = Object.assign(new PriorityCountType(), { priority: 0, notPriority: 0, unknown: 0 });
    for (const r of rows) {
      if (depth != null && r.depth !== depth) continue;
      out.priority += r.priority;
      out.notPriority += r.notPriority;
      out.unknown += r.unknown;
    }
    return out;
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() p: PlanType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(p.municipalityId))!;
  }
}
