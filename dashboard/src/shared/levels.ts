/** Rating levels as the views compare them. */

interface ScoredLevel {
  code: string;
  order: number;
  score?: number | null;
}

/** Dashes cities print for "not measured". */
const DASHES = new Set(['-', '－', 'ー', '―', '‐', '—']);

/** A level that says "not measured" rather than how well: the "-" of an indicator outlook. */
export function isUnmeasured(level: ScoredLevel): boolean {
  return DASHES.has(level.code.trim());
}

/**
 * How a subject moved between two levels of one scale. To or from "not measured" (a dash, or a
 * level without a score on a scale whose other level has one) is neither up nor down.
 */
export function movement(from: ScoredLevel, to: ScoredLevel): 'up' | 'down' | 'same' | 'unmeasured' {
  if (from.code === to.code) return 'same';
  const scored = (l: ScoredLevel) => l.score !== null && l.score !== undefined;
  if (isUnmeasured(from) || isUnmeasured(to) || scored(from) !== scored(to)) return 'unmeasured';
  if (from.order === to.order) return 'same';
  return to.order < from.order ? 'up' : 'down';
}

/** A policy area's or department's counts of one scale, as the lagging panels rank them. */
interface LaggingCounts {
  lagging: number;
  rated: number;
  /** Counts per level, best level first. */
  byLevel: { count: number }[];
}

/**
 * The order of the lagging panels, the same as the report's front page: the most bottom-half
 * ratings (C/D) first, then the largest share of them, then the lowest mean level.
 */
export function compareLagging(a: LaggingCounts, b: LaggingCounts): number {
  const share = (r: LaggingCounts) => (r.rated ? r.lagging / r.rated : 0);
  const mean = (r: LaggingCounts) => {
    const n = r.byLevel.reduce((s, l) => s + l.count, 0);
    return n ? r.byLevel.reduce((s, l, i) => s + l.count * (i + 1), 0) / n : 0;
  };
  return b.lagging - a.lagging || share(b) - share(a) || mean(b) - mean(a);
}
