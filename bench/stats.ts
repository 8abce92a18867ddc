/** Small numeric helpers of the benchmark. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}
export const median = (v: readonly number[]) => percentile(v, 50);
export const p95 = (v: readonly number[]) => percentile(v, 95);
export const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : 'n/a');
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
