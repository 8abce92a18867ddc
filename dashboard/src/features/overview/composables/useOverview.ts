/**
 * The overview's data: one request (one document, several root fields) for a municipality,
 * fiscal year and stage, compared with the previous year. Its distributions arrive compact
 * (each scale's levels once) and are expanded here for the panels.
 */
import { computed, type ComputedRef } from 'vue';
import GetOverview from '../graphql/get_overview.query.graphql';
import type { GetOverviewResult, GetOverviewWire } from '../graphql/get_overview.types';
import { expandGroups } from '../../../shared/graphql/distribution';
import { evaluationFilter, subjectFilter, type Filters } from '../../../shared/composables/useFilters';
import { useGraphqlQuery, type QueryState } from '../../../shared/composables/useGraphqlQuery';

/** @param filters the URL filters (city and fiscal year required; the query waits for them) */
export function useOverview(filters: ComputedRef<Filters>): QueryState<GetOverviewResult> & { ready: ComputedRef<boolean> } {
  const ready = computed(() => !!filters.value.city && !!filters.value.fiscalYear);
  const q = useGraphqlQuery<GetOverviewWire, Record<string, unknown>>(
    GetOverview,
    () => {
      const f = filters.value;
      const fy = f.fiscalYear ?? 0;
      return {
        ratings: evaluationFilter(f, { years: [fy - 1, fy] }),
        current: evaluationFilter(f, { years: [fy] }),
        subject: subjectFilter(f),
        fiscalYear: fy,
        sinceLastYear: evaluationFilter(f, { stages: null }),
        from: { fiscalYear: fy - 1, stage: f.stage },
        to: { fiscalYear: fy, stage: f.stage },
      };
    },
    // Not normalised into Apollo's cache: writing and reading back its 40 KB took the main thread
    // while the first chart waited (the server's response cache answers a repeat at once).
    { enabled: () => ready.value, fetchPolicy: 'no-cache' },
  );
  const data = computed<GetOverviewResult | undefined>(() => {
    const d = q.data.value;
    if (!d) return undefined;
    return {
      ...d,
      distribution: d.distribution && { groups: expandGroups(d.distribution) },
      byArea: d.byArea && { groups: expandGroups(d.byArea) },
      byDepartment: d.byDepartment && { groups: expandGroups(d.byDepartment) },
    };
  });
  return { ...q, data, ready };
}
