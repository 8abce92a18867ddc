import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { YearlyGoalType } from './yearly-goal.type.js';

/** A policy node's goals per year (a field of PolicyNode kept in this slice). */
@Resolver(() => PolicyNodeType)
export class PolicyNodeYearlyGoalResolver {
  @FieldResolver(() => [YearlyGoalType], { description: '各年度の目標（年度順） / The node’s goals per fiscal year, by year.' })
  async yearlyGoals(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<YearlyGoalType[]> {
    return loaders.yearlyGoalsByNode.load(Number(n.id));
  }
}
