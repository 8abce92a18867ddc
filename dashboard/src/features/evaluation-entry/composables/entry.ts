/** Shared bits of the entry feature: limits as the server enforces them, links, status names. */
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import type { Stage } from '../../../shared/graphql/types';
import { stageParam } from '../../../shared/composables/useFilters';
import type { SubjectKind } from '../graphql/types';

/** The server's limit for each evaluation text (workflow.resolver MAX_TEXT). */
export const MAX_TEXT = 4000;
/** The server's limit for an actual's printed text. */
export const MAX_ACTUAL_TEXT = 200;

export const SUBJECT_KINDS: readonly SubjectKind[] = ['POLICY_NODE', 'INDICATOR', 'PROJECT'];

export function subjectKindFromParam(p: unknown): SubjectKind | null {
  const k = String(p ?? '').toUpperCase();
  return (SUBJECT_KINDS as readonly string[]).includes(k) ? (k as SubjectKind) : null;
}

/** The entry form of a subject, for the current (or given) fiscal year and stage. */
export function entryLink(base: LocationQueryRaw, kind: SubjectKind, id: string, p: { fy?: number | null; stage?: Stage | null } = {}): RouteLocationRaw {
  const query: LocationQueryRaw = { ...base };
  if (p.fy) query.fy = String(p.fy);
  if (p.stage) query.stage = stageParam(p.stage);
  return { name: 'entry', params: { kind: kind.toLowerCase(), id }, query };
}

/** What the subject's own page is. */
export function subjectPage(base: LocationQueryRaw, kind: SubjectKind, id: string): RouteLocationRaw | null {
  if (kind === 'POLICY_NODE') return { path: `/policy/${id}`, query: base };
  if (kind === 'INDICATOR') return { path: `/indicators/${id}`, query: base };
  return null;
}
