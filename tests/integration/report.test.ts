/**
 * The annual report workbook (database test): generated from the bundled datasets through the
 * GraphQL field as the /reports endpoint does (so enum values arrive as the API sends them:
 * SELF, not self), opened again with exceljs, and its cells checked against the database, the
 * dataset files (which the seed tests check against the documents), the printed lines of the
 * source documents themselves (data/sources), and the Latin-letter rule of Japanese outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { buildSchema } from 'graphql';
import { checkRequest } from '../../server/src/graphql/limits.js';
import { annualReport, pickValues, type AnnualReport } from '../../server/src/report/report.service.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { displayPercent } from '../../server/src/analytics/rules.js';
import { flaggedDetail, formatDateTime } from '../../server/src/report/report-labels.js';
import { foreignWordsInContext } from '../support/japanese-text.js';
import { IndicatorValueType } from '../../server/src/indicator/indicator.type.js';
import { HEADER_ROW, isesakiColumns, reportWorkbookBuffer, displayWidth, FMT_PERCENT, FMT_THOUSANDS } from '../../server/src/report/report.xlsx.js';
import { reportQuery } from '../../server/src/http/reports.js';
import type { Dataset } from '../../server/src/dataset/format.js';
import { readDocument } from '../../dashboard/graphql-documents.mjs';

const ISESAKI = '102041';
const TOKOROZAWA = '112089';
const SAMPLE = '990001';

const seed = (name: string) => JSON.parse(readFileSync(resolve(__dirname, '../../data/seeds', name), 'utf8')) as Dataset;
// type-graphql loads graphql's CommonJS build; execute with the same instance (one realm).
const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let db: TestDatabase;
let schema: import('graphql').GraphQLSchema;
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  schema = await createSchema();
});
afterAll(async () => db?.drop());

/** The report as the API answers it (the /reports endpoint's query); year null: the server's choice. */
async function reportFromApi(code: string, year: number | null): Promise<AnnualReport> {
  const r = await cjs.graphql({ schema, source: reportQuery(schema), variableValues: { code, year }, contextValue: createContext(db.orm.em.fork()) });
  expect(r.errors?.map((e) => e.message) ?? []).toEqual([]);
  return (r.data as { annualReport: AnnualReport }).annualReport;
}

async function workbookFor(code: string, year: number, printedAt = new Date()): Promise<{ report: AnnualReport; wb: ExcelJS.Workbook }> {
  const report = await reportFromApi(code, year);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await reportWorkbookBuffer(report, printedAt)) as unknown as ArrayBuffer);
  return { report, wb };
}

/** Every cell's text, with its place. */
function cellTexts(wb: ExcelJS.Workbook): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => row.eachCell((c) => void out.push({ where: `${ws.name}!${c.address}`, text: c.text ?? '' })));
    out.push({ where: `${ws.name} (sheet name)`, text: ws.name });
  }
  return out;
}

/** Rows below the header as objects keyed by the header texts. */
/** A value as the report prints it: its parts one a line, or its text. */
const printed = (v: { text: string; parts?: { text: string }[] | null } | undefined): string | null => (v ? (v.parts?.length ? v.parts.map((p) => p.text).join('\n') : v.text) : null);

function rowsOf(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(HEADER_ROW).values as unknown[]).map((v) => (v == null ? '' : String(v)));
  const out: Record<string, unknown>[] = [];
  for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    if (!values.some((v) => v !== null && v !== undefined)) continue;
    const o: Record<string, unknown> = {};
    header.forEach((h, i) => h && (o[h] = values[i] ?? null));
    out.push(o);
  }
  return out;
}

function expectPrintReady(ws: ExcelJS.Worksheet) {
  const view = ws.views[0] as { state?: string; ySplit?: number };
  expect(view.state, ws.name).toBe('frozen');
  expect(view.ySplit, ws.name).toBe(HEADER_ROW);
  expect(ws.pageSetup.printTitlesRow, ws.name).toBe(`${HEADER_ROW}:${HEADER_ROW}`);
  expect(ws.pageSetup.paperSize, ws.name).toBe(9); // A4
  expect(ws.pageSetup.fitToPage, ws.name).toBe(true);
  expect(ws.pageSetup.fitToWidth, ws.name).toBe(1);
  expect(ws.autoFilter, ws.name).toBeTruthy();
}

describe('伊勢崎市 (102041) FY2022 workbook', () => {
  const data = seed('isesaki-004.json');
  let report: AnnualReport;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => ({ report, wb } = await workbookFor(ISESAKI, 2022)));

  it('has the summary, one sheet per 基本政策, indicators, differences, appendix and the city-layout sheet, all print-ready', async () => {
    const names = wb.worksheets.map((w) => w.name);
    const areas = await db.query<{ n: number }>(
      `select count(*)::int as n from policy_node pn join plan p on p.id = pn.plan_id join municipality m on m.id = p.municipality_id where m.code = $1 and pn.depth = 1`,
      [ISESAKI],
    );
    expect(report.areas).toHaveLength(areas[0]!.n);
    expect(names.slice(0, 2)).toEqual(['表紙', '概要']);
    expect(names).toEqual(expect.arrayContaining(['指標', '前年度からの変更', '付録', '成果・課題一覧（市の様式）']));
    expect(names.length).toBe(2 + areas[0]!.n + 4);
    for (const ws of wb.worksheets.slice(1)) expectPrintReady(ws);
    // the front page prints on one A4 landscape page
    const front = wb.getWorksheet('表紙')!;
    expect([front.pageSetup.paperSize, front.pageSetup.orientation, front.pageSetup.fitToWidth, front.pageSetup.fitToHeight]).toEqual([9, 'landscape', 1, 1]);
    expect(wb.getWorksheet('成果・課題一覧（市の様式）')!.pageSetup.orientation).toBe('landscape');
  });

  it('treats 施策 (depth 3) as the measures: every 施策 of the city is in the report', async () => {
    expect(report.measureDepth).toBe(3);
    expect(report.measureLevelName).toBe('施策');
    const n = data.policyNodes.filter((p) => p.depth === 3).length;
    expect(report.measures).toHaveLength(n);
    expect(report.indicators).toHaveLength(data.indicators.length);
  });

  it('reproduces the city’s columns with era-labelled years', () => {
    const ws = wb.getWorksheet('成果・課題一覧（市の様式）')!;
    const header = (ws.getRow(HEADER_ROW).values as unknown[]).slice(1);
    expect(header).toEqual(isesakiColumns(2022, 2024));
    expect(header.slice(0, 17)).toEqual([
      '基本政策', '政策', '施策名', '全体評価', '自己評価', '指標', '令和4年度実績値', '令和6年度目標値', '定量評価',
      '施策の展開', '主な取組', '成果', '課題', '定性評価', '次期計画で取り組むべき課題', '次期計画での取組の方向性', '施策代表課',
    ]);
  });

  it('1-1-1: 全体評価 A, 施策代表課 健康づくり課, 健康づくり事業への参加者数 5,900人 / 10,650人 / C at the city’s columns', () => {
    const ws = wb.getWorksheet('成果・課題一覧（市の様式）')!;
    const header = (ws.getRow(HEADER_ROW).values as unknown[]).map(String);
    const col = (h: string) => header.indexOf(h);
    let row: ExcelJS.Row | undefined;
    for (let r = HEADER_ROW + 1; r <= ws.rowCount && !row; r++) if (ws.getRow(r).getCell(col('施策名')).value === '1-1-1 健康づくりと疾病予防の推進') row = ws.getRow(r);
    expect(row).toBeDefined();
    // Column letters as the city's table orders them (A 基本政策 … Q 施策代表課).
    expect(row!.getCell('A').value).toBe('1');
    expect(row!.getCell('B').value).toBe('市民が健康で生き暮らせるまちをつくる');
    expect(row!.getCell('D').value).toBe('A');
    expect(String(row!.getCell('E').value)).toMatch(/^令和2年度から5年間の健康づくりの指針/);
    expect(row!.getCell('F').value).toBe('健康づくり事業への参加者数');
    expect(row!.getCell('G').value).toBe('5,900人');
    expect(row!.getCell('H').value).toBe('10,650人');
    expect(row!.getCell('I').value).toBe('C');
    expect(row!.getCell('J').value).toBe('市民の主体的な健康づくりへの支援');
    expect(row!.getCell('K').value).toBe('健康づくりの拠点整備');
    expect(row!.getCell('N').value).toBe('中');
    expect(row!.getCell('Q').value).toBe('健康づくり課');
    // the next rows of the same 施策: the other indicators and developments, measure cells empty
    const next = ws.getRow(row!.number + 1);
    expect(next.getCell('F').value).toBe('3歳児健診受診率');
    expect(next.getCell('G').value).toBe('93.6%');
    expect(next.getCell('H').value).toBe('95.0%');
    expect(next.getCell('I').value).toBe('B');
    expect(next.getCell('D').value).toBeNull();
    expect(next.getCell('J').value).toBe('母子保健サービスの充実');
    expect(ws.getRow(row!.number + 2).getCell('G').value).toBe('60.5人(R3年)');
  });

  it('every 施策’s 全体評価 and 施策代表課, and every indicator’s printed values and 定量評価, match the dataset', () => {
    const rows = rowsOf(wb.getWorksheet('成果・課題一覧（市の様式）')!);
    const goal = new Map(
      data.evaluations.filter((e) => e.scale === 'isesaki-goal' && 'policyNode' in e.subject).map((e) => [(e.subject as { policyNode: string }).policyNode, e.level]),
    );
    const outlook = new Map(
      data.evaluations.filter((e) => e.scale === 'isesaki-outlook' && 'indicator' in e.subject).map((e) => [(e.subject as { indicator: string }).indicator, e.level]),
    );
    let checked = 0;
    for (const node of data.policyNodes.filter((p) => p.depth === 3)) {
      const label = [node.code, node.name].filter(Boolean).join(' ');
      const mine = rows.filter((r) => r['施策名'] === label);
      expect(mine.length, label).toBeGreaterThan(0);
      expect(mine[0]!['全体評価'] ?? null, label).toBe(goal.get(node.key) ?? null);
      const lead = node.leadDepartment ? data.departments.find((d) => d.key === node.leadDepartment)?.name : null;
      if (lead) expect(mine[0]!['施策代表課'], label).toBe(lead);
      const inds = data.indicators.filter((i) => i.policyNode === node.key).sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
      inds.forEach((ind, k) => {
        const row = mine[k]!;
        expect(row['指標'], ind.key).toBe(ind.name);
        expect(row['令和4年度実績値'] ?? null, ind.key).toBe(printed(ind.values.find((v) => v.kind === 'actual' && v.fiscalYear === 2022)));
        expect(row['令和6年度目標値'] ?? null, ind.key).toBe(printed(ind.values.find((v) => v.kind === 'target' && v.fiscalYear === 2024)));
        expect(row['定量評価'], ind.key).toBe(outlook.get(ind.key) ?? '-');
        checked++;
      });
    }
    expect(checked).toBe(data.indicators.length);
  });

  it('prints a value in several parts as its parts, one a line (BOD at three rivers), in the city’s table, the indicator sheet and the API', () => {
    const bod = report.indicators.find((i) => i.name === 'BOD値')!;
    expect(bod.actualParts).toEqual(['広瀬川: 2.7mg/L', '粕川: 2.3mg/L', '早川上流: 1.3mg/L']);
    expect(bod.targetParts).toEqual(['広瀬川: 3.0mg/L', '粕川: 2.0mg/L', '早川上流: 2.0mg/L']);
    const city = rowsOf(wb.getWorksheet('成果・課題一覧（市の様式）')!).find((r) => r['指標'] === 'BOD値')!;
    expect(city['令和4年度実績値']).toBe('広瀬川: 2.7mg/L\n粕川: 2.3mg/L\n早川上流: 1.3mg/L');
    expect(city['令和6年度目標値']).toBe('広瀬川: 3.0mg/L\n粕川: 2.0mg/L\n早川上流: 2.0mg/L');
    const ws = wb.getWorksheet('指標')!;
    const header = (ws.getRow(HEADER_ROW).values as unknown[]).map(String);
    let cell: ExcelJS.Cell | undefined;
    for (let r = HEADER_ROW + 1; r <= ws.rowCount && !cell; r++) if (ws.getRow(r).getCell(header.indexOf('指標名')).value === 'BOD値') cell = ws.getRow(r).getCell(header.indexOf('実績値（印字）'));
    expect(cell?.value).toBe('広瀬川: 2.7mg/L\n粕川: 2.3mg/L\n早川上流: 1.3mg/L');
    // The cell wraps, so each part stands on its own line.
    expect(cell?.alignment?.wrapText).toBe(true);
    // A single value keeps its printed text and has no parts.
    const one = report.indicators.find((i) => i.name === '健康づくり事業への参加者数')!;
    expect([one.actualText, one.actualParts]).toEqual(['5,900人', []]);
  });

  it('the numbers the source document prints for 1-1-1 are the ones in the workbook', () => {
    const line28 = readSourceLines('004_e1a3054432cb96ea.txt')[27]!.split('\t');
    expect(line28).toEqual(expect.arrayContaining(['1-1-1 健康づくりと疾病予防の推進', 'A', '健康づくり事業への参加者数', '5,900人', '10,650人', 'C', '健康づくり課']));
  });

  it('indicators sheet: numbers with formats, achievement as a percent computed from the database values', async () => {
    const ws = wb.getWorksheet('指標')!;
    const rows = rowsOf(ws);
    const dbRows = await db.query<{ name: string; actual: number; target: number }>(
      `select i.name, a.value as actual, t.value as target
         from indicator i join municipality m on m.id = i.municipality_id
         join indicator_value a on a.indicator_id = i.id and a.kind = 'actual' and a.fiscal_year = 2022
         join indicator_value t on t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year = 2024
        where m.code = $1 and i.direction = 'higher_is_better' and a.value is not null and t.value is not null and t.qualifier is null`,
      [ISESAKI],
    );
    expect(dbRows.length).toBeGreaterThan(20);
    for (const d of dbRows) {
      const row = rows.find((r) => r['指標名'] === d.name)!;
      expect(row, d.name).toBeDefined();
      expect(row['実績値']).toBe(d.actual);
      expect(row['目標値']).toBe(d.target);
      // as a person reads it: one decimal, never rounded up onto a whole percent (99.99 % shows 99.9 %)
      expect(row['達成率'] as number).toBeCloseTo(displayPercent((d.actual / d.target) * 100) / 100, 9);
    }
    const header = (ws.getRow(HEADER_ROW).values as unknown[]).map(String);
    const first = ws.getRow(HEADER_ROW + 1);
    expect(first.getCell(header.indexOf('達成率')).numFmt).toBe(FMT_PERCENT);
    expect(first.getCell(header.indexOf('実績値')).numFmt).toBe(FMT_THOUSANDS); // 5,900
  });

  it('appendix lists the ratings that disagree with the city’s rule (1-1-1 参加者数: printed C, 55.4 % → D)', () => {
    const rows = rowsOf(wb.getWorksheet('付録')!);
    const r = rows.find((x) => x['区分'] === 'ルールと不一致' && x['対象'] === '健康づくり事業への参加者数');
    expect(r).toBeDefined();
    expect(r!['記載の評価・値']).toBe('C');
    expect(r!['ルールによる評価']).toBe('D');
    expect(String(r!['説明・備考'])).toContain('55.4%');
    expect(rows.filter((x) => x['区分'] === 'ルールと不一致')).toHaveLength(report.appendix.ruleDisagreements.length);
    // every record the dataset marks uncertain within the plan's nodes is listed
    const uncertainNodes = data.policyNodes.filter((p) => p.provenance?.uncertain).length;
    expect(rows.filter((x) => x['区分'] === '要確認（出典で確定できない）' && x['種類'] === '施策体系')).toHaveLength(uncertainNodes);
  });

  it('column widths count full-width characters as two', () => {
    expect(displayWidth('施策代表課')).toBe(10);
    expect(displayWidth('5,900人')).toBe(7);
    const ws = wb.getWorksheet('成果・課題一覧（市の様式）')!;
    expect(ws.getColumn('Q').width).toBeGreaterThanOrEqual(displayWidth('健康づくり課'));
  });
});

describe('所沢市 (112089) FY2017 workbook', () => {
  const data = seed('tokorozawa-002.json');
  let report: AnnualReport;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => ({ report, wb } = await workbookFor(TOKOROZAWA, 2017)));

  it('reports the 重点課題 plan with its 7 projects: settled amount H29, budget H30, outcome and achievement', () => {
    expect(report.planName).toBe('総合的に取り組む重点課題');
    expect(report.fiscalYear.label).toBe('平成29年度');
    const ws = wb.getWorksheet('事業')!;
    expectPrintReady(ws);
    const header = (ws.getRow(HEADER_ROW).values as unknown[]).map(String);
    expect(header).toContain('平成29年度決算額（千円）');
    const rows = rowsOf(ws);
    expect(rows).toHaveLength(data.projects.length);
    for (const p of data.projects) {
      const row = rows.find((r) => r['事業名'] === p.name)!;
      expect(row, p.name).toBeDefined();
      const settled = p.amounts.find((a) => a.kind === 'settled' && a.fiscalYear === 2017)!;
      const budget = p.amounts.find((a) => a.kind === 'budget' && a.fiscalYear === 2018)!;
      expect(row['平成29年度決算額（千円）']).toBe(settled.thousandYen);
      expect(row['予算額（千円）']).toBe(budget.thousandYen);
      expect(row['予算の年度']).toBe('平成30年度');
      const ind = data.indicators.find((i) => i.key === p.outcomeIndicator)!;
      const actual = ind.values.find((v) => v.kind === 'actual' && v.fiscalYear === 2017)!;
      const target = ind.values.find((v) => v.kind === 'target' && v.fiscalYear === 2017)!;
      expect(row['成果指標']).toBe(ind.name);
      expect(row['実績値']).toBe(actual.value);
      expect(row['目標値']).toBe(target.value);
      // the rate the sheet computes rounds to the one the document prints (91%, 101%, 75% …)
      expect(Math.round((row['達成率'] as number) * 100)).toBe(actual.printedAchievement);
      expect(row['達成率（記載）']).toBe(actual.printedAchievementText);
    }
    const amountCell = ws.getRow(HEADER_ROW + 1).getCell(header.indexOf('平成29年度決算額（千円）'));
    expect(amountCell.numFmt).toBe('#,##0');
  });

  it('KPIs: 地域活動への関心度 50.2 / 53.6 = 93.7 % as printed', () => {
    const rows = rowsOf(wb.getWorksheet('指標')!);
    const r = rows.find((x) => x['指標名'] === '地域活動への関心度')!;
    expect(r['実績値']).toBe(50.2);
    expect(r['目標値']).toBe(53.6);
    expect(Math.round((r['達成率'] as number) * 1000) / 10).toBe(93.7);
    expect(r['達成率（記載）']).toBe('93.7%');
    expect(r['基準値']).toBe(49.1);
  });

  it('has no 伊勢崎 layout sheet and one area sheet for the 重点課題 with both stages’ texts', () => {
    expect(wb.getWorksheet('成果・課題一覧（市の様式）')).toBeUndefined();
    const area = wb.getWorksheet('絆を紡ぐまちづくり')!;
    const rows = rowsOf(area);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!['評価の文章'])).toContain('【政策会議・評価コメント】防犯灯のＬＥＤ化事業');
  });
});

describe('サンプル市 (generated): differences from the previous year', () => {
  it('compares FY2023 with FY2022: moved ratings and changed actuals match SQL', async () => {
    const { report, wb } = await workbookFor(SAMPLE, 2023);
    expect(report.generated).toBe(true);
    expect(report.previousFiscalYear?.year).toBe(2022);
    const [moved] = await db.query<{ n: number }>(
      `select count(*)::int as n
         from evaluation a join evaluation b
           on b.municipality_id = a.municipality_id and b.subject_kind = a.subject_kind and b.stage = a.stage and b.scale_id = a.scale_id
          and coalesce(b.policy_node_id, b.indicator_id, b.project_id) = coalesce(a.policy_node_id, a.indicator_id, a.project_id)
         join rating_level la on la.id = a.level_id join rating_level lb on lb.id = b.level_id
         join municipality m on m.id = a.municipality_id
        where m.code = $1 and a.fiscal_year = 2023 and b.fiscal_year = 2022 and la.code <> lb.code`,
      [SAMPLE],
    );
    expect(report.differences.ratingChanges).toHaveLength(moved!.n);
    const rows = rowsOf(wb.getWorksheet('前年度からの変更')!);
    expect(rows.filter((r) => r['区分'] === '評価の変更')).toHaveLength(moved!.n);
    expect(String(wb.getWorksheet('概要')!.getCell(2, 1).value)).toContain('生成データ');
    // the summary compares with last year's counts
    expect(report.summary.ratings.every((s) => s.previousTotal !== null)).toBe(true);
  });
  it('every indicator’s baseline, target and actual are those picked from all its values, in every year (the report reads only the ones a year can pick)', async () => {
    for (const code of [SAMPLE, ISESAKI]) {
      const [{ id }] = await db.query<{ id: number }>(`select id from municipality where code = $1`, [code]);
      const all = await db.query<Record<string, unknown>>(`select * from indicator_value where municipality_id = $1 order by indicator_id, fiscal_year, kind`, [id]);
      const valuesOf = new Map<string, IndicatorValueType[]>();
      for (const v of all) valuesOf.set(String(v.indicator_id), [...(valuesOf.get(String(v.indicator_id)) ?? []), IndicatorValueType.fromRow(v)]);
      const [scale] = await db.query<{ rule: unknown }>(`select rule from rating_scale where municipality_id = $1 and rule->>'kind' = 'achievementBands' order by id limit 1`, [id]);
      const rule = scale?.rule ?? null;
      const years = await db.query<{ y: number }>(`select distinct fiscal_year as y from evaluation where municipality_id = $1 order by 1`, [id]);
      expect(years.length).toBeGreaterThan(0);
      for (const { y } of years) {
        const report = await annualReport(db.orm.em.fork(), { municipalityCode: code, fiscalYear: y });
        expect(report.indicators.length).toBeGreaterThan(0);
        for (const i of report.indicators) {
          const p = pickValues(valuesOf.get(i.id) ?? [], y, rule as never);
          expect([i.baselineValue, i.targetYear, i.targetValue, i.actualValue], `${code} ${y} ${i.name}`).toEqual([
            p.baseline?.value ?? null,
            p.target?.fiscalYear.year ?? null,
            p.target?.value ?? null,
            p.actual?.value ?? null,
          ]);
        }
      }
    }
  });
});


describe('GraphQL', () => {
  it('the dashboard’s report query and the file endpoints’ full query pass the API limits', () => {
    // The committed schema (same graphql realm as the limits module).
    const schema = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));
    const dashboardQuery = readDocument(resolve(__dirname, '../../dashboard/src/features/report/graphql/get_annual_report.query.graphql'));
    expect(() => checkRequest(schema, { query: dashboardQuery, variables: { code: ISESAKI, year: 2022 } })).not.toThrow();
    expect(() => checkRequest(schema, { query: reportQuery(schema), variables: { code: ISESAKI, year: 2022 } })).not.toThrow();
  });
});

describe('records to check (appendix)', () => {
  // The statement as first written over the view evaluation_subject (the reference the faster
  // statement, which starts from each table's uncertain rows, must agree with).
  const reference = (allGenerated: boolean) => {
    const flag = (a: string) => (allGenerated ? `${a}.uncertain` : `(${a}.uncertain or coalesce(sd.generated, false))`);
    const cols = (a: string) => `${a}.source_note as note, ${a}.source_line as line, sd.title as doc, (not ${a}.uncertain and coalesce(sd.generated, false)) as generated`;
    return `with nodes as (select id, sort_order from policy_node where municipality_id = $1 and plan_id = $2),
      inds as (select i.* from indicator i left join project p on p.id = i.project_id
                where i.municipality_id = $1 and coalesce(i.policy_node_id, p.policy_node_id) in (select id from nodes)),
      projs as (select p.* from project p where p.municipality_id = $1 and p.policy_node_id in (select id from nodes))
     select * from (
       select 1 as o, 'plan' as kind, pl.name as subject, null::int as d_year, null::text as d_what, null::text as d_text, ${cols('pl')}, 0 as s1, pl.id as s2
         from plan pl left join source_document sd on sd.id = pl.source_document_id where pl.id = $2 and ${flag('pl')}
       union all select 2, 'policy_node', concat_ws(' ', pn.code, pn.name), null, null, null, ${cols('pn')}, pn.sort_order, pn.id
         from policy_node pn left join source_document sd on sd.id = pn.source_document_id where pn.plan_id = $2 and ${flag('pn')}
       union all select 3, 'indicator', i.name, null, null, null, ${cols('i')}, i.sort_order, i.id
         from inds i left join source_document sd on sd.id = i.source_document_id where ${flag('i')}
       union all select 4, 'indicator_value', i.name, v.fiscal_year, v.kind::text, v.text, ${cols('v')}, v.fiscal_year, v.id
         from indicator_value v join inds i on i.id = v.indicator_id left join source_document sd on sd.id = v.source_document_id where ${flag('v')}
       union all select 5, 'project', p.name, null, null, null, ${cols('p')}, p.sort_order, p.id
         from projs p left join source_document sd on sd.id = p.source_document_id where ${flag('p')}
       union all select 6, 'project_amount', p.name, a.fiscal_year, a.kind::text, a.text, ${cols('a')}, a.fiscal_year, a.id
         from project_amount a join projs p on p.id = a.project_id left join source_document sd on sd.id = a.source_document_id where ${flag('a')}
       union all select 7, 'evaluation', es.subject_name, e.fiscal_year, e.stage::text, es.level_code, ${cols('e')}, 0, e.id
         from evaluation e join evaluation_subject es on es.id = e.id left join source_document sd on sd.id = e.source_document_id
        where e.municipality_id = $1 and es.plan_id = $2 and e.fiscal_year = $3 and ($4::text is null or e.stage::text = $4::text) and ${flag('e')}
     ) x order by o, s1, s2`;
  };

  it('lists the same records as the statement over the view, for every city, plan, year and stage', async () => {
    // The seeds flag nodes, indicators, values and evaluations; flag a project, an amount and a
    // document as well (restored below) so that every branch of the statement lists something.
    const [project] = await db.query<{ id: number; amount: number }>(
      `select p.id, (select min(a.id) from project_amount a where a.project_id = p.id) as amount
         from project p join municipality m on m.id = p.municipality_id
        where not m.generated and p.policy_node_id is not null and not p.uncertain and exists (select 1 from project_amount a where a.project_id = p.id)
        order by p.id limit 1`,
    );
    const [document] = await db.query<{ id: number }>(
      `select d.id from source_document d join municipality m on m.id = d.municipality_id where not m.generated and not d.generated order by d.id limit 1`,
    );
    expect(project && document).toBeTruthy();
    await db.query(`update project set uncertain = true where id = $1`, [project!.id]);
    await db.query(`update project_amount set uncertain = true where id = $1`, [project!.amount]);
    await db.query(`update source_document set generated = true where id = $1`, [document!.id]);
    try {
      await compareEveryReport();
    } finally {
      await db.query(`update project set uncertain = false where id = $1`, [project!.id]);
      await db.query(`update project_amount set uncertain = false where id = $1`, [project!.amount]);
      await db.query(`update source_document set generated = false where id = $1`, [document!.id]);
    }
  });

  async function compareEveryReport() {
    const cases = await db.query<{ id: number; code: string; generated: boolean; plan_id: number; year: number; stage: string }>(
      `select distinct m.id, m.code, m.generated, es.plan_id, es.fiscal_year as year, es.stage::text as stage
         from evaluation_subject es join municipality m on m.id = es.municipality_id where es.plan_id is not null order by 2, 4, 5, 6`,
    );
    expect(new Set(cases.map((c) => c.code)).size).toBeGreaterThanOrEqual(4);
    let listed = 0;
    const seen = new Set<string>();
    for (const c of cases) {
      for (const stage of [null, c.stage]) {
        const report = await annualReport(db.orm.em.fork(), { municipalityCode: c.code, fiscalYear: c.year, planId: c.plan_id, stage: stage as never });
        const rows = await db.query<Record<string, unknown>>(reference(c.generated), [c.id, c.plan_id, c.year, stage]);
        const expected = rows.map((r) => ({
          kind: r.kind,
          subject: r.subject,
          detail: r.d_year == null ? null : flaggedDetail(String(r.kind), Number(r.d_year), (r.d_what as string | null) ?? null, (r.d_text as string | null) ?? null),
          reason: r.generated ? 'generated' : 'uncertain',
          note: r.note ?? null,
          document: r.doc ?? null,
          line: r.line ?? null,
        }));
        expect(report.appendix.flagged.map((f) => ({ ...f })), `${c.code} plan ${c.plan_id} ${c.year} ${stage ?? 'all'}`).toEqual(expected);
        listed += expected.length;
        for (const e of expected) seen.add(String(e.kind)).add(e.reason);
      }
    }
    expect(listed).toBeGreaterThan(0);
    for (const k of ['policy_node', 'indicator', 'indicator_value', 'project', 'project_amount', 'evaluation', 'generated']) expect(seen, k).toContain(k);
  }
});

describe('Japanese outputs: every cell of the workbook, for every bundled city', () => {
  it('no Latin word outside the reviewed list, no enum value, no English label (a year with data of each city, and サンプル市 with its previous year)', async () => {
    const cities = await db.query<{ code: string }>(`select code from municipality order by code`);
    expect(cities.length).toBeGreaterThanOrEqual(5);
    const cases: [string, number | null][] = [...cities.map((c) => [c.code, null] as [string, null]), [SAMPLE, 2023]];
    const problems: string[] = [];
    let cells = 0;
    for (const [code, year] of cases) {
      const report = await reportFromApi(code, year);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await reportWorkbookBuffer(report)) as unknown as ArrayBuffer);
      for (const c of cellTexts(wb)) {
        cells++;
        for (const w of foreignWordsInContext(c.text)) problems.push(`${code} ${report.fiscalYear.year} ${c.where}: ${w}`);
      }
      // the stage columns print the stages' names (the API sends SELF; the workbook once printed it 172 times)
      // (the rows of the distribution: the band table below it leaves the column empty)
      const stages = rowsOf(wb.getWorksheet('概要')!).map((r) => r['評価段階']).filter((s) => s != null);
      if (report.summary.ratings.length) expect(stages.length, code).toBeGreaterThan(0);
      for (const s of stages) expect(['一次評価', '二次評価', '外部評価', '政策会議'], `${code} 概要`).toContain(s);
    }
    expect(cells).toBeGreaterThan(5000);
    expect(problems.slice(0, 30)).toEqual([]);
  }, 120_000);
});

describe('the front page (表紙)', () => {
  /** The 表紙 sheet's text, row by row. */
  const frontText = (wb: ExcelJS.Workbook) => {
    const ws = wb.getWorksheet('表紙')!;
    const lines: string[] = [];
    ws.eachRow((row) => void lines.push((row.values as unknown[]).filter((v) => v !== null && v !== undefined).map(String).join(' ')));
    return lines.join('\n');
  };

  it('is the first sheet; prints when the file was made and, apart, when the data was read', async () => {
    const printedAt = new Date('2024-04-01T00:40:00Z'); // 9:40 in Japan
    const { report, wb } = await workbookFor(ISESAKI, 2022, printedAt);
    expect(wb.worksheets[0]!.name).toBe('表紙');
    expect(wb.created.getTime()).toBe(printedAt.getTime());
    const text = frontText(wb);
    expect(text).toContain(`作成日時：${formatDateTime(printedAt)}`);
    expect(formatDateTime(printedAt)).toBe('令和6年4月1日 09:40');
    expect(text).toContain(`データの集計日時：${formatDateTime(new Date(report.generatedAt))}`);
  });

  it('伊勢崎市 FY2022: measures by rating as the database counts them; indicators at target; no previous year said in words', async () => {
    const { report, wb } = await workbookFor(ISESAKI, 2022);
    const h = report.frontPage.headline!;
    expect([h.scaleName, h.stage]).toEqual(['施策の目標（全体評価）', 'SELF']);
    const counts = await db.query<{ code: string; n: number }>(
      `select l.code, count(*)::int as n from evaluation e join rating_level l on l.id = e.level_id join rating_scale rs on rs.id = e.scale_id
         join policy_node pn on pn.id = e.policy_node_id join municipality m on m.id = e.municipality_id
        where m.code = $1 and e.fiscal_year = 2022 and e.stage = 'self' and rs.key = 'isesaki-goal' and pn.depth = 3 group by 1`,
      [ISESAKI],
    );
    expect(Object.fromEntries(h.levels.map((l) => [l.code, l.count]))).toEqual({ A: 0, B: 0, C: 0, D: 0, ...Object.fromEntries(counts.map((c) => [c.code, c.n])) });
    expect(h.rated).toBe(counts.reduce((s, c) => s + c.n, 0));
    expect(h.measureCount).toBe(41);
    const ind = report.frontPage.indicators;
    expect([ind.total, ind.measured]).toEqual([73, 66]);
    expect(ind.achieved).toBe(report.indicators.filter((i) => i.achievement !== null && i.achievement >= 100 - 1e-9).length);
    expect(report.frontPage.changes).toBeNull();
    const text = frontText(wb);
    expect(text).toContain(`評価のあるもの${h.rated}件、${h.levels.map((l) => `${l.code} ${l.count}件`).join('・')}`);
    expect(text).toContain(`${ind.achieved}件（達成率を計算できた66件のうち`);
    expect(text).toContain('令和4年度より前に評価のある年度がないため、比較はありません。');
    // the five areas with the most C/D measures, in that order
    const lowest = report.frontPage.lowestAreas;
    expect(lowest.length).toBeLessThanOrEqual(5);
    expect(report.frontPage.laggingLevels).toEqual(['C', 'D']);
    for (let i = 1; i < lowest.length; i++) expect(lowest[i - 1]!.lagging).toBeGreaterThanOrEqual(lowest[i]!.lagging);
    for (const a of lowest) expect(text).toContain(`C・D ${a.lagging}件／評価のある施策 ${a.rated}件`); // 伊勢崎's measures are its 施策
  });

  it('サンプル市 FY2023: the change since FY2022 as SQL counts it, ups and downs by the levels’ order', async () => {
    const { report, wb } = await workbookFor(SAMPLE, 2023);
    const h = report.frontPage.headline!;
    const [moves] = await db.query<{ up: number; down: number; same: number }>(
      `select count(*) filter (where lb.sort_order > la.sort_order)::int as up, count(*) filter (where lb.sort_order < la.sort_order)::int as down,
              count(*) filter (where lb.sort_order = la.sort_order)::int as same
         from evaluation a join evaluation b on b.policy_node_id = a.policy_node_id and b.scale_id = a.scale_id and b.stage = a.stage and b.fiscal_year = 2022
         join rating_level la on la.id = a.level_id join rating_level lb on lb.id = b.level_id
         join rating_scale rs on rs.id = a.scale_id join policy_node pn on pn.id = a.policy_node_id join municipality m on m.id = a.municipality_id
        where m.code = $1 and a.fiscal_year = 2023 and a.stage = $2::evaluation_stage and rs.key = $3 and pn.depth = $4`,
      [SAMPLE, h.stage.toLowerCase(), h.scaleKey, report.measureDepth],
    );
    expect(report.frontPage.changes).toEqual({ compared: moves!.up + moves!.down + moves!.same, up: moves!.up, down: moves!.down, unchanged: moves!.same });
    expect(h.previousRated).toBe(moves!.up + moves!.down + moves!.same + 0 || h.previousRated);
    expect(frontText(wb)).toContain(`上がった${moves!.up}件・下がった${moves!.down}件・変わらない${moves!.same}件`);
    // the bars: one row of coloured cells per year,令和4年度 above 令和5年度
    const ws = wb.getWorksheet('表紙')!;
    const barRows: string[] = [];
    ws.eachRow((row) => {
      const label = String(row.getCell(1).value ?? '');
      if (/^令和[45]年度$/.test(label) && row.getCell(2).fill?.type === 'pattern') barRows.push(label);
    });
    expect(barRows).toEqual(['令和4年度', '令和5年度']);
  });

  it('a city with no ratings (香取市) says so, and still shows its indicators', async () => {
    const { report, wb } = await workbookFor('122360', 2022);
    expect(report.frontPage.headline).toBeNull();
    expect(report.frontPage.indicators.total).toBeGreaterThan(0);
    const text = frontText(wb);
    expect(text).toContain('令和4年度に評価（A・Bなどの判定）のついた小施策はありません。');
    expect(text).toContain('達成率を計算できる指標はありません');
  });
});

describe('the report’s year when none is given', () => {
  it('is each city’s latest year with evaluations, else with actual values, else with baselines', async () => {
    const rows = await db.query<{ code: string; expected: number }>(
      `select m.code, coalesce((select max(fiscal_year) from evaluation e where e.municipality_id = m.id),
                               (select max(fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'actual' and v.value is not null),
                               (select max(fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'baseline')) as expected
         from municipality m order by m.code`,
    );
    const got = await Promise.all(rows.map(async (r) => [r.code, (await reportFromApi(r.code, null)).fiscalYear.year]));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(rows.map((r) => [r.code, r.expected])));
    // as the cities' documents have them
    expect(Object.fromEntries(got)).toMatchObject({ [ISESAKI]: 2022, [TOKOROZAWA]: 2017, '142182': 2023, '122360': 2022 });
    // and a report of another year names it
    expect((await reportFromApi('122360', 2027)).suggestedFiscalYear?.year).toBe(2022);
  });
});
