/** ApexCharts option builders shared by the panels (pure functions of the data). */
import type { ApexOptions } from 'apexcharts';
import { textOn } from './contrast';
import { formatNumber, formatShare } from './format';

export interface StackSeries {
  /** Level code printed on the bar (colour is never the only signal). */
  code: string;
  name: string;
  color: string;
  data: number[];
}

/** Dark text for labels drawn on the page's white, not on a bar. */
export const INK = '#1a1a1a';

/**
 * An axis for whole counts: from 0 to a round maximum in whole steps (1, 2, 5, 10, 20 …), so
 * no tick reads 0.5 and a count of 3 does not get an axis to 3.6.
 */
export function countAxis(max: number): { min: number; max: number; tickAmount: number } {
  const top = Math.max(1, Math.ceil(max));
  // The smallest step of 1, 2 or 5 × 10^n that needs at most 6 ticks.
  const step = [1, 2, 5]
    .flatMap((u) => [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000].map((p) => u * p))
    .sort((a, b) => a - b)
    .find((s) => top / s <= 6) ?? 10 ** Math.ceil(Math.log10(top));
  const niceMax = Math.ceil(top / step) * step;
  return { min: 0, max: niceMax, tickAmount: niceMax / step };
}

/** Tick labels of a count axis: whole numbers only. */
export const countLabel = (v: number | string): string => formatNumber(Math.round(Number(v)), 0);

/**
 * Horizontal stacked bars, one series per level, with the level code and count printed on
 * each segment in black or white by contrast (empty segments print nothing); `percent`
 * stacks to 100 %.
 */
export function stackedBarOptions(categories: string[], series: StackSeries[], percent: boolean, onSelect?: (series: number, point: number) => void): ApexOptions {
  return {
    chart: {
      type: 'bar',
      stacked: true,
      stackType: percent ? '100%' : 'normal',
      events: onSelect
        ? { dataPointSelection: (_e: unknown, _c: unknown, o: { seriesIndex: number; dataPointIndex: number }) => onSelect(o.seriesIndex, o.dataPointIndex) }
        : {},
    },
    plotOptions: { bar: { horizontal: true, barHeight: '70%' } },
    series: series.map((s) => ({ name: s.code && s.code !== s.name ? `${s.code} ${s.name}` : s.name, data: s.data })),
    colors: series.map((s) => s.color),
    xaxis: {
      categories,
      ...(percent ? { min: 0, max: 100, tickAmount: 5 } : countAxis(maxTotal(series))),
      labels: { formatter: (v: string) => (percent ? `${formatNumber(Number(v), 0)}%` : countLabel(v)) },
    },
    dataLabels: {
      enabled: true,
      formatter: (val: number, o: { seriesIndex: number; dataPointIndex: number }) => {
        const s = series[o.seriesIndex];
        const count = s?.data[o.dataPointIndex] ?? 0;
        if (!count) return '';
        return percent ? `${s!.code} ${formatNumber(val, 0)}%` : `${s!.code} ${formatNumber(count)}`;
      },
      style: { colors: series.map((s) => textOn(s.color)), fontSize: '12px', fontWeight: 700 },
      dropShadow: { enabled: false },
    },
    stroke: { width: 1, colors: ['#ffffff'] },
    legend: { position: 'bottom', fontSize: '13px', markers: { strokeWidth: 1 } },
    tooltip: { y: { formatter: (v: number) => formatNumber(v) } },
    grid: { borderColor: '#dde1e6' },
  };
}

function maxTotal(series: StackSeries[]): number {
  const n = Math.max(0, ...series.map((s) => s.data.length));
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, series.reduce((sum, s) => sum + (s.data[i] ?? 0), 0));
  return Math.ceil(max);
}

/**
 * Vertical bars of counts, one per category, with the code, count and share printed above each
 * bar in dark text (a bar of 0 has no colour to print on) and a whole-number axis.
 */
export function barOptions(categories: string[], values: number[], colors: string[], codes: string[], total?: number): ApexOptions {
  return {
    chart: { type: 'bar' },
    plotOptions: { bar: { distributed: true, columnWidth: '60%', dataLabels: { position: 'top' } } },
    series: [{ name: '', data: values }],
    colors,
    xaxis: { categories },
    yaxis: { ...countAxis(Math.max(0, ...values) * 1.15), labels: { formatter: countLabel } },
    legend: { show: false },
    dataLabels: {
      enabled: true,
      offsetY: -20,
      formatter: (v: number, o: { dataPointIndex: number }) =>
        `${codes[o.dataPointIndex] ?? ''} ${formatNumber(v)}${total ? ` (${formatShare(v / total, 0)})` : ''}`.trim(),
      style: { colors: [INK], fontWeight: 700 },
      dropShadow: { enabled: false },
    },
    tooltip: { y: { formatter: (v: number) => formatNumber(v), title: { formatter: () => '' } } },
    grid: { borderColor: '#dde1e6' },
  };
}

/**
 * A value axis around the data: whole-number ticks when every value is whole (a count of
 * 団体 reads 23, 24, not 23.2), with a step of headroom above the highest value for its label.
 * Fractional data gets the library's own scale.
 */
export function valueAxis(values: number[]): { min?: number; max?: number; tickAmount?: number } {
  if (!values.length || !values.every(Number.isInteger)) return {};
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // From zero when the values are near it, else from just below the lowest.
  const start = lo >= 0 && lo <= hi / 2 ? 0 : lo;
  const { max, tickAmount } = countAxis(Math.max(1, hi - start));
  const step = max / tickAmount;
  let min = start === 0 ? 0 : Math.floor(lo / step) * step;
  if (min !== 0 && lo - min < step * 0.25) min -= step;
  let top = Math.ceil(hi / step) * step;
  if (top - hi < step * 0.25) top += step;
  return { min, max: top, tickAmount: Math.round((top - min) / step) };
}

/**
 * An x axis of fiscal years at their true distances (R4, R5, R7, R9 are not evenly spaced):
 * numeric, one tick per year, a year of margin on either side for bars and labels, ticks
 * labelled by `label` (R5) and the margin years left blank.
 */
export function yearAxis(years: number[], label: (year: number) => string): ApexXAxis {
  const first = Math.min(...years);
  const last = Math.max(...years);
  return {
    type: 'numeric',
    min: first - 1,
    max: last + 1,
    tickAmount: last - first + 2,
    labels: { formatter: (v: string) => (Number(v) >= first && Number(v) <= last && Number.isInteger(Number(v)) ? label(Number(v)) : ''), hideOverlappingLabels: true },
    tooltip: { enabled: false },
  };
}
