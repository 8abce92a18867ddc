import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { SurveyResultType } from './survey-result.type.js';

@Resolver(() => SurveyResultType)
export class SurveyResultResolver {
  @FieldResolver(() => PolicyNodeType, { nullable: true, description: '結果が示されている施策 / The policy node the row is about.' })
  async policyNode(@Root() r: SurveyResultType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType | null> {
    return r.policyNodeId == null ? null : loaders.policyNode.load(r.policyNodeId);
  }
}

/** The survey results of a policy node (a field of PolicyNode kept in this slice). */
@Resolver(() => PolicyNodeType)
export class PolicyNodeSurveyResolver {
  @FieldResolver(() => [SurveyResultType], { description: 'このノードについての市民意識調査の結果（文書の順） / Citizen survey results about the node, as printed.' })
  async surveyResults(@Root() n: PolicyNodeType, @Ctx() { loaders }: GraphQLContext): Promise<SurveyResultType[]> {
    return loaders.surveyResultsByNode.load(Number(n.id));
  }
}
