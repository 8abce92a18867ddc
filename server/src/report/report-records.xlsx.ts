/**
 * The workbook's sheets for the report's records beyond ratings (report-records.ts): the
 * department policies of the year in full, the citizen-survey rows and the goals per year, each
 * row with the document line (and page) that printed it. Written with the workbook's own table
 * sheet, which report.xlsx.ts passes in.
 */
import type ExcelJS from 'exceljs';
import type { AnnualReportType } from './report.types.js';
import type { ReportPriorityCountType, ReportSourceType } from './report-records.js';
import { fiscalYearLabel } from '../shared/fiscal-year.js';

type Value = string | number | boolean | null | undefined;
interface Column {
  header: string;
  max?: number;
  min?: number;
  numFmt?: string;
  wrap?: boolean;
}
/** report.xlsx.ts's table sheet (title, subtitle, header and rows). */
type TableSheet = (wb: ExcelJS.Workbook, name: string, title: string, subtitle: string, columns: Column[], rows: Value[][], opts?: { landscape?: boolean }) => ExcelJS.Worksheet;

const sourceColumns: Column[] = [
  { header: '出典', max: 30 },
  { header: '行', numFmt: '0', min: 6 },
  { header: 'ページ', numFmt: '0', min: 6 },
];
const sourceCells = (s: ReportSourceType | null): Value[] => [s?.document ?? null, s?.line ?? null, s?.page ?? null];

/** "・重点：8（不明15）" for a subtitle, or nothing when the plan has neither. */
export function priorityText(p: ReportPriorityCountType): string {
  return p.priority || p.unknown ? `・重点：${p.priority}（不明${p.unknown}）` : '';
}

/** Adds the sheets of the records the report has (none when it has none). */
export function recordSheets(wb: ExcelJS.Workbook, report: AnnualReportType, base: string, tableSheet: TableSheet): void {
  const year = report.fiscalYear.label;
  if (report.departmentPolicies.length) {
    const rows: Value[][] = [];
    for (const p of report.departmentPolicies) {
      rows.push([p.department, '部局運営に関する基本的考え方', null, p.basicApproach, ...sourceCells(p.source)]);
      for (const i of p.initiatives) rows.push([p.department, i.category, i.title, i.body || null, ...sourceCells(i.source)]);
    }
    tableSheet(
      wb,
      '部局運営方針',
      `${year} 部局運営方針（${report.departmentPolicies.length}部局）`,
      base,
      [{ header: '部局', max: 24 }, { header: '区分', max: 28, wrap: true }, { header: '取組', max: 36, wrap: true }, { header: '内容', max: 80, wrap: true }, ...sourceColumns],
      rows,
      { landscape: true },
    );
  }
  if (report.surveyResults.length || report.yearlyGoals.length) {
    const rows: Value[][] = [
      ...report.yearlyGoals.map((g): Value[] => ['各年度の目標', fiscalYearLabel(g.fiscalYear), g.goal, null, null, null, ...sourceCells(g.source)]),
      ...report.surveyResults.map((r): Value[] => [
        `${r.survey}（${fiscalYearLabel(r.fiscalYear)}）`,
        r.item,
        r.question,
        r.count,
        r.percent === null ? null : r.percent / 100,
        r.rank === null ? null : `${r.rank}位（全${r.rankOf ?? '—'}中）`,
        ...sourceCells(r.source),
      ]),
    ];
    tableSheet(
      wb,
      '年度目標・市民意識調査',
      `各年度の目標と市民意識調査（${report.planName}）`,
      base,
      [
        { header: '区分・調査', max: 30, wrap: true },
        { header: '年度・項目', max: 36, wrap: true },
        { header: '目標・設問', max: 50, wrap: true },
        { header: '人数', numFmt: '#,##0', min: 8 },
        { header: '割合', numFmt: '0.0%', min: 8 },
        { header: '順位', min: 12 },
        ...sourceColumns,
      ],
      rows,
      { landscape: true },
    );
  }
}
