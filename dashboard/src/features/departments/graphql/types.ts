import type { DepartmentRef, NodeRef, Provenance } from '../../../shared/graphql/types';

export interface ScaleWithLevels {
  id: string;
  key: string;
  name: string;
  levels: { id: string; code: string; label: string; order: number; color: string | null }[];
}
export interface YearGroup {
  fiscalYear: { year: number } | null;
  scale: ScaleWithLevels;
  rated: number;
  meanScore: number | null;
  counts: { level: { id: string; code: string }; count: number }[];
}
export interface GetDepartmentHeatmapResult {
  ratingDistribution: { groups: (YearGroup & { department: DepartmentRef | null })[] };
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
  ratings: { groups: YearGroup[] } | null;
}
