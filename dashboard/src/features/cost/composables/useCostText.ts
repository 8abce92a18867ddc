/**
 * The words and numbers of money in the interface's language: amounts in thousand yen, the basis
 * of a figure, a change on the year before, a direction. Unknown reads 不明 (Unknown), never 0.
 */
import { useI18n } from 'vue-i18n';
import { formatNumber, formatShare } from '../../../shared/format';
import type { CostBasis, ProjectDirection } from '../graphql/types';

/** @returns formatters bound to the current locale */
export function useCostText() {
  const { t } = useI18n();
  const unknown = () => t('cost.unknown');
  return {
    unknown,
    /** 12,345千円 */
    yen: (v: number | null | undefined, fraction = 0) => (v === null || v === undefined ? unknown() : t('cost.thousandYen', { value: formatNumber(v, fraction) })),
    /** トータルコスト / 決算額 */
    basis: (b: CostBasis | null | undefined) => (b ? t(`cost.basisNames.${b}`) : unknown()),
    /** +3.2% / −1.0% */
    change: (rate: number | null | undefined) => (rate === null || rate === undefined ? unknown() : `${rate > 0 ? '+' : rate < 0 ? '−' : '±'}${formatShare(Math.abs(rate))}`),
    rate: (rate: number | null | undefined) => (rate === null || rate === undefined ? unknown() : formatShare(rate)),
    direction: (d: ProjectDirection | null | undefined) => t(`cost.directions.${d ?? 'NONE'}`),
    /** 妥当性 A・有効性 B・効率性 不明: a sheet's own evaluation, each mark as printed */
    criteria: (c: { validity?: string | null; effectiveness?: string | null; efficiency?: string | null }) =>
      (['validity', 'effectiveness', 'efficiency'] as const).map((k) => `${t(`cost.criteria.${k}`)} ${c[k] ?? unknown()}`).join(t('cost.criteriaSeparator')),
  };
}
