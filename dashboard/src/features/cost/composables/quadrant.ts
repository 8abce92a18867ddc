/**
 * The cost-and-results quadrant (pure): each group is a point (cost, result); the lines split
 * them into 成果 high/low × コスト high/low. The lines default to the medians of the points that
 * have both numbers; a group missing either is unknown and listed apart, never placed at zero.
 */

/** What the quadrant's result axis shows: the rating's normalised score (0–1) or the median achievement of the indicators (%). */
export type ResultAxis = 'rating' | 'achievement';

export type Quadrant = 'highResultLowCost' | 'highResultHighCost' | 'lowResultLowCost' | 'lowResultHighCost';
export const QUADRANTS: readonly Quadrant[] = ['highResultLowCost', 'highResultHighCost', 'lowResultLowCost', 'lowResultHighCost'];

export interface QuadrantPoint<T> {
  item: T;
  cost: number | null;
  result: number | null;
}

/** The median of the numbers (null for none). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A point's quadrant; on a line counts as high (at or above the line). */
export function quadrantOf(cost: number, result: number, costLine: number, resultLine: number): Quadrant {
  const highResult = result >= resultLine;
  const highCost = cost >= costLine;
  return highResult ? (highCost ? 'highResultHighCost' : 'highResultLowCost') : highCost ? 'lowResultHighCost' : 'lowResultLowCost';
}

export interface QuadrantSplit<T> {
  costLine: number | null;
  resultLine: number | null;
  /** The lines are the medians (no user value given). */
  costLineIsMedian: boolean;
  resultLineIsMedian: boolean;
  groups: Record<Quadrant, QuadrantPoint<T>[]>;
  unknown: QuadrantPoint<T>[];
}

/**
 * Splits points by the given lines, or the medians where a line is not given.
 * @param lines user-set lines; null or undefined = the median
 */
export function splitQuadrants<T>(points: QuadrantPoint<T>[], lines: { cost?: number | null; result?: number | null } = {}): QuadrantSplit<T> {
  const known = points.filter((p) => p.cost !== null && p.result !== null);
  const costLine = lines.cost ?? median(known.map((p) => p.cost!));
  const resultLine = lines.result ?? median(known.map((p) => p.result!));
  const groups = Object.fromEntries(QUADRANTS.map((q) => [q, [] as QuadrantPoint<T>[]])) as Record<Quadrant, QuadrantPoint<T>[]>;
  if (costLine !== null && resultLine !== null) for (const p of known) groups[quadrantOf(p.cost!, p.result!, costLine, resultLine)].push(p);
  return {
    costLine,
    resultLine,
    costLineIsMedian: lines.cost == null,
    resultLineIsMedian: lines.result == null,
    groups,
    unknown: points.filter((p) => p.cost === null || p.result === null),
  };
}
