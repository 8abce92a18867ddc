/**
 * The cities' rules, checked against what the documents state and print:
 * 所沢 50.2 / 53.6 = 93.7 %; 伊勢崎 bands A ≥ 100, B ≥ 80, C ≥ 60, D < 60; roll-ups
 * A3 B2 C1 D0 mean > 2.5 高, > 1.5 中 else 低; 高3 中2 低1 mean ≥ 2.5 高, ≥ 1.7 中 else 低.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BANDS,
  achievementRate,
  bandLevel,
  explainBand,
  explainMeanScore,
  explainNotMeasured,
  isNotMeasured,
  meanScoreLevel,
  roundPercent,
} from '../../server/src/analytics/rules.js';

const ISESAKI_BANDS = [
  { level: 'A', minPercent: 100 },
  { level: 'B', minPercent: 80 },
  { level: 'C', minPercent: 60 },
  { level: 'D', minPercent: 0 },
];
const QUANTITATIVE = [
  { level: '高', min: 2.5, inclusive: false },
  { level: '中', min: 1.5, inclusive: false },
];
const QUALITATIVE = [
  { level: '高', min: 2.5, inclusive: true },
  { level: '中', min: 1.7, inclusive: true },
];
const IND = { A: 3, B: 2, C: 1, D: 0 } as const;
const DEV = { 高: 3, 中: 2, 低: 1 } as const;

describe('achievementRate (達成率)', () => {
  it('所沢: 50.2 / 53.6 = 93.7 % (higher is better), and the other printed rates of the document', () => {
    const r = achievementRate({ actual: 50.2, target: 53.6, direction: 'higher_is_better' });
    expect(roundPercent(r.percent!)).toBe(93.7);
    expect(r.achieved).toBe(false);
    // tokorozawa-002: 13.0 / 18.7 = 69.5, 54.9 / 63.2 = 86.9, 39 / 43 = 91, 58.8 / 58.2 = 101, 32 / 17 = 188
    expect(roundPercent(achievementRate({ actual: 13, target: 18.7, direction: 'higher_is_better' }).percent!)).toBe(69.5);
    expect(roundPercent(achievementRate({ actual: 54.9, target: 63.2, direction: 'higher_is_better' }).percent!)).toBe(86.9);
    expect(roundPercent(achievementRate({ actual: 39, target: 43, direction: 'higher_is_better' }).percent!, 0)).toBe(91);
    expect(roundPercent(achievementRate({ actual: 58.8, target: 58.2, direction: 'higher_is_better' }).percent!, 0)).toBe(101);
    expect(roundPercent(achievementRate({ actual: 32, target: 17, direction: 'higher_is_better' }).percent!, 0)).toBe(188);
  });

  it('lower is better: target / actual (伊勢崎 刑法犯認知件数 1,400 / 1,420 = 98.6 %)', () => {
    const r = achievementRate({ actual: 1420, target: 1400, direction: 'lower_is_better' });
    expect(roundPercent(r.percent!)).toBe(98.6);
    expect(r.achieved).toBe(false);
    expect(r.lowerIsBetter).toBe(true);
    expect(achievementRate({ actual: 1300, target: 1400, direction: 'lower_is_better' }).achieved).toBe(true);
  });

  it('以内 (at_most): met while actual ≤ target, whatever the direction says', () => {
    expect(achievementRate({ actual: 30, target: 30, direction: 'higher_is_better', qualifier: 'at_most' })).toMatchObject({ percent: 100, achieved: true });
    // kept: capped at 100 % (further below the maximum is not "more achieved")
    expect(achievementRate({ actual: 25, target: 30, direction: 'unknown', qualifier: 'at_most' })).toMatchObject({ percent: 100, achieved: true });
    const over = achievementRate({ actual: 40, target: 30, direction: 'unknown', qualifier: 'at_most' });
    expect(over.achieved).toBe(false);
    expect(over.percent).toBe(75);
    expect(achievementRate({ actual: 0, target: 30, direction: 'unknown', qualifier: 'at_most' })).toMatchObject({ percent: 100, achieved: true });
  });

  it('exactly on target is 100 % and achieved (LED灯交換数 7,068 / 7,068)', () => {
    expect(achievementRate({ actual: 7068, target: 7068, direction: 'higher_is_better' })).toMatchObject({ percent: 100, achieved: true });
  });

  it('null where a number is missing or the division is by zero', () => {
    expect(achievementRate({ actual: null, target: 10, direction: 'higher_is_better' })).toMatchObject({ percent: null, achieved: null });
    expect(achievementRate({ actual: 5, target: undefined, direction: 'higher_is_better' })).toMatchObject({ percent: null, achieved: null });
    expect(achievementRate({ actual: 5, target: 0, direction: 'higher_is_better' }).percent).toBeNull();
    expect(achievementRate({ actual: 0, target: 5, direction: 'lower_is_better' }).percent).toBeNull();
  });
});

describe('bandLevel (伊勢崎 A ≥ 100 %, B ≥ 80 %, C ≥ 60 %, D < 60 %)', () => {
  it('gives each band from its lower bound', () => {
    const cases: [number, string][] = [
      [188, 'A'], [100, 'A'], [99.99, 'B'], [80, 'B'], [79.99, 'C'], [60, 'C'], [59.9, 'D'], [0, 'D'], [-5, 'D'],
    ];
    for (const [rate, level] of cases) expect(bandLevel(rate, ISESAKI_BANDS), String(rate)).toBe(level);
  });
  it('checks the document’s own examples (伊勢崎 lines 28, 123, 166, 195)', () => {
    const rate = (a: number, t: number) => achievementRate({ actual: a, target: t, direction: 'higher_is_better' }).percent;
    expect(bandLevel(rate(5900, 10650), ISESAKI_BANDS)).toBe('D'); // 55.4 %
    expect(bandLevel(rate(64995, 65000), ISESAKI_BANDS)).toBe('B'); // 99.99 %
    expect(bandLevel(rate(56332, 94000), ISESAKI_BANDS)).toBe('D'); // 59.9 %
    expect(bandLevel(rate(100, 100), ISESAKI_BANDS)).toBe('A'); // 100 %
  });
  it('the order of the bands in the rule does not matter', () => {
    expect(bandLevel(85, [...ISESAKI_BANDS].reverse())).toBe('B');
  });
  it('default bands ≥100/≥80/≥60/<60', () => {
    expect([120, 90, 70, 10].map((r) => bandLevel(r, DEFAULT_BANDS))).toEqual(['A', 'B', 'C', 'D']);
  });
  it('a missing rate gets the unmeasured level, or null', () => {
    expect(bandLevel(null, ISESAKI_BANDS)).toBeNull();
    expect(bandLevel(null, ISESAKI_BANDS, '-')).toBe('-');
  });
});

describe('meanScoreLevel', () => {
  const q = (codes: (keyof typeof IND)[]) => meanScoreLevel(codes.map((c) => IND[c]), QUANTITATIVE, '低');
  const d = (codes: (keyof typeof DEV)[]) => meanScoreLevel(codes.map((c) => DEV[c]), QUALITATIVE, '低');

  it('定量評価: A3 B2 C1 D0, mean > 2.5 高, > 1.5 中, else 低 (strictly greater)', () => {
    expect(q(['A']).level).toBe('高'); // 3
    expect(q(['A', 'B']).level).toBe('中'); // 2.5 is not > 2.5
    expect(q(['A', 'A', 'B']).level).toBe('高'); // 2.67
    expect(q(['B', 'B', 'C'])).toMatchObject({ level: '中' }); // 1.67
    expect(q(['B', 'C']).level).toBe('低'); // 1.5 is not > 1.5
    expect(q(['D']).level).toBe('低');
  });
  it('定性評価: 高3 中2 低1, mean ≥ 2.5 高, ≥ 1.7 中, else 低 (inclusive)', () => {
    expect(d(['高', '中']).level).toBe('高'); // 2.5 ≥ 2.5
    expect(d(['高', '高', '中']).level).toBe('高'); // 2.67 (伊勢崎 1-2-3 by its printed developments)
    expect(d(['中', '中', '中', '中', '中', '中', '中', '低', '低', '低']).level).toBe('中'); // 1.7 ≥ 1.7
    expect(d(['中', '低', '低']).level).toBe('低'); // 1.33
    expect(d(['中', '中', '低']).level).toBe('低'); // 1.67 < 1.7
  });
  it('no inputs → no rating', () => {
    expect(meanScoreLevel([], QUANTITATIVE, '低')).toEqual({ mean: null, level: null });
  });
});

describe('explanations', () => {
  it('mean score: 平均2.33点（B,B,C）→ 中', () => {
    expect(explainMeanScore(7 / 3, ['B', 'B', 'C'], '中')).toBe('平均2.33点（B,B,C）→ 中');
    expect(explainMeanScore(3, ['A'], '高')).toBe('平均3点（A）→ 高');
    expect(explainMeanScore(null, [], null)).toBe('入力となる評価がありません → 判定なし');
  });
  it('bands: rate with the printed values', () => {
    const a = achievementRate({ actual: 50.2, target: 53.6, direction: 'higher_is_better' });
    expect(explainBand(a, '50.2', '53.6', 'B')).toBe('達成率93.7%（実績50.2／目標53.6）→ B');
    const l = achievementRate({ actual: 1420, target: 1400, direction: 'lower_is_better' });
    expect(explainBand(l, '1,420件', '1,400件', 'B')).toBe('達成率98.6%（目標1,400件／実績1,420件、小さいほど良い）→ B');
  });
});

describe('伊勢崎 "-" (指標の取得ができなかったもの, line 10) against nothing printed', () => {
  it('an actual printed "-" or missing is not measured; a number, text or parts are not', () => {
    expect(isNotMeasured({ value: null, text: '-' })).toBe(true);
    expect(isNotMeasured({ value: null, text: 'ー' })).toBe(true);
    expect(isNotMeasured(null)).toBe(true);
    expect(isNotMeasured({ value: 25.8, text: '25.8%' })).toBe(false);
    expect(isNotMeasured({ value: null, text: '広瀬川: 2.7mg/L 粕川: 2.3mg/L 早川上流: 1.3mg/L', parts: [{}, {}, {}] })).toBe(false);
    expect(isNotMeasured({ value: null, text: '集計中' })).toBe(false);
    expect(explainNotMeasured('-', '-')).toBe('実績を取得できなかった（-）→ -');
  });
  it('"-" has no score and is left out of the mean: B and "-" give 2 (中), two "-" give no rating', () => {
    // the caller passes the scored inputs and names the excluded ones
    expect(meanScoreLevel([2], QUANTITATIVE, '低')).toEqual({ mean: 2, level: '中' });
    expect(explainMeanScore(2, ['B'], '中', ['-'])).toBe('平均2点（B。除外: -）→ 中');
    expect(explainMeanScore(null, [], null, ['-', '-'])).toBe('入力となる評価がありません（除外: -,-） → 判定なし');
  });
});
