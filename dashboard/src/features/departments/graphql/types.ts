import type { DepartmentRef, NodeRef, Provenance, Stage } from '../../../shared/graphql/types';

export interface ScaleWithLevels {
  id: string;
  key: string;
  name: string;
  levels: { id: string; code: string; label: string; order: number; color: string | null }[];
}
/** A group as the query returns it (compact: expand with shared/graphql/distribution.ts). */
export interface CompactYearGroup {
  fiscalYear: { year: number } | null;
  scale: { id: string };
  rated: number;
  meanScore: number | null;
  levelCounts: number[];
}
/** A group as the views use it. */
export interface YearGroup {
  fiscalYear: { year: number } | null;
  scale: ScaleWithLevels;
  rated: number;
  meanScore: number | null;
  counts: { level: { id: string; code: string }; count: number }[];
}
export interface GetDepartmentHeatmapResult {
  ratingDistribution: { scales: ScaleWithLevels[]; groups: (CompactYearGroup & { department: DepartmentRef | null })[] };
}
export interface GetDepartmentResult {
  department: {
    id: string;
    name: string;
    kind: string;
    path: DepartmentRef[];
    children: DepartmentRef[];
    policyNodes: (NodeRef & { levelName: string | null })[];
    provenance: Provenance | null;
  } | null;
  ratings: { scales: ScaleWithLevels[]; groups: CompactYearGroup[] } | null;
  anyStage: { groups: { stage: Stage | null; rated: number }[] } | null;
}
