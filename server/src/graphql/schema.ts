/** Builds the GraphQL schema from the resolvers of every domain slice. */
import 'reflect-metadata';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { checkFilterArguments } from './filter-arguments.js';
import { MunicipalityResolver } from '../municipality/municipality.resolver.js';
import { PlanResolver } from '../plan/plan.resolver.js';
import { PolicyNodeResolver } from '../plan/policy-node.resolver.js';
import { DepartmentResolver } from '../department/department.resolver.js';
import { IndicatorResolver } from '../indicator/indicator.resolver.js';
import { EvaluationResolver } from '../evaluation/evaluation.resolver.js';
import { ProjectResolver } from '../project/project.resolver.js';
import { DepartmentPoliciesResolver, DepartmentPolicyResolver } from '../department-policy/department-policy.resolver.js';
import { PolicyNodeSurveyResolver, SurveyResultResolver } from '../survey/survey-result.resolver.js';
import { PolicyNodeYearlyGoalResolver } from '../yearly-goal/yearly-goal.resolver.js';
import { RatingScaleResolver } from '../rating/rating.resolver.js';
import { ProvenanceResolver, SourceDocumentResolver } from '../provenance/provenance.resolver.js';
import { ImportResolver } from '../dataset/import.resolver.js';
import { ImportJobResolver } from '../dataset/import-job.resolver.js';
import { SignInOptionsResolver } from '../auth/oidc/sign-in-options.resolver.js';
import { ANALYTICS_RESOLVERS } from '../analytics/analytics.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { DepartmentProgressResolver, WorkflowResolver } from '../workflow/workflow.resolver.js';
import { ReportResolver } from '../report/report.resolver.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { AccountResolver } from '../auth/account.resolver.js';
import { CycleResolver, DepartmentDeadlineResolver } from '../cycle/cycle.resolver.js';
import { NotificationResolver } from '../cycle/notification.resolver.js';
import { COST_RESOLVERS } from '../cost/cost.resolver.js';
import { ComparisonResolver, PolicyNodeClassResolver } from '../comparison/comparison.resolver.js';
import { CityGroupResolver } from '../comparison/city-groups.resolver.js';

export const RESOLVERS = [
  ...COST_RESOLVERS,
  MunicipalityResolver,
  PlanResolver,
  PolicyNodeResolver,
  DepartmentResolver,
  IndicatorResolver,
  EvaluationResolver,
  ProjectResolver,
  DepartmentPolicyResolver,
  DepartmentPoliciesResolver,
  SurveyResultResolver,
  PolicyNodeSurveyResolver,
  PolicyNodeYearlyGoalResolver,
  RatingScaleResolver,
  ProvenanceResolver,
  SourceDocumentResolver,
  ImportResolver,
  ImportJobResolver,
  SignInOptionsResolver,
  ...ANALYTICS_RESOLVERS,
  ReportResolver,
  AuthResolver,
  AccountResolver,
  WorkflowResolver,
  CycleResolver,
  DepartmentDeadlineResolver,
  NotificationResolver,
  DepartmentProgressResolver,
  AuditResolver,
  ComparisonResolver,
  PolicyNodeClassResolver,
  CityGroupResolver,
] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  // A field without a resolver of its own reads its property (graphql's default resolver):
  // type-graphql would otherwise wrap every one to run middlewares and auth checks, which this
  // schema has none of — a closure and two objects per field of every answer, and what keeps the
  // compiled executor (executor.ts) from reading properties inline. Whoever adds a middleware,
  // an @Authorized or a field named apart from its property must revisit this; a property that
  // holds a promise (read inline, it is not awaited) needs `@Field({ simple: false })`, as the
  // connections' lazily counted totalCount has.
  const storage = getMetadataStorage();
  const renamed = storage.fields.find((f) => f.name !== f.schemaName);
  if (storage.middlewares.length || storage.resolverMiddlewares.length || storage.authorizedFields.length || storage.authorizedResolver.length || renamed) {
    throw new Error(`createSchema: plain fields are read without type-graphql's resolvers, which a middleware, an auth rule or a renamed field (${renamed?.schemaName ?? 'none'}) needs`);
  }
  for (const type of storage.objectTypes) type.simpleResolvers ??= true;
  // Filters are checked once per resolver call with their argument paths (filter-arguments.ts).
  return buildSchema({ resolvers: [...RESOLVERS], validate: false, validateFn: checkFilterArguments, emitSchemaFile: false });
}
