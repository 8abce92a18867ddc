/**
 * Data texts on their way into ApexCharts. The library draws axis labels and data labels as SVG
 * text nodes (safe), but writes legends and tooltips with innerHTML: a level label or department
 * name such as `<img src=x onerror=…>` from an imported dataset would become a live element.
 * Every chart goes through `safeChartOptions` (ApexChart.vue), which routes each text that
 * reaches an HTML sink through `escapeHtml`, the one escape helper of the dashboard.
 */
import type { ApexOptions } from 'apexcharts';
import { formatNumber } from './format';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows exactly that text (never markup). */
export function escapeHtml(text: unknown): string {
  const s = text === null || text === undefined ? '' : Array.isArray(text) ? text.join(' ') : String(text);
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Fn = (value: never, opts?: never) => unknown;
type TooltipY = NonNullable<ApexTooltip['y']>;

function escaped(format: Fn | undefined, fallback: (v: unknown) => unknown) {
  return (value: unknown, opts?: unknown) => escapeHtml(format ? (format as (v: unknown, o?: unknown) => unknown)(value, opts) : fallback(value));
}

function safeY(y: ApexTooltipY): ApexTooltipY {
  return {
    ...y,
    formatter: escaped(y.formatter as Fn | undefined, (v) => (typeof v === 'number' ? formatNumber(v) : v)) as ApexTooltipY['formatter'],
    title: { ...y.title, formatter: escaped(y.title?.formatter as Fn | undefined, (name) => (name ? `${String(name)}: ` : '')) as never },
  };
}

/**
 * The options with every HTML sink escaped: legend names (series names, heatmap ranges),
 * tooltip titles (categories, x values), tooltip series names and values, z values. Options
 * that take raw HTML (custom tooltips, hover formatters, axis crosshair tooltips) are turned off.
 * Formatters in `options` return plain text; they are wrapped, not trusted.
 */
export function safeChartOptions(options: ApexOptions): ApexOptions {
  const tooltip = options.tooltip ?? {};
  const y = tooltip.y as TooltipY | undefined;
  const yaxis = options.yaxis;
  const horizontal = options.plotOptions?.bar?.horizontal === true;
  const noAxisTooltip = <T extends object>(a: T): T => ({ ...a, tooltip: { enabled: false } });
  return {
    ...options,
    legend: {
      ...options.legend,
      formatter: escaped(options.legend?.formatter as Fn | undefined, (name) => name) as never,
      tooltipHoverFormatter: undefined,
    },
    tooltip: {
      ...tooltip,
      custom: undefined,
      // Without a tooltip formatter the title is the x value as the axis prints it (categories as they are).
      x: { ...tooltip.x, formatter: escaped((tooltip.x?.formatter ?? (horizontal ? undefined : options.xaxis?.labels?.formatter)) as Fn | undefined, (v) => v) as never },
      y: Array.isArray(y) ? y.map(safeY) : safeY(y ?? {}),
      z: { ...tooltip.z, title: escapeHtml(tooltip.z?.title ?? ''), formatter: escaped(tooltip.z?.formatter as Fn | undefined, (v) => v) as never },
    },
    xaxis: { ...options.xaxis, tooltip: { enabled: false } },
    ...(yaxis ? { yaxis: Array.isArray(yaxis) ? yaxis.map(noAxisTooltip) : noAxisTooltip(yaxis) } : {}),
  };
}
