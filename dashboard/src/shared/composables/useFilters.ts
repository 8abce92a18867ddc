/**
 * Filters that live in the URL query, so any view can be bookmarked and shared and
 * back/forward restore it: the current ones and a setter (the pure parts are in ../filters.ts).
 */
import { computed, type ComputedRef } from 'vue';
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';
import type { Stage } from '../graphql/types';
import { pickFilterQuery, parseFilters, stageParam, type Filters } from '../filters';

export { FILTER_KEYS, evaluationFilter, parseFilters, pickFilterQuery, stageParam, subjectFilter, type Filters } from '../filters';

export interface FilterPatch {
  city?: string | null;
  plan?: string | null;
  fy?: number | null;
  from?: number | null;
  to?: number | null;
  dept?: string | null;
  sub?: boolean;
  area?: string | null;
  tree?: boolean;
  stage?: Stage;
}

/**
 * The current filters from the URL and a setter that pushes a new history entry.
 * @returns `{ filters, setFilters, filterQuery }`
 */
export function useFilters(): {
  filters: ComputedRef<Filters>;
  filterQuery: ComputedRef<LocationQueryRaw>;
  setFilters: (patch: FilterPatch, options?: { replace?: boolean }) => Promise<void>;
} {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => parseFilters(route.query));
  const filterQuery = computed(() => pickFilterQuery(route.query));
  async function setFilters(patch: FilterPatch, options: { replace?: boolean } = {}) {
    const q: LocationQueryRaw = { ...route.query };
    const put = (k: string, v: string | number | null | undefined) => {
      if (v === null || v === undefined || v === '') delete q[k];
      else q[k] = String(v);
    };
    if ('city' in patch) {
      put('city', patch.city);
      // Plans, departments and nodes belong to one city, and so do its years: the shell then
      // picks the new city's latest rated year.
      for (const k of ['plan', 'dept', 'area', 'fy', 'from', 'to']) delete q[k];
    }
    if ('plan' in patch) {
      put('plan', patch.plan);
      delete q.area;
    }
    if ('fy' in patch) put('fy', patch.fy);
    if ('from' in patch) put('from', patch.from);
    if ('to' in patch) put('to', patch.to);
    if ('dept' in patch) put('dept', patch.dept);
    if ('sub' in patch) put('sub', patch.sub ? null : '0');
    if ('area' in patch) put('area', patch.area);
    if ('tree' in patch) put('tree', patch.tree ? null : '0');
    if ('stage' in patch) put('stage', patch.stage === 'SELF' ? null : stageParam(patch.stage!));
    await (options.replace ? router.replace({ query: q }) : router.push({ query: q }));
  }
  return { filters, filterQuery, setFilters };
}
