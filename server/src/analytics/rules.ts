/**
 * The cities' rules as pure functions: achievement rate (達成率), achievement bands
 * (伊勢崎 A ≥ 100 %, B ≥ 80 %, C ≥ 60 %, D < 60 %) and mean-score roll-ups (伊勢崎 定量評価 /
 * 定性評価). No database here: the resolvers feed these the numbers and ratings they load.
 */
import type { RatingRule } from '../dataset/format.js';

export type Direction = 'higher_is_better' | 'lower_is_better' | 'maintain' | 'unknown';
export type Qualifier = 'at_most' | 'at_least' | 'approx';

export type BandRule = Extract<RatingRule, { kind: 'achievementBands' }>;
export type MeanScoreRule = Extract<RatingRule, { kind: 'meanScore' }>;
export interface Band {
  level: string;
  minPercent: number;
}
export interface Threshold {
  level: string;
  min: number;
  inclusive: boolean;
}

/** Floating-point slack for comparisons at a boundary (7068 / 7068 must be exactly 100 %). */
const EPS = 1e-9;

export interface AchievementInput {
  actual: number | null | undefined;
  target: number | null | undefined;
  direction: Direction;
  /** The target's qualifier: 以内 (at_most) makes it a maximum, 以上 (at_least) a minimum. */
  qualifier?: Qualifier | null;
}

export interface Achievement {
  /** Percent (93.7 for 93.7 %), unrounded; null where a number is missing or it would divide by zero. */
  percent: number | null;
  /** Whether the target is met; null where a number is missing. */
  achieved: boolean | null;
  /** Which way the comparison went: a maximum-type target (以内) or lower-is-better compares target / actual. */
  lowerIsBetter: boolean;
}

/** True where the smaller actual is the better one: lower-is-better, or a target of 以内. */
export function isLowerBetter(direction: Direction, qualifier?: Qualifier | null): boolean {
  if (qualifier === 'at_most') return true;
  if (qualifier === 'at_least') return false;
  return direction === 'lower_is_better';
}

/**
 * 達成率: actual / target for higher-is-better (and for maintain/unknown, as the cities print
 * it); target / actual for lower-is-better. A maximum-type target (以内) is met while
 * actual ≤ target, and then counts as 100 % (capped); above it the rate is target / actual.
 */
export function achievementRate(input: AchievementInput): Achievement {
  const { actual, target } = input;
  const lowerIsBetter = isLowerBetter(input.direction, input.qualifier);
  if (actual == null || target == null || !Number.isFinite(actual) || !Number.isFinite(target)) {
    return { percent: null, achieved: null, lowerIsBetter };
  }
  const achieved = lowerIsBetter ? actual <= target + EPS * Math.abs(target) : actual >= target - EPS * Math.abs(target);
  // A maximum (以内) that is kept counts as 100 %: being further below it is not "more achieved".
  if (input.qualifier === 'at_most' && achieved) return { percent: 100, achieved, lowerIsBetter };
  const num = lowerIsBetter ? target : actual;
  const den = lowerIsBetter ? actual : target;
  const percent = den === 0 ? null : (num / den) * 100;
  return { percent, achieved, lowerIsBetter };
}

/** Rounds a percent to the decimals a document prints (93.656 → 93.7). */
export function roundPercent(percent: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(percent * f + EPS) / f;
}

/** The bands used where a city states none: ≥ 100, ≥ 80, ≥ 60, < 60 (A-D). */
export const DEFAULT_BANDS: readonly Band[] = [
  { level: 'A', minPercent: 100 },
  { level: 'B', minPercent: 80 },
  { level: 'C', minPercent: 60 },
  { level: 'D', minPercent: Number.NEGATIVE_INFINITY },
];

/** Bands from the highest minimum. */
export function sortBands(bands: readonly Band[]): Band[] {
  return [...bands].sort((a, b) => b.minPercent - a.minPercent);
}

/**
 * The band rule: from the top, the first band whose minimum the rate reaches. A rate below
 * every band gets the lowest band (D < 60 % includes a negative rate). A missing rate gets
 * `unmeasuredLevel`, or null.
 */
export function bandLevel(percent: number | null | undefined, bands: readonly Band[], unmeasuredLevel?: string | null): string | null {
  if (percent == null || !Number.isFinite(percent)) return unmeasuredLevel ?? null;
  const sorted = sortBands(bands);
  for (const b of sorted) if (percent >= b.minPercent - EPS) return b.level;
  return sorted.at(-1)?.level ?? null;
}

/** Mean of the scores, or null for no inputs. */
export function mean(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  return scores.reduce((s, x) => s + x, 0) / scores.length;
}

/**
 * The mean-score rule: the first threshold (from the highest) the mean exceeds (`>`), or
 * reaches when it is inclusive (`≥`); else `otherwise`. No inputs → null (the rule gives no rating).
 */
export function meanScoreLevel(scores: readonly number[], thresholds: readonly Threshold[], otherwise: string): { mean: number | null; level: string | null } {
  const m = mean(scores);
  if (m === null) return { mean: null, level: null };
  const sorted = [...thresholds].sort((a, b) => b.min - a.min);
  for (const t of sorted) {
    if (t.inclusive ? m >= t.min - EPS : m > t.min + EPS) return { mean: m, level: t.level };
  }
  return { mean: m, level: otherwise };
}

const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 });

/**
 * A percent as a person reads it: one decimal (or `decimals`), rounded half up (93.656 → 93.7,
 * as the cities print it), except that a value under a whole number is never shown as that
 * whole number (99.99 → 99.9, 79.96 → 79.9): the bands' thresholds are whole percents (100, 80,
 * 60 …), and a printed "100.0%" beside band B reads as a wrong rating. The one rule for every
 * achievement shown (report, workbook, CSV, explanations).
 */
export function displayPercent(percent: number, decimals = 1): number {
  const f = 10 ** decimals;
  const rounded = roundPercent(percent, decimals);
  return Number.isInteger(rounded) && rounded > percent + EPS ? Math.round(rounded * f - 1) / f : rounded;
}

/** "93.7%" (one decimal, see displayPercent). */
export function formatPercent(percent: number): string {
  return `${displayPercent(percent).toFixed(1)}%`;
}

/**
 * "平均2.33点（B,B,C）→ 中", or "入力となる評価がありません → 判定なし"; the inputs the city's rule
 * leaves out of the mean (伊勢崎: "-", not measured) are named after: "（B,C。除外: -）".
 */
export function explainMeanScore(mean: number | null, inputCodes: readonly string[], level: string | null, excludedCodes: readonly string[] = []): string {
  const excluded = excludedCodes.length ? `除外: ${excludedCodes.join(',')}` : '';
  if (mean === null) return `入力となる評価がありません${excluded ? `（${excluded}）` : ''} → 判定なし`;
  return `平均${numberFormat.format(Math.round(mean * 100) / 100)}点（${[inputCodes.join(','), excluded].filter(Boolean).join('。')}）→ ${level ?? '判定なし'}`;
}

/**
 * Whether an indicator's actual counts as "not measured" under a band rule: no actual at all, or
 * one printed as a dash. A value printed as text or in several parts is outside the rule.
 */
export function isNotMeasured(actual: { value?: number | null; text: string; parts?: readonly unknown[] } | null | undefined): boolean {
  if (!actual) return true;
  if (actual.value != null || actual.parts?.length) return false;
  return /^[-ー－―—]?$/.test(actual.text.trim());
}

/** "実績を取得できなかった（-）→ -": the band rule's level for an indicator not measured. */
export function explainNotMeasured(actualText: string | null | undefined, level: string | null): string {
  return `実績を取得できなかった（${actualText?.trim() ? actualText.trim() : '実績の印字なし'}）→ ${level ?? '判定なし'}`;
}

/**
 * "達成率93.7%（実績50.2／目標53.6）→ B"; lower-is-better shows target / actual. Where a
 * number is missing: "実績または目標の数値がありません → -".
 */
export function explainBand(
  a: Achievement,
  actualText: string | null | undefined,
  targetText: string | null | undefined,
  level: string | null,
): string {
  if (a.percent === null) {
    const what = a.achieved === null ? '実績または目標の数値がありません' : '実績が0のため達成率を計算できません';
    return `${what} → ${level ?? '判定なし'}`;
  }
  const actual = `実績${actualText ?? '?'}`;
  const target = `目標${targetText ?? '?'}`;
  const ratio = a.lowerIsBetter ? `${target}／${actual}、小さいほど良い` : `${actual}／${target}`;
  return `達成率${formatPercent(a.percent)}（${ratio}）→ ${level ?? '判定なし'}`;
}
