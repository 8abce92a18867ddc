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
  label: string;
  order: number;
  score: number | null;
  color: string | null;
}
export interface TransitionSubject {
  subjectKind: string;
  subjectName: string | null;
  policyNode: { id: string } | null;
  indicator: { id: string } | null;
  project: { id: string } | null;
}
/** The answer as sent: distributions in their compact form (see shared/graphql/distribution.ts). */
export interface GetOverviewWire extends Omit<GetOverviewResult, 'distribution' | 'byArea' | 'byDepartment'> {
  distribution: { scales: RatingScaleRef[]; groups: { fiscalYear: FiscalYear | null; scale: { id: string }; total: number; rated: number; levelCounts: number[] }[] } | null;
  byArea: { scales: RatingScaleRef[]; groups: { policyNode: NodeRef | null; scale: { id: string }; rated: number; levelCounts: number[] }[] } | null;
  byDepartment: { scales: RatingScaleRef[]; groups: { department: DepartmentRef | null; scale: { id: string }; rated: number; levelCounts: number[] }[] } | null;
}

/** The answer as the panels read it: each group with its scale and counts per level. */
export interface GetOverviewResult {
  distribution: {
    groups: { fiscalYear: FiscalYear | null; scale: RatingScaleRef; total: number; rated: number; counts: CountRef[] }[];
  } | null;
  bands: {
    bands: BandRef[];
    groups: { total: number; measured: number; counts: { band: { key: string }; count: number; share: number }[] }[];
  } | null;
  byArea: { groups: { policyNode: NodeRef | null; scale: RatingScaleRef; rated: number; counts: CountRef[] }[] } | null;
  byDepartment: { groups: { department: DepartmentRef | null; scale: RatingScaleRef; rated: number; counts: CountRef[] }[] } | null;
  movers: {
    total: number;
    cells: { from: TransitionLevelRef | null; to: TransitionLevelRef | null; count: number; subjects: TransitionSubject[] }[];
  } | null;
}
