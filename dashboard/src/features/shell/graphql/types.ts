import type { NodeRef, Stage } from '../../../shared/graphql/types';

export interface MunicipalityItem {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  prefecture: string;
  generated: boolean;
  /** The year the city opens on for the asked stage (see Municipality.latestFiscalYear). */
  latestFiscalYear: { year: number } | null;
}
export interface GetMunicipalitiesResult {
  municipalities: MunicipalityItem[];
}
/** What a city holds for one fiscal year. */
export interface YearSummary {
  fiscalYear: { year: number };
  rated: { stage: Stage; count: number }[];
  baselineValues: number;
  targetValues: number;
  actualValues: number;
}
export interface GetCityYearsResult {
  municipality: { id: string; code: string; fiscalYears: { year: number }[]; yearSummaries: YearSummary[] } | null;
}
export interface PlanItem {
  id: string;
  key: string;
  name: string;
  startYear: number | null;
  endYear: number | null;
  levelNames: string[];
  roots: (NodeRef & { children: NodeRef[] })[];
}
export interface DepartmentItem {
  id: string;
  name: string;
  kind: string | null;
  parent: { id: string } | null;
}
export interface GetCityStructureResult {
  plans: PlanItem[];
  departments: DepartmentItem[];
}
