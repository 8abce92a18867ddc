/**
 * The overview's data: one request (one document, several root fields) for a municipality,
 * fiscal year and stage, compared with the previous year.
 */
import { computed, type ComputedRef } from 'vue';
import GetOverview from '../graphql/get_overview.query.graphql';
import type { GetOverviewResult } from '../graphql/get_overview.types';
import { evaluationFilter, subjectFilter, type Filters } from '../../../shared/composables/useFilters';
import { useGraphqlQuery, type QueryState } from '../../../shared/composables/useGraphqlQuery';

/** @param filters the URL filters (city and fiscal year required; the query waits for them) */
export function useOverview(filters: ComputedRef<Filters>): QueryState<GetOverviewResult> & { ready: ComputedRef<boolean> } {
  const ready = computed(() => !!filters.value.city && !!filters.value.fiscalYear);
  const q = useGraphqlQuery<GetOverviewResult, Record<string, unknown>>(
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
    { enabled: () => ready.value },
  );
  return { ...q, ready };
}
