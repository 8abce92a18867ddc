/** Result types of the report's records (report-records.fragment.graphql). */
import type { Provenance } from '../../../shared/graphql/types';

export interface ReportSource {
  documentId: string;
  document: string;
  generated: boolean;
  line: number | null;
  lineEnd: number | null;
  page: number | null;
  note: string | null;
  uncertain: boolean;
}

export interface ReportRecords {
  priorityCount: { priority: number; unknown: number };
  departmentPolicies: {
    id: string;
    departmentId: string;
    department: string;
    basicApproach: string;
    source: ReportSource | null;
    initiatives: { category: string; title: string; body: string; source: ReportSource | null }[];
  }[];
  surveyResults: {
    id: string;
    nodeId: string;
    fiscalYear: number;
    survey: string;
    question: string;
    item: string;
    respondents: number | null;
    count: number | null;
    percent: number | null;
    rank: number | null;
    rankOf: number | null;
    source: ReportSource | null;
  }[];
  yearlyGoals: { id: string; nodeId: string; fiscalYear: number; goal: string; source: ReportSource | null }[];
}

/** A report record's source as the provenance the source viewer takes. */
export function provenanceOf(s: ReportSource | null): Provenance | null {
  if (!s) return null;
  return {
    document: { id: s.documentId, key: '', title: s.document, generated: s.generated },
    line: s.line,
    lineEnd: s.lineEnd,
    note: s.note,
    uncertain: s.uncertain,
  };
}
