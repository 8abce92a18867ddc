/**
 * The overview's data: one request (one document, several root fields) for a municipality,
 * fiscal year and stage, compared with the previous year. Its distributions arrive compact
 * (each scale's levels once) and are expanded here for the panels. On a cold start the page's
 * boot script has usually asked already (boot.ts): its answer is used when it was asked with
 * the same variables, once; any other filters are asked here.
 */
import { computed, shallowRef, watch, type ComputedRef } from 'vue';
import GetOverview from '../graphql/get_overview.query.graphql';
import type { GetOverviewResult, GetOverviewWire } from '../graphql/get_overview.types';
import { overviewVariables } from '../graphql/overview-variables';
import { expandGroups } from '../../../shared/graphql/distribution';
import type { Filters } from '../../../shared/composables/useFilters';
import { useGraphqlQuery, type QueryState } from '../../../shared/composables/useGraphqlQuery';
import type { BootAnswer } from '../../../boot';

/** How long the overview waits for the boot script's answer before asking itself. */
const BOOT_WAIT_MS = 3000;
/** The boot script's overview, taken by the first overview only. */
let bootOverview: Promise<BootAnswer> | undefined = window.seisakuBoot?.overview;

/** @param filters the URL filters (city and fiscal year required; the query waits for them) */
export function useOverview(filters: ComputedRef<Filters>): QueryState<GetOverviewResult> & { ready: ComputedRef<boolean> } {
  const ready = computed(() => !!filters.value.city && !!filters.value.fiscalYear);
  const variables = computed(() => overviewVariables(filters.value));
  // undefined while the boot script's answer may still come; then its answer or null.
  const boot = shallowRef<BootAnswer | undefined>(bootOverview ? undefined : null);
  void Promise.race([bootOverview, new Promise<null>((r) => setTimeout(() => r(null), BOOT_WAIT_MS))]).then((b) => (boot.value = b ?? null));
  bootOverview = undefined;
  const fromBoot = computed(() => (boot.value && JSON.stringify(boot.value.variables) === JSON.stringify(variables.value) ? (boot.value.data as GetOverviewWire) : null));
  // Used once: other filters drop it (and coming back asks again).
  watch(variables, () => {
    if (boot.value && !fromBoot.value) boot.value = null;
  });
  const q = useGraphqlQuery<GetOverviewWire, Record<string, unknown>>(
    GetOverview,
    () => variables.value,
    // Not normalised into Apollo's cache: writing and reading back its 40 KB took the main thread
    // while the first chart waited (the server's response cache answers a repeat at once).
    { enabled: () => ready.value && boot.value !== undefined && !fromBoot.value, fetchPolicy: 'no-cache' },
  );
  const data = computed<GetOverviewResult | undefined>(() => {
    const d = fromBoot.value ?? q.data.value;
    if (!d) return undefined;
    return {
      ...d,
      distribution: d.distribution && { groups: expandGroups(d.distribution) },
      byArea: d.byArea && { groups: expandGroups(d.byArea) },
      byDepartment: d.byDepartment && { groups: expandGroups(d.byDepartment) },
    };
  });
  const loading = computed(() => (ready.value && boot.value === undefined) || q.loading.value);
  return { ...q, data, loading, ready };
}
