import type { NodeRef, Provenance, Stage } from '../../../shared/graphql/types';

export interface ValueRef {
  id: string;
  value: number | null;
  text: string;
  /** Where it was printed (not selected for targetUsed). */
  provenance?: Provenance | null;
}
export interface SeriesPoint {
  fiscalYear: { year: number };
  baseline: ValueRef | null;
  target: ValueRef | null;
  actual: ValueRef | null;
  targetUsed: ValueRef | null;
  achievement: number | null;
  achieved: boolean | null;
}
export interface IndicatorSeries {
  indicator: { id: string; name: string; unit: string | null; direction: string };
  points: SeriesPoint[];
}
export interface GetIndicatorSeriesResult {
  indicatorSeries: IndicatorSeries[];
}
export interface IndicatorListItem {
  indicator: { id: string; name: string; unit: string | null; policyNode: NodeRef | null };
  achievement: number | null;
  achieved: boolean | null;
  actual: { id: string; text: string } | null;
  targetUsed: { id: string; text: string; fiscalYear: { year: number } } | null;
}
export interface GetIndicatorListResult {
  achievementBands: {
    bands: { key: string; label: string; minPercent: number | null; maxPercent: number | null }[];
    groups: { total: number; counts: { band: { key: string }; count: number; indicators: IndicatorListItem[] }[] }[];
  };
}
export interface IndicatorValue {
  id: string;
  fiscalYear: { year: number };
  kind: 'BASELINE' | 'TARGET' | 'ACTUAL';
  value: number | null;
  text: string;
  observedYear: number | null;
  yearNote: string | null;
  qualifier: 'AT_MOST' | 'AT_LEAST' | 'APPROX' | null;
  spanFrom: number | null;
  spanTo: number | null;
  printedAchievement: number | null;
  printedAchievementText: string | null;
  provenance: Provenance | null;
}
export interface IndicatorDetail {
  id: string;
  name: string;
  description: string | null;
  unit: string | null;
  direction: string;
  kind: string;
  source: string | null;
  isKpi: boolean;
  policyNode: (NodeRef & { path: NodeRef[] }) | null;
  provenance: Provenance | null;
  values: IndicatorValue[];
  series: { points: SeriesPoint[] };
  evaluations: {
    id: string;
    fiscalYear: { year: number };
    stage: Stage;
    scale: { id: string; name: string } | null;
    level: { id: string; code: string; label: string; color: string | null; order: number } | null;
    ruleCheck: { agrees: boolean; explanation: string; computed: { id: string; code: string } | null } | null;
    provenance: Provenance | null;
  }[];
}
export interface GetIndicatorResult {
  indicator: IndicatorDetail | null;
}
