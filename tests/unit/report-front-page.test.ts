/** The report's front page from its content (server/src/report/report-front-page.ts) and the workbook's cell bars. */
import { describe, expect, it } from 'vitest';
import { frontPage, laggingLevels, type FrontPageInput } from '../../server/src/report/report-front-page.js';
import { cellsFor } from '../../server/src/report/report-front-sheet.js';


const levels = ['A', 'B', 'C', 'D'].map((code, i) => ({ code, label: null, color: null, order: i + 1 }));
const base = (over: Partial<FrontPageInput> = {}): FrontPageInput => ({
  measures: ['m1', 'm2', 'm3', 'm4'].map((id, i) => ({ id, areaId: i < 2 ? 'a1' : 'a2' })),
  areas: [
    { id: 'a1', code: '1', name: '一' },
    { id: 'a2', code: '2', name: '二' },
  ],
  scales: [
    { id: 9, key: 'other', name: '指標の評価', levels },
    { id: 1, key: 'goal', name: '全体評価', levels },
  ],
  stage: null,
  stageOrder: ['self', 'secondary', 'external', 'council'],
  current: [],
  previous: [],
  previousYear: null,
  indicators: [],
  previousIndicators: null,
  ...over,
});
const r = (measureId: string, levelCode: string | null, stage = 'self', scaleId = 1) => ({ measureId, scaleId, stage, levelCode });

describe('front page', () => {
  it('counts measures by rating on the first scale that rates measures, at the first stage with ratings', () => {
    const fp = frontPage(base({ current: [r('m1', 'A', 'secondary'), r('m2', 'C', 'secondary'), r('m3', 'D', 'secondary'), r('m4', null, 'secondary')] }));
    expect(fp.headline).toMatchObject({ scaleKey: 'goal', stage: 'secondary', measureCount: 4, rated: 3, previousRated: null });
    expect(fp.headline!.levels.map((l) => [l.code, l.count, l.previousCount])).toEqual([
      ['A', 1, null],
      ['B', 0, null],
      ['C', 1, null],
      ['D', 1, null],
    ]);
    expect(fp.changes).toBeNull();
  });

  it('moves since the year compared: up, down, unchanged by the levels’ order', () => {
    const fp = frontPage(
      base({ current: [r('m1', 'A'), r('m2', 'C'), r('m3', 'B')], previous: [r('m1', 'B'), r('m2', 'B'), r('m3', 'B'), r('m4', 'A')], previousYear: 2021 }),
    );
    expect(fp.changes).toEqual({ compared: 3, up: 1, down: 1, unchanged: 1 });
    expect(fp.headline!.previousRated).toBe(4);
  });

  it('the areas with most lagging (C/D) measures first, at most five', () => {
    const fp = frontPage(base({ current: [r('m1', 'A'), r('m2', 'B'), r('m3', 'C'), r('m4', 'D')] }));
    expect(fp.laggingLevels).toEqual(['C', 'D']);
    expect(fp.lowestAreas.map((a) => [a.name, a.lagging, a.rated])).toEqual([
      ['二', 2, 2],
      ['一', 0, 2],
    ]);
  });

  it('indicators at target; nothing rated: no headline', () => {
    const fp = frontPage(
      base({ indicators: [{ achieved: true, achievement: 120 }, { achieved: false, achievement: 50 }, { achieved: null, achievement: null }], previousIndicators: [{ achieved: true, achievement: 100 }, { achieved: null, achievement: null }, { achieved: null, achievement: null }], previousYear: 2021, stage: 'self' as never }),
    );
    expect(fp.headline).toBeNull();
    expect(fp.indicators).toEqual({ total: 3, measured: 2, achieved: 1, previousMeasured: 1, previousAchieved: 1 });
    expect(fp.lowestAreas).toEqual([]);
  });

  it('lagging levels are the bottom half of a scale (高/中/低 → 低)', () => {
    expect(laggingLevels([{ code: '高', order: 1 }, { code: '中', order: 2 }, { code: '低', order: 3 }])).toEqual(['低']);
  });
});

describe('cell bars', () => {
  it('split a bar’s cells by the counts, every count above zero getting a cell', () => {
    expect(cellsFor([9, 30, 13, 0], 40)).toEqual([7, 23, 10, 0]);
    expect(cellsFor([1, 50], 40).reduce((s, c) => s + c, 0)).toBe(40);
    expect(cellsFor([1, 50], 40)[0]).toBe(1);
    expect(cellsFor([0, 0], 40)).toEqual([0, 0]);
  });
});
