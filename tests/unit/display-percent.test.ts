/**
 * The one rule for an achievement shown to a person (server/src/analytics/rules.ts
 * displayPercent): one decimal as the cities print it, never rounded up onto a whole percent
 * (a band's threshold) the value did not reach.
 */
import { describe, expect, it } from 'vitest';
import { formatPercent as dashboardPercent } from '../../dashboard/src/shared/format.js';
import { DEFAULT_BANDS, achievementRate, bandLevel, displayPercent, explainBand, formatPercent } from '../../server/src/analytics/rules.js';

describe('displayPercent', () => {
  it('rounds half up to one decimal, as the documents print (所沢 50.2 / 53.6 = 93.7 %)', () => {
    expect(displayPercent((50.2 / 53.6) * 100)).toBe(93.7);
    expect(displayPercent(155.26315789473685)).toBe(155.3);
    expect(displayPercent(55.399)).toBe(55.4);
    expect(displayPercent(100)).toBe(100);
    expect(displayPercent((7068 / 7068) * 100)).toBe(100);
  });

  it('never shows a whole percent the value did not reach (99.99 → 99.9, 79.96 → 79.9, 59.95 → 59.9)', () => {
    expect(displayPercent(99.99)).toBe(99.9);
    expect(displayPercent(79.96)).toBe(79.9);
    expect(displayPercent(59.95)).toBe(59.9);
    expect(displayPercent(2.666666, 2)).toBe(2.67);
    expect(displayPercent(2.999, 2)).toBe(2.99);
  });

  it('the printed percent and the band agree at every boundary, across a fine sweep', () => {
    for (let target = 1000; target <= 1200; target += 7) {
      for (let actual = 590; actual <= 1010; actual++) {
        const a = achievementRate({ actual: actual * 10 + 0.5, target: target * 10, direction: 'higher_is_better' });
        const shown = displayPercent(a.percent!);
        // the band of the shown number is the band of the value
        expect(bandLevel(shown, DEFAULT_BANDS), `${actual * 10 + 0.5}/${target * 10}`).toBe(bandLevel(a.percent, DEFAULT_BANDS));
      }
    }
  });

  it('the rule check’s explanation: 64,995 / 65,000 reads 99.9 % → B, not 100.0 %', () => {
    const a = achievementRate({ actual: 64995, target: 65000, direction: 'higher_is_better' });
    expect(formatPercent(a.percent!)).toBe('99.9%');
    expect(explainBand(a, '64,995', '65,000', bandLevel(a.percent, DEFAULT_BANDS))).toBe('達成率99.9%（実績64,995／目標65,000）→ B');
  });
});

describe('the dashboard’s formatPercent follows the same rule', () => {
  it('shows what displayPercent gives, across the same boundaries', () => {
    for (const v of [99.99, 99.95, 79.96, 59.95, 93.656, 100, 155.26315789473685, 0.04, 64.95]) {
      expect(dashboardPercent(v), String(v)).toBe(`${displayPercent(v).toLocaleString('ja-JP', { maximumFractionDigits: 1 })}%`);
    }
    expect(dashboardPercent(null)).toBe('—');
  });
});
