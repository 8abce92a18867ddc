/**
 * Compared cities aggregated up by their attributes (issue 21): by category, population band,
 * prefecture, 類似団体 group or saved peer group, per class. Pure: it works on the rows one
 * `cityComparison` already computed (each city's exact figures in its compared year), so the
 * groups and the ranking always rest on the same numbers.
 */
/** Default population bands (人): under 50,000, 50,000–100,000, 100,000–200,000, 200,000–500,000, 500,000 and over. */
export const DEFAULT_POPULATION_BANDS = [50_000, 100_000, 200_000, 500_000];
/** At most this many band limits (eleven bands). */
export const MAX_POPULATION_BANDS = 10;

/** What one city contributes to a group in one class. */
export interface GroupMember {
  cityId: number;
  /** Null: no ratings in the compared year. */
  score: number | null;
  onTrack: number | null;
  subjects: number;
  belowPeerMedian: boolean;
  indicators: { measured: number; atTarget: number; medianAchievement: number | null } | null;
}

/** Minimum, quartiles, median and maximum (quartiles interpolated as PostgreSQL's percentile_cont). */
export interface Spread {
  min: number;
  lowerQuartile: number;
  median: number;
  upperQuartile: number;
  max: number;
}

/** The value at fraction `p` of the sorted values, interpolated linearly (percentile_cont). */
export function percentile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The spread of a list; null when it is empty. */
export function spreadOf(values: number[]): Spread | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0]!, lowerQuartile: percentile(s, 0.25), median: percentile(s, 0.5), upperQuartile: percentile(s, 0.75), max: s[s.length - 1]! };
}

/** A group's figures over its members (cities without data counted apart, never as zero). */
export interface GroupFigures {
  cities: number;
  citiesWithData: number;
  citiesWithoutData: number;
  subjects: number;
  normalizedScore: Spread | null;
  onTrackShare: Spread | null;
  belowPeerMedian: number;
  indicators: { measured: number; atTarget: number; share: number | null; medianAchievement: number | null } | null;
}

/** The figures of one group of cities. */
export function groupFigures(members: GroupMember[]): GroupFigures {
  const withData = members.filter((m) => m.score != null);
  const ind = members.filter((m) => m.indicators && m.indicators.measured > 0);
  const measured = ind.reduce((a, m) => a + m.indicators!.measured, 0);
  const atTarget = ind.reduce((a, m) => a + m.indicators!.atTarget, 0);
  return {
    cities: members.length,
    citiesWithData: withData.length,
    citiesWithoutData: members.length - withData.length,
    subjects: withData.reduce((a, m) => a + m.subjects, 0),
    normalizedScore: spreadOf(withData.map((m) => m.score!)),
    onTrackShare: spreadOf(withData.map((m) => m.onTrack!)),
    belowPeerMedian: withData.filter((m) => m.belowPeerMedian).length,
    indicators: ind.length
      ? {
          measured,
          atTarget,
          share: measured ? atTarget / measured : null,
          medianAchievement: spreadOf(ind.map((m) => m.indicators!.medianAchievement).filter((v): v is number => v != null))?.median ?? null,
        }
      : null,
  };
}

/** Which band of `limits` (ascending) a population falls in: its lower and upper limit (either may be null); null when unknown. */
export function populationBand(population: number | null, limits: number[]): { min: number | null; max: number | null } | null {
  if (population == null) return null;
  let min: number | null = null;
  for (const l of limits) {
    if (population < l) return { min, max: l };
    min = l;
  }
  return { min, max: null };
}

const man = (n: number) => (n % 10_000 === 0 ? `${n / 10_000}万` : n.toLocaleString('ja-JP'));
const en = (n: number) => n.toLocaleString('en-US');

/** A band in words, Japanese and English: 「5万〜10万人」 / "50,000–100,000". */
export function bandLabel(b: { min: number | null; max: number | null } | null): { ja: string; en: string } {
  if (!b) return { ja: '人口不明', en: 'population unknown' };
  if (b.min == null) return { ja: `${man(b.max!)}人未満`, en: `under ${en(b.max!)}` };
  if (b.max == null) return { ja: `${man(b.min)}人以上`, en: `${en(b.min)} and over` };
  return { ja: `${man(b.min)}〜${man(b.max)}人`, en: `${en(b.min)}–${en(b.max)}` };
}

/** The band limits asked for: ascending, positive, distinct, at most MAX_POPULATION_BANDS; a message otherwise. */
export function checkBands(limits: number[]): string | null {
  if (limits.length > MAX_POPULATION_BANDS) return `人口の区切りは${MAX_POPULATION_BANDS}個までです / at most ${MAX_POPULATION_BANDS} band limits`;
  for (let i = 0; i < limits.length; i++) {
    if (!(limits[i]! > 0)) return `人口の区切りは正の整数です（${limits[i]}） / band limits must be positive (${limits[i]})`;
    if (i && limits[i]! <= limits[i - 1]!) return `人口の区切りは小さい順に、重複なく並べてください（${limits[i - 1]}、${limits[i]}） / band limits must ascend (${limits[i - 1]}, ${limits[i]})`;
  }
  return null;
}
