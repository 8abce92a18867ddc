/**
 * The URL's filters as plain functions (no Vue, no router: boot.ts uses them before the app has
 * loaded). Keys: city, plan, fy, from, to, dept, sub, area, tree, stage.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { stageFromParam, type Stage } from './graphql/types';

export interface Filters {
  /** 全国地方公共団体コード */
  city: string | null;
  plan: string | null;
  fiscalYear: number | null;
  from: number | null;
  to: number | null;
  department: string | null;
  includeSubDepartments: boolean;
  area: string | null;
  includeSubtree: boolean;
  stage: Stage;
}

export const FILTER_KEYS = ['city', 'plan', 'fy', 'from', 'to', 'dept', 'sub', 'area', 'tree', 'stage'] as const;


function one(q: LocationQuery, key: string): string | null {
  const v = q[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === null || s === '' ? null : s;
}
function int(q: LocationQuery, key: string): number | null {
  const s = one(q, key);
  const n = s === null ? NaN : Number(s);
  return Number.isInteger(n) ? n : null;
}

export function parseFilters(q: LocationQuery): Filters {
  return {
    city: one(q, 'city'),
    plan: one(q, 'plan'),
    fiscalYear: int(q, 'fy'),
    from: int(q, 'from'),
    to: int(q, 'to'),
    department: one(q, 'dept'),
    includeSubDepartments: one(q, 'sub') !== '0',
    area: one(q, 'area'),
    includeSubtree: one(q, 'tree') !== '0',
    stage: stageFromParam(one(q, 'stage')),
  };
}

export function stageParam(stage: Stage): string {
  return stage.toLowerCase();
}

/** The filter part of a query, to carry across navigation. */
export function pickFilterQuery(q: LocationQuery): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const k of FILTER_KEYS) if (q[k] !== undefined) out[k] = q[k];
  return out;
}

/** GraphQL SubjectFilter from the URL filters. */
export function subjectFilter(f: Filters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.city) out.municipalityCodes = [f.city];
  if (f.plan) out.planIds = [f.plan];
  if (f.department) {
    out.departmentIds = [f.department];
    out.includeSubDepartments = f.includeSubDepartments;
  }
  if (f.area) {
    out.policyNodeIds = [f.area];
    out.includeSubtree = f.includeSubtree;
  }
  return out;
}

/** GraphQL EvaluationFilter: the subject filter plus years and stages. */
export function evaluationFilter(
  f: Filters,
  extra: { years?: number[]; from?: number | null; to?: number | null; stages?: Stage[] | null; levelCodes?: string[]; scaleKeys?: string[]; subjectKinds?: string[] } = {},
): Record<string, unknown> {
  const out = subjectFilter(f);
  if (extra.years) out.fiscalYears = { in: extra.years };
  else if (extra.from != null || extra.to != null) out.fiscalYears = { from: extra.from ?? undefined, to: extra.to ?? undefined };
  if (extra.stages !== null) out.stages = extra.stages ?? [f.stage];
  if (extra.levelCodes?.length) out.levelCodes = extra.levelCodes;
  if (extra.scaleKeys?.length) out.scaleKeys = extra.scaleKeys;
  if (extra.subjectKinds?.length) out.subjectKinds = extra.subjectKinds;
  return out;
}
