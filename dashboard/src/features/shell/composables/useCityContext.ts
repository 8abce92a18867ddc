/**
 * The shell's context for every view: the municipalities, the chosen one (with its
 * generated flag), its fiscal years, plans and departments. Created once in the shell and
 * injected by views. Fills in a default city and year (replacing the URL, so back works).
 */
import { computed, inject, provide, ref, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { useGraphqlQuery } from '../../../shared/composables/useGraphqlQuery';
import { useRouter } from 'vue-router';
import { useFilters } from '../../../shared/composables/useFilters';
import GetMunicipalities from '../graphql/get_municipalities.query.graphql';
import GetCityYears from '../graphql/get_city_years.query.graphql';
import GetEvaluationYears from '../graphql/get_evaluation_years.query.graphql';
import GetCityStructure from '../graphql/get_city_structure.query.graphql';
import type {
  DepartmentItem,
  GetCityStructureResult,
  GetCityYearsResult,
  GetEvaluationYearsResult,
  GetMunicipalitiesResult,
  MunicipalityItem,
  PlanItem,
} from '../graphql/types';

export interface CityContext {
  municipalities: ComputedRef<MunicipalityItem[]>;
  municipalitiesLoading: Ref<boolean>;
  municipalitiesError: ComputedRef<Error | null>;
  city: ComputedRef<MunicipalityItem | null>;
  /** Years with any data, ascending. */
  years: ComputedRef<number[]>;
  /** Years with evaluations, ascending (empty while unknown). */
  evaluationYears: ComputedRef<number[]>;
  plans: ComputedRef<PlanItem[]>;
  plan: ComputedRef<PlanItem | null>;
  departments: ComputedRef<DepartmentItem[]>;
  structureError: ComputedRef<Error | null>;
}

const KEY: InjectionKey<CityContext> = Symbol('city-context');

/** The current fiscal year (April to March) in Japan. */
export function currentFiscalYear(now = new Date()): number {
  const tokyo = new Date(now.getTime() + 9 * 3600_000);
  return tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
}

export function provideCityContext(): CityContext {
  const { filters, setFilters } = useFilters();
  // Defaults wait for the first navigation: before it, the route is the empty start location.
  const routerReady = ref(false);
  void useRouter()
    .isReady()
    .then(() => (routerReady.value = true));
  const code = computed(() => filters.value.city);
  const munis = useGraphqlQuery<GetMunicipalitiesResult, Record<string, never>>(GetMunicipalities, () => ({}));
  const yearsQ = useGraphqlQuery<GetCityYearsResult, { code: string }>(GetCityYears, () => ({ code: code.value ?? '' }), {
    enabled: () => !!code.value,
  });
  const evalYearsQ = useGraphqlQuery<GetEvaluationYearsResult, { filter: Record<string, unknown> }>(
    GetEvaluationYears,
    () => ({ filter: { municipalityCodes: [code.value ?? ''] } }),
    { enabled: () => !!code.value },
  );
  const structure = useGraphqlQuery<GetCityStructureResult, { code: string }>(GetCityStructure, () => ({ code: code.value ?? '' }), {
    enabled: () => !!code.value,
  });

  const municipalities = computed(() => munis.data.value?.municipalities ?? []);
  const city = computed(() => municipalities.value.find((m) => m.code === code.value) ?? null);
  // Only the chosen city's years (a previous city's result may linger while the next one loads).
  const years = computed(() =>
    yearsQ.data.value?.municipality?.code === code.value ? (yearsQ.data.value?.municipality?.fiscalYears ?? []).map((y) => y.year) : [],
  );
  const evaluationYears = computed(() =>
    (evalYearsQ.data.value?.ratingDistribution?.groups ?? [])
      .filter((g) => g.fiscalYear && g.rated > 0)
      .map((g) => g.fiscalYear!.year)
      .sort((a, b) => a - b),
  );
  const plans = computed(() => structure.data.value?.plans ?? []);
  const plan = computed(() => plans.value.find((p) => p.id === filters.value.plan) ?? null);
  const departments = computed(() => structure.data.value?.departments ?? []);

  // Defaults: the first municipality; the latest year with evaluations (else the latest year
  // with data up to the current fiscal year).
  watch(
    [municipalities, routerReady],
    ([list, isReady]) => {
      if (isReady && !filters.value.city && list.length) void setFilters({ city: list[0]!.code }, { replace: true });
    },
    { immediate: true },
  );
  watch(
    [years, evaluationYears, () => evalYearsQ.loading.value, () => evalYearsQ.error.value, routerReady],
    ([ys, evs, loadingEv, evError, isReady]) => {
      if (!isReady || filters.value.fiscalYear || !ys.length || loadingEv) return;
      if (evs.length && !evError) return void setFilters({ fy: evs[evs.length - 1]! }, { replace: true });
      const now = currentFiscalYear();
      const past = ys.filter((y) => y <= now);
      void setFilters({ fy: past.length ? past[past.length - 1]! : ys[0]! }, { replace: true });
    },
    { immediate: true },
  );

  const ctx: CityContext = {
    municipalities,
    municipalitiesLoading: munis.loading,
    municipalitiesError: munis.error,
    city,
    years,
    evaluationYears,
    plans,
    plan,
    departments,
    structureError: computed(() => structure.error.value),
  };
  provide(KEY, ctx);
  return ctx;
}

export function useCityContext(): CityContext {
  const ctx = inject(KEY);
  if (!ctx) throw new Error('useCityContext() outside the shell');
  return ctx;
}
