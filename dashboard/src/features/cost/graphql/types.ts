import type { RatingLevel, Provenance, Stage } from '../../../shared/graphql/types';

export type CostBasis = 'TOTAL_COST' | 'SETTLED';
export type ProjectDirection = 'EXPAND' | 'MAINTAIN' | 'IMPROVE' | 'REDUCE' | 'INTEGRATE' | 'ABOLISH' | 'COMPLETE';
export const PROJECT_DIRECTIONS: readonly ProjectDirection[] = ['EXPAND', 'MAINTAIN', 'IMPROVE', 'REDUCE', 'INTEGRATE', 'ABOLISH', 'COMPLETE'];

export interface CostGroup {
  id: string;
  key: string | null;
  name: string | null;
  code: string | null;
  projects: number;
  totalCost: number | null;
  totalCostProjects: number;
  settled: number | null;
  settledProjects: number;
  budget: number | null;
  budgetProjects: number;
  executionRate: number | null;
  executionProjects: number;
  previousTotalCost: number | null;
  comparableTotalCost: number | null;
  changeProjects: number;
  changeRate: number | null;
}
export interface CostRating {
  id: string;
  code: string;
  label: string;
  score: number | null;
  normalizedScore: number | null;
  color: string | null;
}
export interface GetCostViewResult {
  areas: CostGroup[];
  nodes: (CostGroup & { rating: CostRating | null; achievement?: number | null; achievementIndicators?: number })[];
  purposes: CostGroup[];
  directions: CostGroup[];
  costYears: { year: number }[];
}
export interface GetCostViewVariables extends Record<string, unknown> {
  municipalityCode: string;
  fiscalYear: number;
  depth: number;
  areaId: string | null;
  stage: Stage;
  byAchievement?: boolean;
}

export interface UnitCost {
  id: string;
  value: number | null;
  cost?: number | null;
  costBasis?: CostBasis | null;
  actual?: number | null;
  indicator: { id: string; name: string; unit: string | null; kind?: string };
}
export interface YearFigures {
  id: string;
  fiscalYear?: { year: number };
  cost: number | null;
  costBasis: CostBasis | null;
  budget?: number | null;
  settled?: number | null;
  executionRate: number | null;
  previousCost?: number | null;
  change?: number | null;
  changeRate: number | null;
  changeBasis?: CostBasis | null;
  unitCosts: UnitCost[];
}
export interface CostProjectItem {
  id: string;
  name: string;
  /** Its own department, else its node's lead department (own or inherited). */
  effectiveDepartment: { id: string; name: string } | null;
  policyNode: { id: string; code: string | null; name: string } | null;
  cost: { id: string; direction: ProjectDirection | null } | null;
  figure: YearFigures | null;
}
export interface GetCostProjectsResult {
  projects: { totalCount: number; nodes: CostProjectItem[] };
}

export interface ProjectCost {
  id: string;
  fiscalYear: { year: number };
  businessCost: number | null;
  staff: number | null;
  costPerStaff: number | null;
  personnelCost: number | null;
  personnelCostBasis: 'PRINTED' | 'STAFF_TIMES_AVERAGE' | null;
  otherCost: number | null;
  totalCost: number | null;
  printedTotal: number | null;
  funding: { national: number | null; bonds: number | null; otherSpecific: number | null; general: number | null; total: number | null };
  direction: ProjectDirection | null;
  directionText: string | null;
  /** 妥当性・有効性・効率性, each as printed. */
  validity: string | null;
  effectiveness: string | null;
  efficiency: string | null;
  provenance: Provenance;
}
export interface ProjectDetail {
  id: string;
  name: string;
  description: string | null;
  municipality: { id: string; code: string; generated: boolean };
  /** Its own department, else its node's lead department (own or inherited). */
  effectiveDepartment: { id: string; name: string } | null;
  policyNode: { id: string; code: string | null; name: string } | null;
  shares: { id: string; share: number; policyNode: { id: string; code: string | null; name: string } }[];
  provenance: Provenance;
  amounts: { id: string; fiscalYear: { year: number }; kind: 'SETTLED' | 'BUDGET'; thousandYen: number | null; text: string; provenance: Provenance }[];
  costs: ProjectCost[];
  figures: YearFigures[];
  evaluations: {
    id: string;
    fiscalYear: { year: number };
    stage: Stage;
    scale: { id: string; name: string } | null;
    level: RatingLevel | null;
    achievement: string | null;
    comment: string | null;
    provenance: Provenance;
  }[];
}
export interface GetProjectResult {
  project: ProjectDetail | null;
}
