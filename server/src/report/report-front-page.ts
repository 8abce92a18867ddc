/**
 * The report's front page (the one A4 page an executive reads first), from the report's own
 * content: how many measures got each rating on the headline scale (this year and the year
 * compared), how many indicators met their target, how the measures' ratings moved since that
 * year, and the five policy areas with the most lagging ratings. A pure function: the screen,
 * the PDF and the workbook's first sheet all print what it returns.
 */
import type { StageEnum } from '../graphql/filters.js';
import type { ReportFrontPageType } from './report.types.js';

export interface FrontPageLevel {
  code: string;
  label: string | null;
  color: string | null;
  /** 1 = best. */
  order: number;
}
export interface FrontPageScale {
  id: number;
  key: string;
  name: string;
  levels: FrontPageLevel[];
}
/** A measure's rating (this year or the year compared). */
export interface FrontPageRating {
  measureId: string;
  scaleId: number;
  stage: string;
  levelCode: string | null;
}
export interface FrontPageInput {
  measures: readonly { id: string; areaId: string }[];
  areas: readonly { id: string; code: string | null; name: string }[];
  /** The city's scales in their order (the first that rates measures is the headline, as on the overview). */
  scales: readonly FrontPageScale[];
  /** The stage asked for, if any. */
  stage: StageEnum | null;
  /** The stages in their order (一次 first): the headline takes the first one with ratings. */
  stageOrder: readonly string[];
  current: readonly FrontPageRating[];
  previous: readonly FrontPageRating[];
  previousYear: number | null;
  indicators: readonly { achieved: boolean | null; achievement: number | null }[];
  /** The same indicators in the year compared (null without one). */
  previousIndicators: readonly { achieved: boolean | null; achievement: number | null }[] | null;
}

/** How many areas the front page lists. */
export const LOWEST_AREAS = 5;

/** Levels in the bottom half of a scale (C/D of A–D, 低 of 高/中/低), as the overview counts "lagging". */
export function laggingLevels(levels: readonly { code: string; order: number }[]): string[] {
  const n = levels.length;
  return levels.filter((l) => l.order > Math.ceil(n / 2)).map((l) => l.code);
}

export function frontPage(input: FrontPageInput): ReportFrontPageType {
  const measureIds = new Set(input.measures.map((m) => m.id));
  const onMeasures = (list: readonly FrontPageRating[]) => list.filter((r) => measureIds.has(r.measureId) && r.levelCode !== null);
  const rated = onMeasures(input.current);
  // The headline: the first scale rating measures this year; its stage the one asked for, else the first with ratings.
  const scale = input.scales.find((s) => rated.some((r) => r.scaleId === s.id)) ?? null;
  const stage = scale ? (input.stage ?? input.stageOrder.find((st) => rated.some((r) => r.scaleId === scale.id && r.stage === st)) ?? null) : null;
  const of = (list: readonly FrontPageRating[]) => new Map(onMeasures(list).filter((r) => r.scaleId === scale?.id && r.stage === stage).map((r) => [r.measureId, r.levelCode!]));
  const now = of(input.current);
  const before = input.previousYear === null ? null : of(input.previous);
  const levels = [...(scale?.levels ?? [])].sort((a, b) => a.order - b.order);
  const count = (m: Map<string, string>, code: string) => [...m.values()].filter((c) => c === code).length;

  const headline =
    scale && stage
      ? {
          scaleKey: scale.key,
          scaleName: scale.name,
          stage: stage as StageEnum,
          measureCount: measureIds.size,
          rated: now.size,
          previousRated: before && before.size ? before.size : null,
          levels: levels.map((l) => ({
            code: l.code,
            label: l.label,
            color: l.color,
            count: count(now, l.code),
            previousCount: before && before.size ? count(before, l.code) : null,
          })),
        }
      : null;

  let changes: ReportFrontPageType['changes'] = null;
  if (before && before.size && now.size) {
    const order = new Map(levels.map((l) => [l.code, l.order]));
    let up = 0;
    let down = 0;
    let same = 0;
    for (const [id, code] of now) {
      const was = before.get(id);
      if (was === undefined) continue;
      const d = (order.get(was) ?? 0) - (order.get(code) ?? 0);
      if (d > 0) up++;
      else if (d < 0) down++;
      else same++;
    }
    changes = { compared: up + down + same, up, down, unchanged: same };
  }

  const measured = (list: readonly { achievement: number | null }[]) => list.filter((i) => i.achievement !== null).length;
  const achieved = (list: readonly { achieved: boolean | null; achievement: number | null }[]) => list.filter((i) => i.achievement !== null && i.achieved === true).length;
  const prevInd = input.previousYear === null ? null : input.previousIndicators;
  const indicators = {
    total: input.indicators.length,
    measured: measured(input.indicators),
    achieved: achieved(input.indicators),
    previousMeasured: prevInd && measured(prevInd) ? measured(prevInd) : null,
    previousAchieved: prevInd && measured(prevInd) ? achieved(prevInd) : null,
  };

  // The areas with the most lagging measures (then the largest share, then the lowest mean order).
  const lagging = laggingLevels(levels);
  const areaOf = new Map(input.measures.map((m) => [m.id, m.areaId]));
  const lowestAreas = input.areas
    .map((a) => {
      const codes = [...now].filter(([id]) => areaOf.get(id) === a.id).map(([, c]) => c);
      const orderOf = new Map(levels.map((l) => [l.code, l.order]));
      const mean = codes.length ? codes.reduce((s, c) => s + (orderOf.get(c) ?? 0), 0) / codes.length : 0;
      return {
        areaId: a.id,
        code: a.code,
        name: a.name,
        rated: codes.length,
        lagging: codes.filter((c) => lagging.includes(c)).length,
        levels: levels.map((l) => ({ code: l.code, label: l.label, color: l.color, count: codes.filter((c) => c === l.code).length, previousCount: null })),
        mean,
      };
    })
    .filter((a) => a.rated > 0)
    .sort((a, b) => b.lagging - a.lagging || b.lagging / b.rated - a.lagging / a.rated || b.mean - a.mean || 0)
    .slice(0, LOWEST_AREAS)
    .map(({ mean: _mean, ...a }) => a);

  return { headline, indicators, changes, laggingLevels: lagging, lowestAreas };
}
