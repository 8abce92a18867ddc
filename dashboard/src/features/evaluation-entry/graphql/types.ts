/** Hand-written result types of the evaluation-entry operations. */
import type { DepartmentRef, RatingLevel, Stage } from '../../../shared/graphql/types';

export type SubjectKind = 'POLICY_NODE' | 'INDICATOR' | 'PROJECT';
export type EvaluationStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'ACCEPTED';

export interface HistoryEntry {
  id: string;
  at: string;
  userName: string;
  action: string;
  comment: string | null;
  changedFields: string[];
  before: string | null;
  after: string | null;
}

export interface EvaluationRecord {
  id: string;
  status: EvaluationStatus;
  version: number;
  fiscalYear: { year: number };
  stage: Stage;
  levelCode: string | null;
  achievement: string | null;
  issues: string | null;
  response: string | null;
  comment: string | null;
  request: string | null;
  evaluator: string | null;
  history: HistoryEntry[];
}

export interface EntryVariables extends Record<string, unknown> {
  kind: SubjectKind;
  id: string;
  fiscalYear: number;
  stage: Stage;
}

export interface GetEvaluationEntryResult {
  evaluationEntry: {
    subjectName: string;
    mayEdit: boolean;
    mayReview: boolean;
    department: DepartmentRef | null;
    scale: { id: string; key: string; name: string; levels: RatingLevel[] } | null;
    record: EvaluationRecord | null;
  };
}

export interface GetEntryAccessResult {
  evaluationEntry: { mayEdit: boolean; mayReview: boolean; record: { id: string; status: EvaluationStatus; version: number } | null };
}

export interface SaveEvaluationResult {
  saveEvaluation: EvaluationRecord;
}
export interface SubmitEvaluationResult {
  submitEvaluation: EvaluationRecord;
}
export interface ReturnEvaluationResult {
  returnEvaluation: EvaluationRecord;
}
export interface AcceptEvaluationResult {
  acceptEvaluation: EvaluationRecord;
}

export interface SaveIndicatorActualResult {
  saveIndicatorActual: { id: string; version: number; fiscalYear: { year: number }; value: number | null; text: string };
}

export interface DepartmentProgressItem {
  department: DepartmentRef | null;
  total: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  missing: number;
  late: number;
  deadline: string | null;
  reminderSentAt: string | null;
}
export interface GetEvaluationProgressResult {
  evaluationProgress: DepartmentProgressItem[];
}

export interface DepartmentSubjectEvaluation {
  id: string;
  subjectKind: SubjectKind;
  subjectName: string;
  fiscalYear: { year: number };
  policyNode: { id: string; code: string | null } | null;
  indicator: { id: string } | null;
  project: { id: string } | null;
}
export interface GetDepartmentSubjectsResult {
  evaluations: { totalCount: number; nodes: DepartmentSubjectEvaluation[] };
}
