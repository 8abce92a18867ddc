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

/** A value already in percent (93.7 → 93.7%). */
export function formatPercent(percent: number | null | undefined, fraction = 1): string {
  return percent === null || percent === undefined ? '—' : formatShare(percent / 100, fraction);
}
