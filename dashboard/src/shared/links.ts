/** Links to the lists behind numbers, carrying the current filters. */
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import { stageParam } from './composables/useFilters';
import type { Stage } from './graphql/types';

export interface EvaluationListParams {
  fy?: number | null;
  stage?: Stage | null;
  scale?: string | null;
  levels?: string[];
  area?: string | null;
  dept?: string | null;
  kind?: string | null;
}

export function evaluationListLink(base: LocationQueryRaw, p: EvaluationListParams): RouteLocationRaw {
  const query: LocationQueryRaw = { ...base };
  if (p.fy) query.fy = String(p.fy);
  if (p.stage) query.stage = stageParam(p.stage);
  if (p.scale) query.scale = p.scale;
  if (p.levels?.length) query.levels = p.levels.join(',');
  if (p.area) query.area = p.area;
  if (p.dept) query.dept = p.dept;
  if (p.kind) query.kind = p.kind;
  return { path: '/evaluations', query };
}

export function nodeLink(base: LocationQueryRaw, id: string): RouteLocationRaw {
  return { path: `/policy/${id}`, query: base };
}
export function indicatorLink(base: LocationQueryRaw, id: string): RouteLocationRaw {
  return { path: `/indicators/${id}`, query: base };
}
export function projectLink(base: LocationQueryRaw, id: string): RouteLocationRaw {
  return { path: `/projects/${id}`, query: base };
}
export function departmentLink(base: LocationQueryRaw, id: string): RouteLocationRaw {
  return { path: `/departments/${id}`, query: base };
}

/** Levels in the bottom half of a scale (C/D of A–D, 低 of 高/中/低): "lagging". */
export function laggingCodes(levels: { code: string; order: number }[]): string[] {
  const n = levels.length;
  return levels.filter((l) => l.order > Math.ceil(n / 2)).map((l) => l.code);
}
