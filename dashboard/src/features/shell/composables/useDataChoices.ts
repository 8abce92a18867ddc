/**
 * Why a panel is empty and what would fill it, from what the city holds per year (the shell's
 * year summaries): the years that have ratings of the stage, the stages that have ratings in
 * the year, the years that have actual values. Each choice is a link to the same view with that
 * year or stage.
 */
import { useI18n } from 'vue-i18n';
import { useRoute, type LocationQueryRaw } from 'vue-router';
import { fiscalYearLabel } from '../../../shared/fiscalYear';
import { stageParam, useFilters } from '../../../shared/composables/useFilters';
import type { Stage } from '../../../shared/graphql/types';
import type { Choice, ChoiceGroup } from '../../../shared/choices';
import { useCityContext } from './useCityContext';

/** At most this many years are offered (the nearest to the chosen one). */
const MAX_YEARS = 4;

/** Years nearest to `year` first (later before earlier at the same distance), without it. */
export function nearestYears(years: number[], year: number, max = MAX_YEARS): number[] {
  return years
    .filter((y) => y !== year)
    .sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || b - a)
    .slice(0, max);
}

export function useDataChoices() {
  const { t } = useI18n();
  const route = useRoute();
  const { filters } = useFilters();
  const ctx = useCityContext();

  function link(patch: { fy?: number; stage?: Stage }, extra: LocationQueryRaw = {}): Choice['to'] {
    const query: LocationQueryRaw = { ...route.query, ...extra };
    if (patch.fy) query.fy = String(patch.fy);
    if (patch.stage) {
      if (patch.stage === 'SELF') delete query.stage;
      else query.stage = stageParam(patch.stage);
    }
    // A list's page cursor and an open cell belong to the old year.
    delete query.after;
    delete query.cell;
    return { path: route.path, query };
  }
  const yearChoices = (years: number[], stage?: Stage): Choice[] =>
    nearestYears(years, filters.value.fiscalYear ?? 0).map((y) => ({ label: fiscalYearLabel(y), to: link({ fy: y, stage }) }));

  /** Other years with ratings of the stage; other stages rated in the year; else any rated year with its stage. */
  function ratingChoices(year = filters.value.fiscalYear ?? 0, stage = filters.value.stage): ChoiceGroup[] {
    const groups: ChoiceGroup[] = [
      { label: t('choices.ratedYears', { stage: t(`stage.${stage}`) }), choices: yearChoices(ctx.ratedYears(stage)) },
      {
        label: t('choices.ratedStages', { year: fiscalYearLabel(year) }),
        choices: ctx.ratedStages(year).filter((s) => s !== stage).map((s) => ({ label: t(`stage.${s}`), to: link({ stage: s }) })),
      },
    ];
    if (groups.every((g) => !g.choices.length)) {
      const other = ctx.yearSummaries.value.filter((y) => y.rated.length).map((y) => ({ year: y.fiscalYear.year, stage: y.rated[0]!.stage }));
      groups.push({
        label: t('choices.ratedElsewhere'),
        choices: nearestYears(other.map((o) => o.year), year).map((y) => {
          const s = other.find((o) => o.year === y)!.stage;
          return { label: `${fiscalYearLabel(y)}・${t(`stage.${s}`)}`, to: link({ fy: y, stage: s }) };
        }),
      });
    }
    return groups;
  }

  /** Why there are no ratings: none in the city at all, or none for this year and stage. */
  function noRatingsReason(year = filters.value.fiscalYear ?? 0, stage = filters.value.stage): string {
    if (ctx.yearsKnown.value && !ctx.yearSummaries.value.some((y) => y.rated.length))
      return t('empty.cityNoRatings', { city: ctx.cityName.value });
    return t('empty.noEvaluations', { year: fiscalYearLabel(year), stage: t(`stage.${stage}`) });
  }

  /** Years with actual values, for panels that compute achievement. */
  function actualChoices(): ChoiceGroup[] {
    return [{ label: t('choices.actualYears'), choices: yearChoices(ctx.actualYears.value) }];
  }

  /** Why no achievement can be computed: no indicators, no actual values at all, or none this year. */
  function noActualsReason(indicators: number): string {
    const city = ctx.cityName.value;
    if (!indicators) return t('empty.cityNoIndicators', { city });
    if (ctx.yearsKnown.value && !ctx.actualYears.value.length) return t('empty.cityNoActuals', { city, count: indicators });
    return t('empty.noActuals', { year: fiscalYearLabel(filters.value.fiscalYear ?? 0), count: indicators });
  }

  /** Years whose previous year is rated too (same stage): where "since last year" has something to say. */
  function pairedYearChoices(stage = filters.value.stage): ChoiceGroup[] {
    const rated = ctx.ratedYears(stage);
    return [{ label: t('choices.pairedYears'), choices: yearChoices(rated.filter((y) => rated.includes(y - 1))) }];
  }

  return { ratingChoices, noRatingsReason, actualChoices, noActualsReason, pairedYearChoices, link };
}
