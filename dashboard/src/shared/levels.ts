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
