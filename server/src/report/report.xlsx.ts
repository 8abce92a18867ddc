/**
 * The annual report as an Excel workbook (exceljs): 概要 (summary), one sheet per top-level
 * policy area, 指標 (indicators), 事業 (projects, where the plan has any), 前年度からの変更
 * (differences), 付録 (rule disagreements and flagged records), and for 伊勢崎市 (102041) a
 * sheet with the columns of the city's own table (成果・課題一覧).
 *
 * Every sheet: a title row, a subtitle row, then the header row (row 3) — frozen, filtered,
 * repeated on every printed page — and A4 print setup fitted to the page width (landscape
 * where the table is wide). Column widths count full-width characters as two.
 */
import ExcelJS from 'exceljs';
import { priorityText, recordSheets } from './report-records.xlsx.js';
import { displayPercent } from '../analytics/rules.js';
import { fiscalYearLabel } from '../shared/fiscal-year.js';
import type { AnnualReport } from './report.service.js';
import type { ReportIndicatorType, ReportMeasureType, ReportRatingType, ReportSubItemType } from './report.types.js';
import { costBasisLabel, directionLabel, flagReasonLabel, formatDateTime, recordKindLabel, stageLabel, stageShort, subjectKindLabel } from './report-labels.js';
import { frontSheet } from './report-front-sheet.js';
import { displayWidth } from './report-width.js';

export { displayWidth };

export const ISESAKI_CODE = '102041';
export const HEADER_ROW = 3;


export const FMT_THOUSANDS = '#,##0';
export const FMT_PERCENT = '0.0%';
const FMT_SHARE = '0.0%';

/** '#,##0' for whole numbers, else with as many decimals as the value has (at most 3). */
export function numberFormat(v: number): string {
  if (Number.isInteger(v)) return FMT_THOUSANDS;
  const decimals = Math.min(3, (String(v).split('.')[1] ?? '').length);
  return `#,##0.${'0'.repeat(Math.max(1, decimals))}`;
}

type Value = string | number | boolean | null | undefined;
interface Column {
  header: string;
  /** Largest width (characters); long text wraps beyond it. */
  max?: number;
  min?: number;
  /** Fixed number format for the column (else numbers get `numberFormat`). */
  numFmt?: string;
  wrap?: boolean;
}

/** Sheet names: ≤ 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(wb: ExcelJS.Workbook, wanted: string): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, '・').slice(0, 31);
  let name = clean;
  for (let i = 2; wb.getWorksheet(name); i++) name = `${clean.slice(0, 31 - String(i).length - 1)}_${i}`;
  return name;
}

/**
 * A sheet with title, subtitle and header rows, the rows, and the common settings. Returns the
 * worksheet (rows start at HEADER_ROW + 1).
 */
function tableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: Column[],
  rows: Value[][],
  opts: { landscape?: boolean; tabColor?: string } = {},
): ExcelJS.Worksheet {
  const landscape = opts.landscape ?? columns.length > 6;
  const ws = wb.addWorksheet(sheetName(wb, name), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: `&L${escapeHf(title)}&R&P / &N` },
    properties: opts.tabColor ? { tabColor: { argb: opts.tabColor } } : undefined,
  });
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).font = { size: 10, color: { argb: 'FF555555' } };

  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 30;

  rows.forEach((values, r) => {
    const row = ws.getRow(HEADER_ROW + 1 + r);
    values.forEach((v, i) => {
      if (v === null || v === undefined || v === '') return;
      const cell = row.getCell(i + 1);
      const col = columns[i];
      cell.value = v;
      if (typeof v === 'number') cell.numFmt = col?.numFmt ?? numberFormat(v);
      if (col?.wrap) cell.alignment = { vertical: 'top', wrapText: true };
      else cell.alignment = { vertical: 'top' };
    });
  });

  // Widths from the header and the values, full-width characters counting 2.
  columns.forEach((c, i) => {
    // The header wraps (row height 30), so it counts up to 24 characters.
    let w = Math.min(displayWidth(c.header), 24);
    for (const values of rows) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      const text = typeof v === 'number' ? formatForWidth(v, c.numFmt) : String(v);
      w = Math.max(w, displayWidth(text));
    }
    ws.getColumn(i + 1).width = Math.max(c.min ?? 6, Math.min(c.max ?? 40, w + 2));
  });
  if (columns.length) ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + Math.max(rows.length, 0), column: columns.length } };
  return ws;
}

function formatForWidth(v: number, fmt?: string): string {
  if (fmt === FMT_PERCENT || fmt === FMT_SHARE) return `${(v * 100).toFixed(1)}%`;
  return v.toLocaleString('ja-JP', { maximumFractionDigits: 3 });
}

const escapeHf = (s: string) => s.replace(/&/g, '&&');

const ratingColumnKey = (r: ReportRatingType) => `${r.scaleKey ?? ''}|${r.stage}`;
const ratingColumnHeader = (r: ReportRatingType) => `${r.scaleName ?? '評価'}（${stageShort(r.stage)}）`;
/** An achievement as the cell's fraction for the 0.0% format: the shown digits are displayPercent's (99.99 % shows 99.9 %). */
/** A value as printed: a value in several parts one part a line (the cell wraps), else its text. */
const printed = (text: string | null, parts: string[]): string | null => (parts.length ? parts.join('\n') : text);
const percentOrNull = (p: number | null | undefined) => (p === null || p === undefined ? null : displayPercent(p) / 100);

function textsBlock(texts: { label: string; text: string; stage: string }[], withStage: boolean): string | null {
  if (!texts.length) return null;
  return texts.map((t) => `【${withStage ? `${stageShort(t.stage)}・` : ''}${t.label}】${t.text}`).join('\n');
}

function subItemsBlock(items: ReportSubItemType[]): string | null {
  if (!items.length) return null;
  return items
    .map((s) => {
      const ratings = s.ratings.map((r) => `${r.levelCode ?? '-'}${s.ratings.length > 1 ? `（${stageShort(r.stage)}）` : ''}`).join('・');
      return `${[s.code, s.name].filter(Boolean).join(' ')}：${ratings || '-'}`;
    })
    .join('\n');
}

/** Builds the workbook; `printedAt` is when the file is made (the content may be an earlier, cached answer: its time is printed as the data's). */
export async function buildReportWorkbook(report: AnnualReport, printedAt: Date = new Date()): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '総合計画 進行管理';
  wb.created = printedAt;
  wb.title = reportTitle(report);
  wb.subject = `${report.municipalityName} ${report.planName}`;
  if (report.generated) wb.description = '生成データ（架空の自治体）';

  const yearLabel = report.fiscalYear.label;
  const prevLabel = report.previousFiscalYear?.label ?? null;
  const base = `${report.municipalityName}（${report.municipalityCode}）・${report.planName}・${yearLabel}・${stageLabel(report.stage)}${report.generated ? '・※生成データ（架空の自治体）' : ''}`;
  const areaById = new Map(report.areas.map((a) => [a.id, a]));
  const measureById = new Map(report.measures.map((m) => [m.id, m]));
  const areaLabel = (id: string | null) => {
    const a = id ? areaById.get(id) : undefined;
    return a ? [a.code, a.name].filter(Boolean).join(' ') : null;
  };
  const measureCode = (m: ReportMeasureType | undefined) => m?.code ?? null;

  // ---- 表紙 (the front page) -------------------------------------------------------------------
  frontSheet(wb, report, { title: reportTitle(report), subtitle: base, printedAt });

  // ---- 概要 -------------------------------------------------------------------------------
  const summaryRows: Value[][] = [];
  for (const s of report.summary.ratings) {
    for (const l of s.levels) {
      summaryRows.push([
        areaLabel(s.areaId),
        s.scaleName,
        stageLabel(s.stage),
        l.code,
        l.label,
        l.count,
        s.total ? l.count / s.total : 0,
        l.previousCount,
        l.previousCount === null ? null : l.count - l.previousCount,
      ]);
    }
  }
  const summary = tableSheet(
    wb,
    '概要',
    reportTitle(report),
    `${base}・施策の階層：${report.measureLevelName ?? report.measureDepth}（${report.measureDepthReason}）・前年度：${prevLabel ?? 'なし'}・作成日時：${formatDateTime(printedAt)}（データの集計日時：${formatDateTime(new Date(report.generatedAt))}）${priorityText(report.priorityCount)}`,
    [
      { header: report.areaLevelName ?? '政策分野', max: 40 },
      { header: '評価尺度', max: 36 },
      { header: '評価段階', min: 10 },
      { header: '評価', min: 6 },
      { header: '評価の説明', max: 36 },
      { header: `${yearLabel}件数`, numFmt: FMT_THOUSANDS, min: 10 },
      { header: `${yearLabel}割合`, numFmt: FMT_SHARE, min: 10 },
      { header: prevLabel ? `${prevLabel}件数` : '前年度件数', numFmt: FMT_THOUSANDS, min: 10 },
      { header: '増減', numFmt: '+#,##0;-#,##0;0', min: 8 },
    ],
    summaryRows,
    { landscape: true },
  );
  // The indicators per achievement band, below the distribution (same columns where they fit).
  let r = HEADER_ROW + summaryRows.length + 3;
  const bandTitle = summary.getCell(r, 1);
  bandTitle.value = `達成率の区分ごとの指標数（${yearLabel}、全${report.summary.indicatorCount}指標・${report.summary.measureCount}${report.measureLevelName ?? '施策'}）`;
  bandTitle.font = { bold: true };
  r++;
  const bandHeader = ['政策分野', '達成率の区分', '', '', '', '指標数', '割合'];
  bandHeader.forEach((h, i) => {
    if (!h) return;
    const c = summary.getCell(r, i + 1);
    c.value = h;
    c.font = { bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
  });
  r++;
  const bandRows: [string, typeof report.summary.bands][] = [['全体', report.summary.bands], ...report.summary.bandsByArea.map((b) => [areaLabel(b.areaId) ?? '', b.counts] as [string, typeof b.counts])];
  for (const [label, counts] of bandRows) {
    for (const b of counts) {
      summary.getCell(r, 1).value = label;
      summary.getCell(r, 2).value = b.label;
      const n = summary.getCell(r, 6);
      n.value = b.count;
      n.numFmt = FMT_THOUSANDS;
      const s = summary.getCell(r, 7);
      s.value = b.share;
      s.numFmt = FMT_SHARE;
      r++;
    }
  }

  // ---- one sheet per area -----------------------------------------------------------------
  for (const area of report.areas) {
    const measures = report.measures.filter((m) => m.areaId === area.id);
    const ratingCols: ReportRatingType[] = [];
    const seen = new Set<string>();
    for (const m of measures) {
      for (const rt of m.ratings) {
        if (seen.has(ratingColumnKey(rt))) continue;
        seen.add(ratingColumnKey(rt));
        ratingCols.push(rt);
      }
    }
    const indicatorsOf = (m: ReportMeasureType) => report.indicators.filter((i) => i.measureId === m.id);
    const withStage = report.stages.length > 1;
    const rows: Value[][] = measures.map((m) => {
      const inds = indicatorsOf(m);
      const bands = ['A', 'B', 'C', 'D']
        .map((b) => [b, inds.filter((i) => i.band === b).length] as const)
        .filter(([, n]) => n > 0)
        .map(([b, n]) => `${b}:${n}`)
        .join(' ');
      return [
        m.code,
        m.name,
        m.ancestorNames.length > 1 ? m.ancestorNames.slice(1).join(' > ') : null,
        m.leadDepartment,
        ...ratingCols.map((c) => m.ratings.find((x) => ratingColumnKey(x) === ratingColumnKey(c))?.levelCode ?? null),
        inds.length,
        bands || null,
        subItemsBlock(m.subItems),
        textsBlock(m.texts, withStage),
        m.relatedDepartments.join('、') || null,
        m.priority === null ? '重点：不明' : m.priority ? '重点' : null,
        m.uncertain ? '要確認' : null,
      ];
    });
    tableSheet(
      wb,
      `${area.code ?? ''} ${area.name}`.trim(),
      `${[area.code, area.name].filter(Boolean).join(' ')}（${yearLabel}）`,
      base,
      [
        { header: '番号', min: 6 },
        { header: `${report.measureLevelName ?? '施策'}名`, max: 40, wrap: true },
        { header: '上位の階層', max: 30, wrap: true },
        { header: '主管課', max: 20 },
        ...ratingCols.map((c) => ({ header: ratingColumnHeader(c), min: 8, max: 16 })),
        { header: '指標数', numFmt: FMT_THOUSANDS, min: 8 },
        { header: '達成率の区分', max: 20 },
        { header: '下位項目の評価', max: 50, wrap: true },
        { header: '評価の文章', max: 80, wrap: true },
        { header: '関係課', max: 30, wrap: true },
        { header: '重点', min: 6 },
        { header: '要確認', min: 8 },
      ],
      rows,
      { landscape: true },
    );
  }

  // ---- 指標 --------------------------------------------------------------------------------
  const projectName = new Map(report.projects.map((p) => [p.id, p.name]));
  const yearText = (y: number | null) => (y === null ? null : fiscalYearLabel(y));
  tableSheet(
    wb,
    '指標',
    `指標の一覧（${yearLabel}）`,
    base,
    [
      { header: report.areaLevelName ?? '政策分野', max: 30 },
      { header: `${report.measureLevelName ?? '施策'}番号`, min: 8 },
      { header: `${report.measureLevelName ?? '施策'}名`, max: 36 },
      { header: '事業', max: 30 },
      { header: '指標名', max: 40, wrap: true },
      { header: '単位', min: 6 },
      { header: '基準値の年度', min: 10 },
      { header: '基準値' },
      { header: '基準値（印字）', max: 24, wrap: true },
      { header: '目標値の年度', min: 10 },
      { header: '目標値' },
      { header: '目標値（印字）', max: 24, wrap: true },
      { header: '実績値の年度', min: 10 },
      { header: '実績値' },
      { header: '実績値（印字）', max: 24, wrap: true },
      { header: '達成率', numFmt: FMT_PERCENT, min: 8 },
      { header: '達成率の区分', min: 8 },
      { header: '指標の評価（記載）', min: 8 },
      { header: '達成率（記載）', min: 8 },
      { header: '要確認', min: 8 },
    ],
    report.indicators.map((i: ReportIndicatorType) => {
      const m = i.measureId ? measureById.get(i.measureId) : undefined;
      return [
        areaLabel(i.areaId),
        measureCode(m),
        m?.name ?? null,
        i.projectId ? (projectName.get(i.projectId) ?? null) : null,
        i.name,
        i.unit,
        yearText(i.baselineYear),
        i.baselineValue,
        printed(i.baselineText, i.baselineParts),
        yearText(i.targetYear),
        i.targetValue,
        printed(i.targetText, i.targetParts),
        yearText(i.actualYear),
        i.actualValue,
        printed(i.actualText, i.actualParts),
        percentOrNull(i.achievement),
        i.band,
        i.rating?.levelCode ?? null,
        i.printedAchievementText,
        i.uncertain ? '要確認' : null,
      ];
    }),
    { landscape: true },
  );

  // ---- 分野別コスト ----------------------------------------------------------------------------
  if (report.projects.length) {
    tableSheet(
      wb,
      '分野別コスト',
      `分野別のコスト（${yearLabel}）`,
      base,
      [
        { header: report.areaLevelName ?? '政策分野', max: 36 },
        { header: 'コスト（千円）', numFmt: FMT_THOUSANDS, min: 14 },
        { header: 'コストの根拠', min: 12 },
        { header: 'コストが分かる事業', min: 10 },
        { header: '事業の数', min: 8 },
      ],
      report.areas.map((a) => [[a.code, a.name].filter(Boolean).join(' '), a.cost ?? '不明', costBasisLabel(a.costBasis), a.costProjects, a.projectCount]),
    );
    tableSheet(
      wb,
      '目的別コスト',
      `目的別歳出の分類ごとのコスト（${yearLabel}、複数の施策に資する事業は配分を掛けて計上）`,
      base,
      [
        { header: '目的別歳出の分類', max: 30 },
        { header: 'コスト（千円）', numFmt: FMT_THOUSANDS, min: 14 },
        { header: 'コストの根拠', min: 12 },
        { header: 'コストが分かる事業', min: 10 },
        { header: '事業の数', min: 8 },
      ],
      report.costByPurpose.map((g) => [g.name ?? '未分類', g.cost ?? '不明', costBasisLabel(g.costBasis), g.costProjects, g.projectCount]),
    );
  }

  // ---- 事業 --------------------------------------------------------------------------------
  if (report.projects.length) {
    const indicatorById = new Map(report.indicators.map((i) => [i.id, i]));
    tableSheet(
      wb,
      '事業',
      `事業の一覧（${yearLabel}決算）`,
      base,
      [
        { header: report.areaLevelName ?? '政策分野', max: 30 },
        { header: `${report.measureLevelName ?? '施策'}名`, max: 30 },
        { header: '事業名', max: 36 },
        { header: '担当課', max: 20 },
        { header: `${yearLabel}決算額（千円）`, numFmt: FMT_THOUSANDS, min: 14 },
        { header: '予算の年度', min: 10 },
        { header: '予算額（千円）', numFmt: FMT_THOUSANDS, min: 12 },
        { header: '成果指標', max: 36, wrap: true },
        { header: '単位', min: 6 },
        { header: '目標値' },
        { header: '実績値' },
        { header: '達成率', numFmt: FMT_PERCENT, min: 8 },
        { header: '達成率（記載）', min: 8 },
        { header: 'コスト（千円）', numFmt: FMT_THOUSANDS, min: 12 },
        { header: 'コストの根拠', min: 12 },
        { header: '単位当たりコスト（千円）', min: 14 },
        { header: '今後の方向性', min: 10 },
        { header: '妥当性', min: 6 },
        { header: '有効性', min: 6 },
        { header: '効率性', min: 6 },
        { header: '事業の評価', max: 30, wrap: true },
      ],
      report.projects.map((p) => {
        const i = p.outcomeIndicatorId ? indicatorById.get(p.outcomeIndicatorId) : undefined;
        const m = p.measureId ? measureById.get(p.measureId) : undefined;
        return [
          areaLabel(p.areaId),
          m ? [m.code, m.name].filter(Boolean).join(' ') : null,
          p.name,
          p.department,
          p.settled,
          yearText(p.budgetYear),
          p.budget,
          i?.name ?? null,
          i?.unit ?? null,
          i?.targetValue ?? null,
          i?.actualValue ?? null,
          percentOrNull(i?.achievement),
          i?.printedAchievementText ?? null,
          p.cost ?? '不明',
          costBasisLabel(p.costBasis),
          p.unitCost === null ? '不明' : `${Math.round(p.unitCost * 10) / 10}${p.unitCostUnit ? `／${p.unitCostUnit}` : ''}`,
          directionLabel(p.direction),
          p.validity,
          p.effectiveness,
          p.efficiency,
          p.ratings.map((r) => `${r.scaleName ?? '評価'}：${r.levelCode ?? '-'}`).join('\n') || null,
        ];
      }),
      { landscape: true },
    );
  }

  // ---- 前年度からの変更 -------------------------------------------------------------------------
  const d = report.differences;
  const diffRows: Value[][] = [];
  for (const c of d.ratingChanges)
    diffRows.push(['評価の変更', subjectKindLabel(c.subjectKind), c.code, c.subjectName, c.scaleName, stageLabel(c.stage), c.previousLevel, c.currentLevel, c.direction > 0 ? '上昇' : '低下']);
  for (const c of d.indicatorChanges)
    diffRows.push([c.what === 'actual' ? '実績値の変更' : '目標値の変更', '指標', null, c.name, c.measureLabel, null, c.previousText, c.currentText, diffNote(c.previousValue, c.currentValue)]);
  for (const m of d.newMeasures) diffRows.push([`新しい${report.measureLevelName ?? '施策'}`, '施策体系', m.code, m.name, m.areaName, null, null, '評価あり', null]);
  for (const m of d.removedMeasures) diffRows.push([`評価のなくなった${report.measureLevelName ?? '施策'}`, '施策体系', m.code, m.name, m.areaName, null, '評価あり', null, null]);
  if (!report.previousFiscalYear) diffRows.push(['比較なし', null, null, `${yearLabel}より前に評価のある年度がないため、比較できません`, null, null, null, null, null]);
  tableSheet(
    wb,
    '前年度からの変更',
    `前年度（${prevLabel ?? 'なし'}）からの変更`,
    base,
    [
      { header: '区分', max: 20 },
      { header: '種類', min: 8 },
      { header: '番号', min: 6 },
      { header: '名称', max: 40, wrap: true },
      { header: '評価尺度・施策', max: 36, wrap: true },
      { header: '評価段階', min: 10 },
      { header: prevLabel ?? '前年度', max: 24 },
      { header: yearLabel, max: 24 },
      { header: '変化', min: 8 },
    ],
    diffRows,
    { landscape: true },
  );

  // ---- 付録 --------------------------------------------------------------------------------
  const appendixRows: Value[][] = [];
  for (const a of report.appendix.ruleDisagreements)
    appendixRows.push(['ルールと不一致', subjectKindLabel(a.subjectKind), a.subjectName, a.measureLabel, a.scaleName, stageLabel(a.stage), a.printed ?? '-', a.computed ?? '判定なし', a.explanation, null, null]);
  for (const f of report.appendix.flagged)
    appendixRows.push([flagReasonLabel(f.reason), recordKindLabel(f.kind), f.subject, null, null, null, f.detail, null, f.note, f.document, f.line]);
  if (report.appendix.generatedNote) appendixRows.push(['生成データ', null, report.appendix.generatedNote, null, null, null, null, null, null, null, null]);
  tableSheet(
    wb,
    '付録',
    `付録：市のルールと一致しない評価（${report.appendix.ruleDisagreements.length}件／確認${report.appendix.ruleChecked}件）と要確認の記録（${report.appendix.flagged.length}件）`,
    base,
    [
      { header: '区分', min: 10 },
      { header: '種類', min: 8 },
      { header: '対象', max: 40, wrap: true },
      { header: '施策', max: 36, wrap: true },
      { header: '評価尺度', max: 30 },
      { header: '評価段階', min: 10 },
      { header: '記載の評価・値', max: 30 },
      { header: 'ルールによる評価', min: 10 },
      { header: '説明・備考', max: 70, wrap: true },
      { header: '出典', max: 30 },
      { header: '行', numFmt: '0', min: 6 },
    ],
    appendixRows,
    { landscape: true },
  );

  recordSheets(wb, report, base, tableSheet);
  if (report.municipalityCode === ISESAKI_CODE) isesakiSheet(wb, report, base);
  return wb;
}

function diffNote(prev: number | null, cur: number | null): string | null {
  if (prev === null || cur === null) return null;
  const d = cur - prev;
  return `${d >= 0 ? '+' : ''}${d.toLocaleString('ja-JP', { maximumFractionDigits: 3 })}`;
}

export function reportTitle(report: AnnualReport): string {
  return `${report.fiscalYear.label} ${report.planName} 評価報告書（${report.municipalityName}）`;
}

/** Column headers of 伊勢崎市's own table, the year columns labelled with their era. */
export function isesakiColumns(actualYear: number, targetYear: number): string[] {
  return [
    '基本政策',
    '政策',
    '施策名',
    '全体評価',
    '自己評価',
    '指標',
    `${fiscalYearLabel(actualYear)}実績値`,
    `${fiscalYearLabel(targetYear)}目標値`,
    '定量評価',
    '施策の展開',
    '主な取組',
    '成果',
    '課題',
    '定性評価',
    '次期計画で取り組むべき課題',
    '次期計画での取組の方向性',
    '施策代表課',
    '施策の定量評価（平均点による）',
    '施策の定性評価（平均点による）',
  ];
}

/**
 * 第2次伊勢崎市総合計画の成果・課題一覧 as the city prints it: one row per indicator / 施策の展開
 * pair of a 施策 (as many rows as the longer of the two lists); 全体評価, 自己評価 and
 * 施策代表課 on the measure's first row. The measure's roll-ups (定量評価 / 定性評価 of the 施策,
 * printed in the city's table beside the indicators) get two columns of their own at the end.
 */
function isesakiSheet(wb: ExcelJS.Workbook, report: AnnualReport, base: string) {
  const year = report.fiscalYear.year;
  const targetYears = report.indicators.map((i) => i.targetYear).filter((y): y is number => y !== null);
  const targetYear = mostCommon(targetYears) ?? year;
  const headers = isesakiColumns(year, targetYear);
  const pick = (ratings: ReportRatingType[], key: string) => ratings.find((x) => x.scaleKey === key && x.stage === 'self') ?? ratings.find((x) => x.scaleKey === key);
  const text = (texts: { label: string; text: string }[], label: string) => texts.filter((t) => t.label === label).map((t) => t.text).join('\n') || null;
  const rows: Value[][] = [];
  for (const m of report.measures) {
    const inds = report.indicators.filter((i) => i.measureId === m.id && !i.projectId);
    const devs = m.subItems.filter((s) => s.depth === report.measureDepth + 1);
    const n = Math.max(inds.length, devs.length, 1);
    const goal = pick(m.ratings, 'isesaki-goal');
    const goalTexts = m.texts.filter((t) => t.scaleName === goal?.scaleName);
    for (let k = 0; k < n; k++) {
      const i = inds[k];
      const dv = devs[k];
      rows.push([
        m.ancestorCodes[0] || m.ancestorNames[0] || null,
        m.ancestorNames[1] ?? null,
        [m.code, m.name].filter(Boolean).join(' '),
        k === 0 ? (goal?.levelCode ?? null) : null,
        k === 0 ? (text(goalTexts, '評価コメント') ?? text(goalTexts, '達成状況')) : null,
        i?.name ?? null,
        i ? printed(i.actualText, i.actualParts) : null,
        i ? printed(i.targetText, i.targetParts) : null,
        i ? (i.rating?.levelCode ?? '-') : null,
        dv?.name ?? null,
        dv ? dv.childNames.join('\n') || null : null,
        dv ? text(dv.texts, '達成状況') : null,
        dv ? text(dv.texts, '課題') : null,
        dv ? (pick(dv.ratings, 'isesaki-development')?.levelCode ?? dv.ratings[0]?.levelCode ?? null) : null,
        dv ? text(dv.texts, '次期計画で取り組むべき課題') : null,
        dv ? text(dv.texts, '次期計画での取組の方向性') : null,
        k === 0 ? m.leadDepartment : null,
        k === 0 ? (pick(m.ratings, 'isesaki-quantitative')?.levelCode ?? null) : null,
        k === 0 ? (pick(m.ratings, 'isesaki-qualitative')?.levelCode ?? null) : null,
      ]);
    }
  }
  const wide = (h: string, max: number) => ({ header: h, max, wrap: true });
  tableSheet(
    wb,
    '成果・課題一覧（市の様式）',
    '第2次伊勢崎市総合計画の成果・課題一覧（市の様式による再現）',
    base,
    [
      { header: headers[0]!, min: 8 },
      wide(headers[1]!, 24),
      wide(headers[2]!, 28),
      { header: headers[3]!, min: 8 },
      wide(headers[4]!, 60),
      wide(headers[5]!, 30),
      { header: headers[6]!, min: 12, max: 18, wrap: true },
      { header: headers[7]!, min: 12, max: 18, wrap: true },
      { header: headers[8]!, min: 8 },
      wide(headers[9]!, 28),
      wide(headers[10]!, 30),
      wide(headers[11]!, 60),
      wide(headers[12]!, 60),
      { header: headers[13]!, min: 8 },
      wide(headers[14]!, 40),
      wide(headers[15]!, 40),
      { header: headers[16]!, min: 12, max: 20 },
      { header: headers[17]!, min: 10 },
      { header: headers[18]!, min: 10 },
    ],
    rows,
    { landscape: true },
  );
}

function mostCommon(values: number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | null = null;
  let n = 0;
  for (const [v, c] of counts) {
    if (c > n) {
      best = v;
      n = c;
    }
  }
  return best;
}

/** The workbook as bytes. */
export async function reportWorkbookBuffer(report: AnnualReport, printedAt: Date = new Date()): Promise<Buffer> {
  const wb = await buildReportWorkbook(report, printedAt);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "令和4年度_伊勢崎市_評価報告書.xlsx" */
export function reportFileName(report: AnnualReport, ext: 'xlsx' | 'pdf'): string {
  return `${report.fiscalYear.label}_${report.municipalityName}_評価報告書${report.stage ? `_${stageLabel(report.stage)}` : ''}.${ext}`;
}
