import type { DepartmentRef, FiscalYear, NodeRef, RatingScaleRef } from '../../../shared/graphql/types';

interface CountRef {
  level: { id: string; code: string };
  count: number;
  share?: number;
}
export interface BandRef {
  key: string;
  label: string;
  minPercent: number | null;
  maxPercent: number | null;
}
export interface TransitionLevelRef {
  id: string;
  code: string;
  order: number;
  color: string | null;
}
export interface TransitionSubject {
  subjectKind: string;
  subjectName: string | null;
  to: { id: string; policyNode: { id: string } | null; indicator: { id: string } | null };
}
export interface GetOverviewResult {
  distribution: {
    groups: { fiscalYear: FiscalYear | null; scale: RatingScaleRef; total: number; rated: number; counts: CountRef[] }[];
  } | null;
  bands: {
    bands: BandRef[];
    groups: { total: number; counts: { band: { key: string }; count: number; share: number }[] }[];
  } | null;
  byArea: { groups: { policyNode: NodeRef | null; scale: { id: string; key: string }; rated: number; counts: CountRef[] }[] } | null;
  byDepartment: { groups: { department: DepartmentRef | null; scale: { id: string; key: string }; rated: number; counts: CountRef[] }[] } | null;
  movers: {
    total: number;
    cells: { from: TransitionLevelRef | null; to: TransitionLevelRef | null; count: number; subjects: TransitionSubject[] }[];
  } | null;
}
