/**
 * Rating distributions in their compact form: the scales once (`scales { … levels }`), each group
 * with `scale { id }` and `levelCounts` (counts in the scale's level order). A heatmap of one city
 * has about 800 groups; asking each for its scale's levels and a `counts { level … }` list made
 * the answer 545 KB. `expandGroups` gives the views the full shape back: `scale` with its levels
 * and `counts` with level, count and share.
 */
import type { RatingScaleRef } from './types';

export interface CompactGroup {
  scale: { id: string };
  rated: number;
  levelCounts: number[];
}

export type ExpandedGroup<G extends CompactGroup, S extends RatingScaleRef> = Omit<G, 'scale' | 'levelCounts'> & {
  scale: S;
  counts: { level: S['levels'][number]; count: number; share: number }[];
};

/** Groups with their scale and per-level counts; groups whose scale is not listed are dropped. */
export function expandGroups<G extends CompactGroup, S extends RatingScaleRef>(dist: { scales: S[]; groups: G[] } | null | undefined): ExpandedGroup<G, S>[] {
  if (!dist) return [];
  const scales = new Map(dist.scales.map((s) => [s.id, s]));
  const out: ExpandedGroup<G, S>[] = [];
  for (const g of dist.groups) {
    const scale = scales.get(g.scale.id);
    if (!scale) continue;
    const { levelCounts, scale: _ref, ...rest } = g;
    out.push({
      ...rest,
      scale,
      counts: scale.levels.map((level, i) => {
        const count = levelCounts[i] ?? 0;
        return { level, count, share: g.rated ? count / g.rated : 0 };
      }),
    });
  }
  return out;
}
