/** Choices an empty panel offers: the filter values that would fill it, each a link. */
import type { RouteLocationRaw } from 'vue-router';

export interface Choice {
  label: string;
  to: RouteLocationRaw;
}
/** Choices of one kind under their heading (評価のある年度, この年度に評価のある段階 …). */
export interface ChoiceGroup {
  label: string;
  choices: Choice[];
}
