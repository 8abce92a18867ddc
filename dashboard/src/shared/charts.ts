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

/**
 * Horizontal stacked bars, one series per level, with the level code and count printed on
 * each segment in black or white by contrast; `percent` stacks to 100 %.
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
      // Whole-number ticks for small counts (no "0 0 1 1").
      ...(!percent && maxTotal(series) <= 10 ? { tickAmount: Math.max(1, maxTotal(series)), max: Math.max(1, maxTotal(series)) } : {}),
      labels: { formatter: (v: string) => (percent ? `${formatNumber(Number(v), 0)}%` : formatNumber(Number(v), 0)) },
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

/** Vertical bars, one per category, with the value and a code printed on each bar. */
export function barOptions(categories: string[], values: number[], colors: string[], codes: string[], total?: number): ApexOptions {
  return {
    chart: { type: 'bar' },
    plotOptions: { bar: { distributed: true, columnWidth: '60%' } },
    series: [{ name: '', data: values }],
    colors,
    xaxis: { categories },
    legend: { show: false },
    dataLabels: {
      enabled: true,
      formatter: (v: number, o: { dataPointIndex: number }) =>
        `${codes[o.dataPointIndex] ?? ''} ${formatNumber(v)}${total ? ` (${formatShare(v / total, 0)})` : ''}`.trim(),
      style: { colors: colors.map(textOn), fontWeight: 700 },
      dropShadow: { enabled: false },
    },
    tooltip: { y: { formatter: (v: number) => formatNumber(v) } },
    grid: { borderColor: '#dde1e6' },
  };
}
