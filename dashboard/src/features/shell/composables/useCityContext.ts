/**
 * The shell's context for every view: the municipalities, the chosen one (with its
 * generated flag), its fiscal years (and what each holds), plans and departments. Created once
 * in the shell and injected by views. Fills in a default city and year (replacing the URL, so
 * back works): the year is the server's `latestFiscalYear` for the stage, which comes with the
 * list of cities, so the first view's request waits for one round trip only.
 */
import { computed, inject, provide, ref, shallowRef, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { useGraphqlQuery } from '../../../shared/composables/useGraphqlQuery';
import { useRouter } from 'vue-router';
import { useFilters } from '../../../shared/composables/useFilters';
import { i18n } from '../../../i18n';
import GetMunicipalities from '../graphql/get_municipalities.query.graphql';
import GetCityYears from '../graphql/get_city_years.query.graphql';
import GetCityStructure from '../graphql/get_city_structure.query.graphql';
import type {
  DepartmentItem,
  GetCityStructureResult,
  GetCityYearsResult,
  GetMunicipalitiesResult,
  MunicipalityItem,
  PlanItem,
  YearSummary,
} from '../graphql/types';
import { STAGES, type Stage } from '../../../shared/graphql/types';

export interface CityContext {
  municipalities: ComputedRef<MunicipalityItem[]>;
  municipalitiesLoading: Ref<boolean>;
  municipalitiesError: ComputedRef<Error | null>;
  city: ComputedRef<MunicipalityItem | null>;
  /** The chosen city's name in the interface's language (its English name where it has one). */
  cityName: ComputedRef<string>;
  /** Years with any data, ascending. */
  years: ComputedRef<number[]>;
  /** What each year holds (rated evaluations per stage, indicator values), ascending; empty while unknown. */
  yearSummaries: ComputedRef<YearSummary[]>;
  /** The city's years are known (the summaries have arrived for this city). */
  yearsKnown: ComputedRef<boolean>;
  /** Years with rated evaluations of the stage, ascending. */
  ratedYears: (stage: Stage) => number[];
  /** Stages with rated evaluations in the year, in stage order. */
  ratedStages: (year: number) => Stage[];
  /** Years with actual values (実績値), ascending. */
  actualYears: ComputedRef<number[]>;
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
  const munis = useGraphqlQuery<GetMunicipalitiesResult, { stage: Stage }>(GetMunicipalities, () => ({ stage: filters.value.stage }));
  const yearsQ = useGraphqlQuery<GetCityYearsResult, { code: string }>(GetCityYears, () => ({ code: code.value ?? '' }), {
    enabled: () => !!code.value,
  });
  const structure = useGraphqlQuery<GetCityStructureResult, { code: string }>(GetCityStructure, () => ({ code: code.value ?? '' }), {
    enabled: () => !!code.value,
  });

  // The list stays while another stage's list loads (only the default years differ).
  const list = shallowRef<MunicipalityItem[]>([]);
  watch(
    () => munis.data.value?.municipalities,
    (l) => {
      if (l) list.value = l;
    },
    { immediate: true },
  );
  const municipalities = computed(() => list.value);
  const city = computed(() => municipalities.value.find((m) => m.code === code.value) ?? null);
  // Only the chosen city's years (a previous city's result may linger while the next one loads).
  const thisCity = computed(() => (yearsQ.data.value?.municipality?.code === code.value ? yearsQ.data.value?.municipality : null));
  const years = computed(() => (thisCity.value?.fiscalYears ?? []).map((y) => y.year));
  const yearSummaries = computed(() => [...(thisCity.value?.yearSummaries ?? [])].sort((a, b) => a.fiscalYear.year - b.fiscalYear.year));
  const ratedYears = (stage: Stage) => yearSummaries.value.filter((y) => y.rated.some((r) => r.stage === stage && r.count > 0)).map((y) => y.fiscalYear.year);
  const ratedStages = (year: number) =>
    STAGES.filter((s) => yearSummaries.value.find((y) => y.fiscalYear.year === year)?.rated.some((r) => r.stage === s && r.count > 0));
  const actualYears = computed(() => yearSummaries.value.filter((y) => y.actualValues > 0).map((y) => y.fiscalYear.year));
  const plans = computed(() => structure.data.value?.plans ?? []);
  const plan = computed(() => plans.value.find((p) => p.id === filters.value.plan) ?? null);
  const departments = computed(() => structure.data.value?.departments ?? []);

  // Defaults: the first municipality; its latestFiscalYear for the stage (the latest year with
  // ratings, else with actual values, else with baselines); failing that, the latest year with
  // data up to the current fiscal year.
  watch(
    [municipalities, routerReady],
    ([list, isReady]) => {
      if (isReady && !filters.value.city && list.length) void setFilters({ city: list[0]!.code }, { replace: true });
    },
    { immediate: true },
  );
  watch(
    [city, years, routerReady, () => filters.value.fiscalYear],
    ([c, ys, isReady, fy]) => {
      if (!isReady || fy || !c) return;
      if (c.latestFiscalYear) return void setFilters({ fy: c.latestFiscalYear.year }, { replace: true });
      if (!ys.length) return;
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
    cityName: computed(() => (city.value ? (String(i18n.global.locale.value).startsWith('en') && city.value.nameEn) || city.value.name : '')),
    years,
    yearSummaries,
    yearsKnown: computed(() => !!thisCity.value),
    ratedYears,
    ratedStages,
    actualYears,
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
