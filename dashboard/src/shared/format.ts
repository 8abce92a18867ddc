/** Number formatting with Intl, ja-JP conventions in both languages (the data is Japanese). */
const nf = new Map<string, Intl.NumberFormat>();
function get(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = nf.get(key);
  if (!f) nf.set(key, (f = make()));
  return f;
}

export function formatNumber(n: number | null | undefined, maxFraction = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return get(`n${maxFraction}`, () => new Intl.NumberFormat('ja-JP', { maximumFractionDigits: maxFraction })).format(n);
}

/** A share 0..1 as a percentage (0.375 → 37.5%). */
export function formatShare(share: number | null | undefined, fraction = 1): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return get(`s${fraction}`, () => new Intl.NumberFormat('ja-JP', { style: 'percent', maximumFractionDigits: fraction, minimumFractionDigits: 0 })).format(share);
}

/**
 * A value already in percent (93.7 → 93.7%), rounded half up, except that a value under a whole
 * percent is never shown as that whole percent (99.99 → 99.9%): the bands' thresholds are whole
 * percents, and "100.0%" beside band B reads as a wrong rating. The server prints achievements by
 * the same rule (displayPercent in server/src/analytics/rules.ts).
 */
export function formatPercent(percent: number | null | undefined, fraction = 1): string {
  if (percent === null || percent === undefined || Number.isNaN(percent)) return '—';
  const f = 10 ** fraction;
  const rounded = Math.round(percent * f + 1e-9) / f;
  const shown = Number.isInteger(rounded) && rounded > percent + 1e-9 ? Math.round(rounded * f - 1) / f : rounded;
  return formatShare(shown / 100, fraction);
}

/** A calendar date (YYYY-MM-DD) as people read it, with the era in Japanese: 令和13年6月30日, 30 Jun 2031. */
export function formatDate(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return locale === 'ja'
    ? new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d)
    : new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * A moment as people in Japan read it, with the era in Japanese (令和7年12月19日 14:05; English
 * 19 Dec 2025, 14:05); `day`: the date only.
 */
export function formatDateTime(value: string | Date, locale: string, day = false): string {
  const key = `${locale.startsWith('en') ? 'en' : 'ja'}${day ? ':day' : ''}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    const time = day ? {} : ({ hour: '2-digit', minute: '2-digit' } as const);
    f = key.startsWith('en')
      ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', ...(day ? {} : { timeStyle: 'short' }), timeZone: 'Asia/Tokyo' })
      : new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', ...time, timeZone: 'Asia/Tokyo' });
    dateTimeFormats.set(key, f);
  }
  return f.format(typeof value === 'string' ? new Date(value) : value);
}
