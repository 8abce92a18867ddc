/**
 * The workbook's first sheet (表紙): the report's front page on one A4 landscape page, the same
 * figures as the screen and the PDF (report-front-page.ts). Its charts are drawn with cells: a
 * bar is a run of narrow cells filled in the level's colour, so Excel, LibreOffice and a PDF
 * made from either all show the picture (no chart objects, no conditional formats).
 */
import type ExcelJS from 'exceljs';
import { displayPercent } from '../analytics/rules.js';
import type { AnnualReport } from './report.service.js';
import { formatDateTime, stageLabel } from './report-labels.js';
import { displayWidth } from './report-width.js';

/** Cells of a full bar. */
export const BAR_CELLS = 40;
const FIRST_BAR_COL = 2; // column B
const AFTER_BAR_COL = FIRST_BAR_COL + BAR_CELLS; // the count beside a bar
const LAST_COL = AFTER_BAR_COL + 1;
const NOT_MEASURED_COLOR = 'FF9E9E9E';
const FALLBACK_COLORS = ['FF2E7D32', 'FF1565C0', 'FFEF6C00', 'FFC62828', 'FF6A1B9A', 'FF00838F'];

const argb = (hex: string | null | undefined, i: number) =>
  hex && /^#[0-9a-f]{6}$/i.test(hex) ? `FF${hex.slice(1).toUpperCase()}` : FALLBACK_COLORS[i % FALLBACK_COLORS.length]!;
/** Black or white text, whichever reads on the fill (WCAG relative luminance). */
function textOn(fill: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(fill.slice(2 + i - 1, 2 + i + 1), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.4 ? 'FF000000' : 'FFFFFFFF';
}

/**
 * Whole cells for each count so that they add up to `cells` (largest remainder); a count above
 * zero gets at least one cell when there is room.
 */
export function cellsFor(counts: readonly number[], cells: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!total || cells <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c / total) * cells);
  const out = exact.map(Math.floor);
  let left = cells - out.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  // A small count that rounded to nothing takes a cell from the largest.
  for (let i = 0; i < out.length; i++) {
    if (counts[i]! > 0 && out[i] === 0) {
      const big = out.indexOf(Math.max(...out));
      if (out[big]! > 1) {
        out[big]!--;
        out[i] = 1;
      }
    }
  }
  return out;
}

interface Segment {
  count: number;
  fill: string;
}

export interface FrontSheetOptions {
  title: string;
  /** City, plan, year, stage (and the generated-data note). */
  subtitle: string;
  /** When the file is made. */
  printedAt: Date;
}

/** Adds the 表紙 sheet (first in the workbook). */
export function frontSheet(wb: ExcelJS.Workbook, report: AnnualReport, opts: FrontSheetOptions): ExcelJS.Worksheet {
  const fp = report.frontPage;
  const yearLabel = report.fiscalYear.label;
  const prevLabel = report.previousFiscalYear?.label ?? null;
  const ws = wb.addWorksheet('表紙', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${opts.title.replace(/&/g, '&&')}&R&P / &N` },
    views: [{ showGridLines: false }],
    properties: { tabColor: { argb: 'FF1565C0' } },
  });
  ws.getColumn(1).width = 34;
  for (let c = FIRST_BAR_COL; c < AFTER_BAR_COL; c++) ws.getColumn(c).width = 1.6;
  ws.getColumn(AFTER_BAR_COL).width = 30;
  ws.getColumn(LAST_COL).width = 12;

  let r = 1;
  const line = (text: string, font: Partial<ExcelJS.Font> = {}, height?: number) => {
    ws.mergeCells(r, 1, r, LAST_COL);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (height) ws.getRow(r).height = height;
    r++;
    return cell;
  };
  const heading = (text: string) => {
    r++;
    const cell = line(text, { bold: true, size: 12, color: { argb: 'FF0D47A1' } }, 20);
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF1565C0' } } };
  };
  const figure = (label: string, value: string) => {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 1).alignment = { vertical: 'top', wrapText: true };
    ws.mergeCells(r, FIRST_BAR_COL, r, LAST_COL);
    const v = ws.getCell(r, FIRST_BAR_COL);
    v.value = value;
    v.alignment = { vertical: 'top', wrapText: true };
    ws.getRow(r).height = 30;
    r++;
  };
  /** One bar: segments left to right, `cells` long, then a text beside it. */
  const bar = (label: string, segments: Segment[], cells: number, beside: string, share?: string) => {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 1).alignment = { vertical: 'middle', wrapText: true };
    // A long name wraps: the row grows a line for each (column A holds about 32 half-width characters).
    const lines = Math.max(1, Math.ceil(displayWidth(label) / 32));
    const widths = cellsFor(
      segments.map((s) => s.count),
      cells,
    );
    let c = FIRST_BAR_COL;
    segments.forEach((s, i) => {
      const w = widths[i]!;
      for (let k = 0; k < w; k++) {
        const cell = ws.getCell(r, c + k);
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.fill } };
        cell.border = { top: { style: 'thin', color: { argb: 'FFFFFFFF' } }, bottom: { style: 'thin', color: { argb: 'FFFFFFFF' } } };
      }
      // The count on its segment, as text: text spills over the segment's empty cells, a number would show ###.
      if (w >= 2 && s.count > 0) {
        const cell = ws.getCell(r, c);
        cell.value = String(s.count);
        cell.font = { bold: true, size: 9, color: { argb: textOn(s.fill) } };
        cell.alignment = { vertical: 'middle', horizontal: 'left' };
      }
      c += w;
    });
    const b = ws.getCell(r, AFTER_BAR_COL);
    b.value = beside;
    b.alignment = { vertical: 'middle' };
    if (share !== undefined) {
      const sh = ws.getCell(r, LAST_COL);
      sh.value = share;
      sh.alignment = { vertical: 'middle', horizontal: 'right' };
    }
    ws.getRow(r).height = Math.max(20, lines * 14 + 4);
    r++;
  };
  /** Swatches and their texts, as many rows as they take (a 9-point full-width character is about one bar cell). */
  const legend = (items: { text: string; fill: string }[]) => {
    ws.getCell(r, 1).value = '凡例';
    ws.getCell(r, 1).font = { size: 9, color: { argb: 'FF555555' } };
    let c = FIRST_BAR_COL;
    for (const it of items) {
      const span = 2 + Math.ceil(displayWidth(it.text) * 0.55);
      if (c > FIRST_BAR_COL && c + span > LAST_COL + 4) {
        r++;
        c = FIRST_BAR_COL;
      }
      const swatch = ws.getCell(r, c);
      swatch.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: it.fill } };
      const text = ws.getCell(r, c + 1);
      text.value = it.text;
      text.font = { size: 9 };
      c += span + 1;
    }
    r++;
  };

  // ---- title ---------------------------------------------------------------------------------
  line(opts.title, { bold: true, size: 16 }, 26);
  line(opts.subtitle, { size: 10, color: { argb: 'FF333333' } });
  line(
    `作成日時：${formatDateTime(opts.printedAt)}　データの集計日時：${formatDateTime(new Date(report.generatedAt))}　比較する年度：${prevLabel ?? 'なし（これより前に評価のある年度がありません）'}`,
    { size: 9, color: { argb: 'FF555555' } },
  );

  // ---- headline figures ----------------------------------------------------------------------
  heading(`${yearLabel}の要点`);
  const h = fp.headline;
  if (h) {
    const parts = h.levels.map((l) => `${l.code} ${l.count}件`).join('・');
    figure(`${report.measureLevelName ?? '施策'}の評価`, `${h.scaleName}（${stageLabel(h.stage)}）：${h.measureCount}件のうち評価のあるもの${h.rated}件、${parts}`);
  } else {
    figure(`${report.measureLevelName ?? '施策'}の評価`, `${yearLabel}に評価（A・Bなどの判定）のついた${report.measureLevelName ?? '施策'}はありません。`);
  }
  const ind = fp.indicators;
  const level = report.measureLevelName ?? '施策';
  figure(
    '目標を達成した指標',
    !ind.total
      ? 'この計画には指標がありません。'
      : ind.measured
      ? `${ind.achieved}件（達成率を計算できた${ind.measured}件のうち${displayPercent((ind.achieved / ind.measured) * 100).toFixed(1)}%。指標は全${ind.total}件）`
      : `達成率を計算できる指標はありません（指標${ind.total}件のうち${yearLabel}の実績値と目標値がそろうものがありません）。`,
  );
  if (fp.changes && prevLabel) {
    const c = fp.changes;
    const indPrev = ind.previousAchieved !== null && ind.previousMeasured !== null ? `。目標を達成した指標は${prevLabel} ${ind.previousAchieved}件／${ind.previousMeasured}件 → ${yearLabel} ${ind.achieved}件／${ind.measured}件` : '';
    figure(`${prevLabel}からの変化`, `両年度に評価のある${c.compared}件のうち、上がった${c.up}件・下がった${c.down}件・変わらない${c.unchanged}件${indPrev}`);
  } else {
    figure('前年度からの変化', prevLabel ? `${prevLabel}と比べられる評価はありません。` : `${yearLabel}より前に評価のある年度がないため、比較はありません。`);
  }

  // ---- chart 1: measures by rating ------------------------------------------------------------
  if (h) {
    heading(`${level}の評価の分布（${h.scaleName}・${stageLabel(h.stage)}）`);
    legend(h.levels.map((l, i) => ({ text: `${l.code}${l.label ? ` ${l.label}` : ''}`, fill: argb(l.color, i) })));
    if (prevLabel && h.previousRated !== null) {
      bar(prevLabel, h.levels.map((l, i) => ({ count: l.previousCount ?? 0, fill: argb(l.color, i) })), BAR_CELLS, `評価のある${level} ${h.previousRated}件`);
    }
    bar(yearLabel, h.levels.map((l, i) => ({ count: l.count, fill: argb(l.color, i) })), BAR_CELLS, `評価のある${level} ${h.rated}件`);
  }

  // ---- chart 2: indicators by achievement band ----------------------------------------------------
  heading(`達成率の区分ごとの指標数（${yearLabel}、全${ind.total}指標）`);
  const bands = ind.total ? report.summary.bands : [];
  if (!ind.total) line('この計画には指標がありません。');
  const max = Math.max(1, ...bands.map((b) => b.count));
  bands.forEach((b, i) => {
    const fill = b.key === 'NOT_MEASURED' ? NOT_MEASURED_COLOR : FALLBACK_COLORS[i % FALLBACK_COLORS.length]!;
    const cells = b.count ? Math.max(1, Math.round((b.count / max) * BAR_CELLS)) : 0;
    bar(b.label, [{ count: b.count, fill }], cells, `${b.count}件`, `${displayPercent(b.share * 100).toFixed(1)}%`);
  });

  // ---- the lowest-rated areas -----------------------------------------------------------------
  if (h) {
    const lagging = fp.laggingLevels.join('・');
    heading(`評価の低い政策分野（${lagging || '下位の評価'}の多い順、${fp.lowestAreas.length}分野）`);
    if (!fp.lowestAreas.length) line('評価のある政策分野はありません。');
    else legend(h.levels.map((l, i) => ({ text: l.code, fill: argb(l.color, i) })));
    const most = Math.max(1, ...fp.lowestAreas.map((a) => a.rated));
    for (const a of fp.lowestAreas) {
      bar(
        [a.code, a.name].filter(Boolean).join(' '),
        a.levels.map((l, i) => ({ count: l.count, fill: argb(l.color, i) })),
        Math.max(1, Math.round((a.rated / most) * BAR_CELLS)),
        `${lagging} ${a.lagging}件／評価のある${level} ${a.rated}件`,
      );
    }
  }
  if (report.generated) {
    r++;
    line('※ この自治体のデータはすべて生成された架空のデータです。', { size: 9, color: { argb: 'FF8A3C00' } });
  }
  ws.pageSetup.printArea = `A1:${ws.getColumn(LAST_COL).letter}${r}`;
  return ws;
}
