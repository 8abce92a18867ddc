import type { Connection, DepartmentRef, NodeRef, Provenance, Stage } from '../../../shared/graphql/types';

export interface EvaluationRow {
  id: string;
  subjectKind: 'POLICY_NODE' | 'INDICATOR' | 'PROJECT';
  subjectName: string;
  policyNode: NodeRef | null;
  indicator: { id: string; name: string } | null;
  fiscalYear: { year: number };
  stage: Stage;
  scale: { id: string; key: string; name: string } | null;
  level: { id: string; code: string; label: string; color: string | null; order: number } | null;
  department: DepartmentRef | null;
  provenance: Provenance | null;
}
export interface GetEvaluationsResult {
  evaluations: Connection<EvaluationRow>;
}
