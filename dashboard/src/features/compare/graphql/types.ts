import type { Stage } from '../../../shared/graphql/types';

interface LevelRef {
  id: string;
  code: string;
  order: number;
}
export interface ScaleRef {
  id: string;
  key: string;
  name: string;
  levels: (LevelRef & { label: string; color: string | null; score: number | null })[];
}
export interface TransitionSubject {
  subjectKind: string;
  subjectName: string | null;
  /** The subject itself: one of the three, by subjectKind. */
  policyNode: { id: string; code: string | null } | null;
  indicator: { id: string } | null;
  project: { id: string } | null;
}
export interface GetTransitionsResult {
  transitions: {
    total: number;
    onlyFrom: number;
    onlyTo: number;
    cells: { scale: ScaleRef; from: LevelRef | null; to: LevelRef | null; count: number; subjects: TransitionSubject[] }[];
  };
}
interface FullLevel {
  id: string;
  code: string;
  label: string;
  color: string | null;
  order: number;
}
export interface GetStageComparisonResult {
  stageComparison: {
    compared: number;
    agreed: number;
    stricter: number;
    moreLenient: number;
    differences: {
      totalCount: number;
      nodes: {
        difference: number;
        stricter: boolean;
        base: {
          id: string;
          subjectName: string;
          fiscalYear: { year: number };
          policyNode: { id: string; code: string | null } | null;
          indicator: { id: string } | null;
          scale: { id: string; name: string } | null;
          level: FullLevel | null;
        };
        compare: { id: string; level: FullLevel | null; comment: string | null };
      }[];
    };
  };
}
export type { Stage };
