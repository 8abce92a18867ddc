/** Result types of the node-records operation. */
import type { Provenance, RatingLevel, Stage } from '../../../shared/graphql/types';

export interface SurveyResult {
  id: string;
  fiscalYear: { year: number };
  survey: string;
  question: string;
  item: string;
  respondents: number | null;
  count: number | null;
  percent: number | null;
  rank: number | null;
  rankOf: number | null;
  text: string;
  provenance: Provenance | null;
}

export interface YearlyGoal {
  id: string;
  fiscalYear: { year: number };
  goal: string;
  provenance: Provenance | null;
}

export interface ProjectRecords {
  id: string;
  name: string;
  evaluations: { id: string; fiscalYear: { year: number }; stage: Stage; scale: { id: string; name: string } | null; level: RatingLevel | null; provenance: Provenance | null }[];
}

export interface GetNodeRecordsResult {
  policyNode: { id: string; surveyResults: SurveyResult[]; yearlyGoals: YearlyGoal[]; projects: ProjectRecords[] } | null;
}
