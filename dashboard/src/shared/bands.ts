/** Achievement bands (達成率の区分) as the views label them, in the interface's language. */
import type { ComposerTranslation } from 'vue-i18n';

/** The API's key of the "not measured" bucket. */
export const NOT_MEASURED = 'NOT_MEASURED';

export interface BandBounds {
  key: string;
  minPercent: number | null;
  maxPercent: number | null;
}

/** A（100%以上）, B（80%以上100%未満）, D（60%未満）, 未測定 — or their English forms. */
export function bandLabel(b: BandBounds, t: ComposerTranslation): string {
  if (b.key === NOT_MEASURED) return t('band.none');
  if (b.minPercent === null && b.maxPercent === null) return b.key;
  if (b.minPercent === null) return t('band.below', { key: b.key, max: b.maxPercent });
  if (b.maxPercent === null) return t('band.atLeast', { key: b.key, min: b.minPercent });
  return t('band.between', { key: b.key, min: b.minPercent, max: b.maxPercent });
}
