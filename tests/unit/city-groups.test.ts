/**
 * Cities aggregated by attributes (issue 21), the pure part: population bands in words, the
 * spread as PostgreSQL's percentile_cont gives it, cities without data counted apart, and bad
 * band limits refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { bandLabel, checkBands, groupFigures, populationBand, spreadOf, DEFAULT_POPULATION_BANDS } from '../../server/src/comparison/city-groups.js';

describe('population bands', () => {
  it.each([
    [12_000, '5万人未満', 'under 50,000'],
    [50_000, '5万〜10万人', '50,000–100,000'],
    [199_999, '10万〜20万人', '100,000–200,000'],
    [600_000, '50万人以上', '500,000 and over'],
    [null, '人口不明', 'population unknown'],
  ])('%s falls in %s', (population, ja, en) => {
    expect(bandLabel(populationBand(population, DEFAULT_POPULATION_BANDS))).toEqual({ ja, en });
  });

  it('refuses limits that do not ascend, are not positive, or are too many', () => {
    expect(checkBands([100_000, 50_000])).toMatch(/小さい順/);
    expect(checkBands([0])).toMatch(/正の整数/);
    expect(checkBands(Array.from({ length: 11 }, (_, i) => (i + 1) * 1000))).toMatch(/10個まで/);
    expect(checkBands([30_000, 70_000])).toBeNull();
  });
});

describe('a group’s figures', () => {
  it('gives the quartiles as percentile_cont does (1, 2, 3, 4 → 1.75, 2.5, 3.25)', () => {
    expect(spreadOf([4, 1, 3, 2])).toEqual({ min: 1, lowerQuartile: 1.75, median: 2.5, upperQuartile: 3.25, max: 4 });
    expect(spreadOf([])).toBeNull();
  });

  it('counts a city without data apart, never as zero, and sums subjects and indicators', () => {
    const f = groupFigures([
      { cityId: 1, score: 40, onTrack: 0.5, subjects: 10, belowPeerMedian: true, indicators: { measured: 4, atTarget: 1, medianAchievement: 80 } },
      { cityId: 2, score: 60, onTrack: 0.7, subjects: 6, belowPeerMedian: false, indicators: { measured: 2, atTarget: 2, medianAchievement: 110 } },
      { cityId: 3, score: null, onTrack: null, subjects: 0, belowPeerMedian: false, indicators: null },
    ]);
    expect(f).toMatchObject({ cities: 3, citiesWithData: 2, citiesWithoutData: 1, subjects: 16, belowPeerMedian: 1 });
    expect(f.normalizedScore).toEqual({ min: 40, lowerQuartile: 45, median: 50, upperQuartile: 55, max: 60 });
    expect(f.indicators).toEqual({ measured: 6, atTarget: 3, share: 0.5, medianAchievement: 95 });
  });
});
