/**
 * The annual report's records beyond ratings (issue 20), database test: the department policies
 * of the year in full, the survey rows and goals per year, the projects' own ratings, unknown
 * 重点 and the "-" level — in the report's data (what the GraphQL field and the screen show) and
 * in the workbook, each record with the document line (and page) that printed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { foreignWordsInContext } from '../support/japanese-text.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { annualReport, type AnnualReport } from '../../server/src/report/report.service.js';
import { HEADER_ROW, reportWorkbookBuffer } from '../../server/src/report/report.xlsx.js';

const AYASE = '142182';
const TOKOROZAWA = '112089';
const KATORI = '122360';
const ISESAKI = '102041';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
});
afterAll(async () => db?.drop());

async function reportAndWorkbook(code: string, year: number): Promise<{ report: AnnualReport; wb: ExcelJS.Workbook }> {
  const report = await annualReport(db.orm.em.fork(), { municipalityCode: code, fiscalYear: year });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await reportWorkbookBuffer(report)) as unknown as ArrayBuffer);
  return { report, wb };
}
const cells = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) out.push((ws.getRow(r).values as unknown[]).slice(1));
  return out;
};
const sheetText = (ws: ExcelJS.Worksheet) => {
  const parts: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => parts.push(String(c.value ?? ''))));
  return parts.join('\n');
};

describe('annual report: department policies (綾瀬 令和5年度)', () => {
  it('has the 13 policies of the year in full, each initiative with its line and page; a sheet of its own', async () => {
    const { report, wb } = await reportAndWorkbook(AYASE, 2023);
    expect(report.departmentPolicies.map((p) => p.department)).toHaveLength(13);
    const plan = report.departmentPolicies.find((p) => p.department === '経営企画部')!;
    expect(plan.basicApproach).toContain('『綾瀬市総合計画2030』');
    const paperless = plan.initiatives.find((i) => i.title === 'ペーパーレス化の促進')!;
    expect(paperless).toMatchObject({ category: 'スマート自治体の推進', source: { line: 57, page: 3, document: '令和5年度 部局運営方針' } });
    expect(readSourceLines('001_45797bf1886c3d07.txt')[56]).toContain('ペーパーレス化の促進');
    expect(report.departmentPolicies.reduce((n, p) => n + p.initiatives.length, 0)).toBe(83);

    const ws = wb.getWorksheet('部局運営方針')!;
    expect(ws).toBeDefined();
    const rows = cells(ws);
    expect(rows).toHaveLength(13 + 83); // a basic approach and the initiatives per department
    expect(rows).toContainEqual(['経営企画部', 'スマート自治体の推進', 'ペーパーレス化の促進', expect.stringContaining('タブレット会議システム'), '令和5年度 部局運営方針', 57, 3]);
    expect(foreignWordsInContext(sheetText(ws))).toEqual([]);
  });

  it('shows the related projects’ 達成状況 as the projects’ own ratings, each opening its evaluation', async () => {
    const { report, wb } = await reportAndWorkbook(AYASE, 2023);
    const rated = report.projects.filter((p) => p.ratings.length);
    expect(rated).toHaveLength(24);
    const welcome = report.projects.find((p) => p.name === 'あやせウェルカムパックの配付')!;
    expect(welcome.ratings.map((r) => [r.levelCode, r.scaleName, r.stage])).toEqual([['B', '達成状況（関連実施計画事業）', 'self']]);
    const [row] = await db.query<{ source_line: number }>(`select source_line from evaluation where id = $1`, [Number(welcome.ratings[0]!.evaluationId)]);
    expect(row!.source_line).toBe(198);
    const projectRows = cells(wb.getWorksheet('事業')!);
    expect(projectRows.some((r) => r.includes('あやせウェルカムパックの配付') && r.at(-1) === '達成状況（関連実施計画事業）：B')).toBe(true);
  });
});

describe('annual report: 所沢 平成29年度 — the citizen survey and the goals per year', () => {
  it('as numbers with their lines, on screen and in a sheet', async () => {
    const { report, wb } = await reportAndWorkbook(TOKOROZAWA, 2017);
    expect(report.surveyResults.map((r) => [r.count, r.respondents, r.percent, r.rank, r.rankOf, r.source?.line])).toEqual([
      [718, 2197, 32.7, 29, 42, 212],
      [554, 2197, 25.2, 41, 42, 214],
    ]);
    expect(report.yearlyGoals.map((g) => [g.fiscalYear, g.source?.line])).toEqual([
      [2015, 33],
      [2016, 38],
      [2017, 42],
      [2018, 45],
    ]);
    const ws = wb.getWorksheet('年度目標・市民意識調査')!;
    const rows = cells(ws);
    expect(rows).toContainEqual(['平成29年度所沢市市民意識調査（平成29年度）', '第１章「コミュニティ」 第１節「地域コミュニティ」', '「充実すべき施策」と感じている人数', 718, 0.327, '29位（全42中）', '平成30年度 政策評価表（絆を紡ぐまちづくり）', 212, 1]);
    expect(rows[0]!.slice(0, 3)).toEqual(['各年度の目標', '平成27年度', '地域づくり協議会（地域ネットワーク）の構築支援と事業活動の促進']);
    expect(foreignWordsInContext(sheetText(ws))).toEqual([]);
    // no department policies for 所沢: no sheet
    expect(wb.getWorksheet('部局運営方針')).toBeUndefined();
  });
});

describe('annual report: unknown 重点 and the "-" level', () => {
  it('香取: 重点 8 with 15 unknown beside them, in the summary and the workbook', async () => {
    const { report, wb } = await reportAndWorkbook(KATORI, 2023);
    expect(report.priorityCount).toEqual({ priority: 8, unknown: 15 });
    expect(String(wb.getWorksheet('概要')!.getCell(2, 1).value)).toContain('重点：8（不明15）');
  });

  it('伊勢崎: 従業者数 is rated "-" (指標の取得ができなかったもの), agreeing with the city’s rule', async () => {
    const { report } = await reportAndWorkbook(ISESAKI, 2022);
    const i = report.indicators.find((x) => x.name === '従業者数')!;
    expect(i.rating).toMatchObject({ levelCode: '-', levelLabel: '指標の取得ができなかったもの', ruleAgrees: true, ruleLevel: '-' });
    expect(i.actualText).toBe('-');
    // the measure's 定量評価 (低) has no rule value: both inputs are "-", left out of the mean
    expect(report.appendix.ruleDisagreements.find((d) => d.subjectName === '企業誘致の推進と雇用の促進')).toMatchObject({
      printed: '低',
      computed: null,
      explanation: '入力となる評価がありません（除外: -,-） → 判定なし',
    });
  });
});
