/**
 * What a scale's levels mean when cities are compared (issue 21): each level's 0–100 normalised
 * score and whether it counts as on track. Stored on every level; a file may state them, else
 * they are derived here from the levels' own scores (the migration backfills the same rule).
 */

/** The normalised score from which a level counts as on track when the file does not say. */
export const ON_TRACK_FROM = 50;

export interface LevelInput {
  score: number | null;
  onTrack?: boolean;
  normalizedScore?: number;
}

export interface LevelNormalization {
  normalizedScore: number | null;
  onTrack: boolean | null;
}

/**
 * Each level's normalised score and on-track flag: as stated, else linear in the scores of the
 * scale's scored levels (best 100, worst 0; a lone scored level 100), on track from
 * ON_TRACK_FROM. A level without a score and without stated values (未測定 "-") is not counted.
 */
export function normalizeLevels(levels: readonly LevelInput[]): LevelNormalization[] {
  const scores = levels.map((l) => l.score).filter((s): s is number => s !== null && s !== undefined);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  return levels.map((l) => {
    const derived = l.score === null || l.score === undefined ? null : hi > lo ? (100 * (l.score - lo)) / (hi - lo) : 100;
    const normalizedScore = l.normalizedScore ?? (derived === null ? null : Math.round(derived * 100) / 100);
    const onTrack = l.onTrack ?? (normalizedScore === null ? null : normalizedScore >= ON_TRACK_FROM);
    return { normalizedScore, onTrack };
  });
}
