/** The years an empty cost panel offers: those with project costs, nearest to the chosen year first. */
import type { LocationQuery } from 'vue-router';
import type { ChoiceGroup } from '../../../shared/choices';
import { fiscalYearLabel } from '../../../shared/fiscalYear';
import { nearestYears } from '../../shell/composables/useDataChoices';

/**
 * One group of links to the same view in another year with costs (`costYears`), under `label`;
 * none when no other year has costs.
 */
export function costYearChoices(years: readonly number[], year: number | null, label: string, query: LocationQuery): ChoiceGroup[] {
  const near = nearestYears([...years], year ?? 0);
  return near.length ? [{ label, choices: near.map((y) => ({ label: fiscalYearLabel(y), to: { query: { ...query, fy: String(y) } } })) }] : [];
}
