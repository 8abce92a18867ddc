import type { NodeRef } from '../../../shared/graphql/types';

export interface MunicipalityItem {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  prefecture: string;
  generated: boolean;
}
export interface GetMunicipalitiesResult {
  municipalities: MunicipalityItem[];
}
export interface GetCityYearsResult {
  municipality: { id: string; code: string; fiscalYears: { year: number }[] } | null;
}
export interface GetEvaluationYearsResult {
  ratingDistribution: { groups: { fiscalYear: { year: number } | null; rated: number }[] };
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
