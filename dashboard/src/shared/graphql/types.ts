/** Hand-written result types for the shapes shared by several queries (see docs/api-design.md). */
export type Stage = 'SELF' | 'SECONDARY' | 'EXTERNAL' | 'COUNCIL';
export const STAGES: readonly Stage[] = ['SELF', 'SECONDARY', 'EXTERNAL', 'COUNCIL'];
/** The URL's `stage` (self, secondary …) as a Stage; SELF when absent or unknown. */
export function stageFromParam(param: string | null | undefined): Stage {
  const s = (param ?? '').toUpperCase() as Stage;
  return STAGES.includes(s) ? s : 'SELF';
}

export interface FiscalYear {
  year: number;
  label: string;
  shortLabel?: string;
  labelEn?: string;
}

export interface RatingLevel {
  id: string;
  code: string;
  label: string;
  description?: string | null;
  order: number;
  score?: number | null;
  color?: string | null;
}

export interface RatingScaleRef {
  id: string;
  key: string;
  name: string;
  subjectKind?: string;
  levels: RatingLevel[];
}

export interface SourceDocument {
  id: string;
  key: string;
  title: string;
  file?: string | null;
  url?: string | null;
  generated: boolean;
}

export interface Provenance {
  document: SourceDocument | null;
  line: number | null;
  lineEnd?: number | null;
  note?: string | null;
  uncertain?: boolean | null;
}

export interface NodeRef {
  id: string;
  code?: string | null;
  name: string;
}

export interface DepartmentRef {
  id: string;
  name: string;
}

export interface LevelCount {
  level: RatingLevel;
  count: number;
  share: number;
}

export interface RatingGroup {
  fiscalYear?: FiscalYear | null;
  department?: DepartmentRef | null;
  policyNode?: NodeRef | null;
  stage?: Stage | null;
  scale: RatingScaleRef;
  total: number;
  rated: number;
  counts: LevelCount[];
  meanScore?: number | null;
}

export interface Connection<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
