/**
 * A moment on screen (report, notifications, audit log) reads with the era in Japanese, as every
 * fiscal year does: 令和8年12月8日 09:40, never 2026年12月8日; English keeps 8 Dec 2026.
 */
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../dashboard/src/shared/format.js';

describe('formatDateTime', () => {
  const at = '2026-12-08T00:40:00Z'; // 9:40 in Japan
  it('Japanese: the era, Japan time', () => {
    expect(formatDateTime(at, 'ja')).toBe('令和8年12月8日 09:40');
    expect(formatDateTime(new Date(at), 'ja', true)).toBe('令和8年12月8日');
  });
  it('平成 before May 2019', () => expect(formatDateTime('2019-04-30T03:00:00Z', 'ja', true)).toBe('平成31年4月30日'));
  it('English: the Western date, Japan time', () => expect(formatDateTime(at, 'en')).toBe('8 Dec 2026, 09:40'));
});
