/** Builds the GraphQL schema from the resolvers of every domain slice. */
import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { MunicipalityResolver } from '../municipality/municipality.resolver.js';
import { PlanResolver } from '../plan/plan.resolver.js';
import { PolicyNodeResolver } from '../plan/policy-node.resolver.js';
import { DepartmentResolver } from '../department/department.resolver.js';
import { IndicatorResolver } from '../indicator/indicator.resolver.js';
import { EvaluationResolver } from '../evaluation/evaluation.resolver.js';
import { ProjectResolver } from '../project/project.resolver.js';
import { DepartmentPolicyResolver } from '../department-policy/department-policy.resolver.js';
import { RatingScaleResolver } from '../rating/rating.resolver.js';
import { ProvenanceResolver } from '../provenance/provenance.resolver.js';
import { ImportResolver } from '../dataset/import.resolver.js';
import { ANALYTICS_RESOLVERS } from '../analytics/analytics.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { DepartmentProgressResolver, WorkflowResolver } from '../workflow/workflow.resolver.js';
import { ReportResolver } from '../report/report.resolver.js';

export const RESOLVERS = [
  MunicipalityResolver,
  PlanResolver,
  PolicyNodeResolver,
  DepartmentResolver,
  IndicatorResolver,
  EvaluationResolver,
  ProjectResolver,
  DepartmentPolicyResolver,
  RatingScaleResolver,
  ProvenanceResolver,
  ImportResolver,
  ...ANALYTICS_RESOLVERS,
  ReportResolver,
  AuthResolver,
  WorkflowResolver,
  DepartmentProgressResolver,
] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false, emitSchemaFile: false });
}
