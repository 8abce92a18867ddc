import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dataset as datasetSchema, type Dataset, type DatasetInput } from '../../server/src/dataset/format.js';
import { parseJsonDataset } from '../../server/src/dataset/read.js';
import type { Problem } from '../../server/src/dataset/validate.js';
import { SHEETS, readWorkbook, writeWorkbook } from '../../server/src/dataset/xlsx.js';

const seedsDir = join(import.meta.dirname, '../../data/seeds');

/** A small dataset touching every sheet and the awkward cases of each cell kind. */
const handMade: DatasetInput = {
  formatVersion: 1,
  municipality: { code: '102041', name: '伊勢崎市', nameKana: 'いせさきし', prefecture: '群馬県' },
  documents: [
    { key: 'doc-1', title: '施策評価シート', file: 'a.txt', url: 'https://example.jp/a.pdf', issuedOn: '2023-08-01' },
    { key: 'doc-2', title: '生成した文書', generated: true },
  ],
  plans: [
    { key: 'sogo', name: '総合計画', kind: 'comprehensive', startYear: 2018, endYear: 2027, levels: ['基本政策', '政策', '施策'], provenance: { document: 'doc-1', line: 3, lineEnd: 5, page: 2, note: '期間は表紙から', uncertain: false } },
    { key: 'kouki', name: '後期基本計画', kind: 'basic', parent: 'sogo', startYear: 2023, endYear: 2027, levels: ['A > B', '＞C'], provenance: { document: 'doc-1', uncertain: true } },
  ],
  departments: [
    { key: 'bu', name: '企画部', kind: '部' },
    { key: 'ka', name: '企画調整課', parent: 'bu', provenance: { document: 'doc-1', line: 10 } },
    { key: 'ka、2', name: '市民協働課' },
  ],
  ratingScales: [
    {
      key: 'outlook',
      name: '指標の見込み',
      subjectKind: 'indicator',
      levels: [
        { code: 'A', label: '達成', score: 3, color: '#1a9850' },
        { code: 'B', label: '概ね達成', score: 2 },
        { code: 'C', label: 'やや遅れ', score: 1 },
        { code: 'D', label: '未達', score: 0, description: '60%未満' },
        { code: '-', label: '測定不能' },
      ],
      rule: { kind: 'achievementBands', bands: [{ level: 'A', minPercent: 100 }, { level: 'B', minPercent: 80 }, { level: 'C', minPercent: 60 }, { level: 'D', minPercent: 0 }], unmeasuredLevel: '-' },
      provenance: { document: 'doc-1', line: 20 },
    },
    {
      key: 'progress',
      name: '進捗',
      description: '施策の進捗',
      subjectKind: 'policy_node',
      levels: [{ code: '高', label: '高', score: 3 }, { code: '中', label: '中', score: 2 }, { code: '低', label: '低', score: 1 }],
      rule: { kind: 'meanScore', inputScale: 'progress', inputs: 'children', thresholds: [{ level: '高', min: 2.5, inclusive: false }, { level: '中', min: 1.5, inclusive: false }], otherwise: '低' },
      provenance: { document: 'doc-1' },
    },
  ],
  policyNodes: [
    { key: 'p1', plan: 'sogo', depth: 1, code: '1', name: '安全なまち', provenance: { document: 'doc-1', line: 30 } },
    { key: 'p1-1', plan: 'sogo', parent: 'p1', depth: 2, code: '1-1', name: '防災', description: '　全角空白で始まる説明\n二行目 ', leadDepartment: 'ka', relatedDepartments: ['bu', 'ka、2'], priority: true, sortOrder: 2, provenance: { document: 'doc-1', line: 31 } },
    { key: 'p1-2', plan: 'sogo', parent: 'p1', depth: 2, code: '007', name: '防犯', relatedDepartments: ['bu', 'ka'], provenance: { document: 'doc-2' } },
  ],
  projects: [
    { key: 'j1', policyNode: 'p1-1', name: '防災訓練事業', department: 'ka', outcomeIndicator: 'i2', amounts: [{ fiscalYear: 2022, kind: 'settled', thousandYen: 1234.5, text: '1,234.5千円' }, { fiscalYear: 2023, kind: 'budget', thousandYen: null, text: '' }], provenance: { document: 'doc-1' } },
  ],
  indicators: [
    {
      key: 'i1',
      policyNode: 'p1-1',
      name: '訓練参加者数',
      unit: '人',
      direction: 'higher_is_better',
      kind: 'outcome',
      source: '危機管理課調べ',
      isKpi: true,
      sortOrder: 1,
      values: [
        { fiscalYear: 2016, kind: 'baseline', value: 100, text: '100' },
        { fiscalYear: 2022, kind: 'actual', value: 60.5, text: '60.5人(R3年)', observedYear: 2021, yearNote: '(R3年)', printedAchievement: 93.7, printedAchievementText: '93.7%', provenance: { document: 'doc-1', line: 40 } },
        { fiscalYear: 2027, kind: 'target', value: 30, text: '30％以内', qualifier: 'at_most' },
        { fiscalYear: 2024, kind: 'target', value: 70, text: '70人 (H30-R6)', spanFrom: 2018, spanTo: 2024 },
        { fiscalYear: 2023, kind: 'actual', value: null, text: 'ー' },
      ],
      provenance: { document: 'doc-1', line: 39 },
    },
    { key: 'i2', project: 'j1', name: '受講率', direction: 'lower_is_better', kind: 'activity', provenance: { document: 'doc-1' } },
  ],
  evaluations: [
    { subject: { policyNode: 'p1-1' }, fiscalYear: 2022, stage: 'self', scale: 'progress', level: '高', achievement: '達成', issues: '課題', response: '対応', comment: 'コメント', request: '要望', otherTexts: { 次期計画で取り組むべき課題: '…', 'その他 ': ' x' }, evaluator: '企画調整課', evaluatedOn: '2023-06-30', provenance: { document: 'doc-1', line: 50 } },
    { subject: { indicator: 'i1' }, fiscalYear: 2022, stage: 'secondary', scale: 'outlook', level: '-', provenance: { document: 'doc-1' } },
    { subject: { project: 'j1' }, fiscalYear: 2022, stage: 'external', level: null, comment: '文章だけ', provenance: { document: 'doc-1' } },
    { subject: { indicator: 'i1' }, fiscalYear: 2023, stage: 'council', scale: 'outlook', level: null, provenance: { document: 'doc-1' } },
  ],
  departmentPolicies: [
    { key: 'dp1', department: 'bu', fiscalYear: 2023, basicApproach: '', initiatives: [{ category: '財務体質の強化', title: '歳出の見直し', body: '内容' }, { category: '個別課題', title: '本文なし', provenance: { document: 'doc-1', line: 60 } }], provenance: { document: 'doc-1' } },
    { key: 'dp2', department: 'ka', fiscalYear: 2023, basicApproach: '基本的考え方', provenance: { document: 'doc-1' } },
  ],
};

const parsed = (d: DatasetInput): Dataset => datasetSchema.parse(d);

/** Loads a workbook, lets a function change it, and writes it again. */
async function edit(buf: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0]);
  change(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}

function problemsOf(r: Awaited<ReturnType<typeof readWorkbook>>): Problem[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

describe('dataset workbook (xlsx)', () => {
  it('round-trips a hand-made dataset covering every sheet', async () => {
    const d = parsed(handMade);
    const back = await readWorkbook(await writeWorkbook(d));
    expect(back.problems).toEqual([]);
    expect(back.ok && back.dataset).toEqual(d);
  });

  const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.json')) : [];
  it.each(seeds)('round-trips the seed %s', async (file) => {
    const json = parseJsonDataset(readFileSync(join(seedsDir, file)));
    // Seeds still being written by others may not validate yet; those are not this test's concern.
    if (!json.ok) return;
    const back = await readWorkbook(await writeWorkbook(json.dataset));
    expect(back.problems).toEqual([]);
    expect(back.ok && back.dataset).toEqual(json.dataset);
  });

  it('writes Japanese sheet names, headers and enum labels, with bold frozen headers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeWorkbook(parsed(handMade))) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEETS.map((s) => s.name), '説明']);
    const ev = wb.getWorksheet('評価')!;
    expect(ev.getRow(1).getCell(1).value).toBe('対象種別');
    expect(ev.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ev.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ev.getRow(2).getCell(1).value).toBe('施策');
    expect(ev.getRow(2).getCell(4).value).toBe('一次評価');
    expect(wb.getWorksheet('計画')!.getRow(2).getCell(7).value).toBe('基本政策 > 政策 > 施策');
    expect(wb.getWorksheet('指標値')!.getRow(2).getCell(3).value).toBe('基準値');
    expect(wb.getWorksheet('事業費')!.getRow(2).getCell(3).value).toBe('決算額');
  });

  it('reads the empty template back as "municipality missing" problems, not a crash', async () => {
    const problems = problemsOf(await readWorkbook(await writeWorkbook(null)));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'municipality', sheet: '自治体' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'documents', sheet: '出典文書' }));
    for (const p of problems) expect(p.ja && p.en).toBeTruthy();
  });

  it('names sheet, row and column for text in a number column', async () => {
    const buf = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      wb.getWorksheet('指標値')!.getCell('D3').value = '六十';
    });
    const problems = problemsOf(await readWorkbook(buf));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ sheet: '指標値', row: 3, column: 'D（値）', path: 'indicators[0].values[1].value' });
    expect(problems[0]!.ja).toContain('数値');
    expect(problems[0]!.en).toContain('number');
  });

  it('locates schema and cross-record problems at the cell', async () => {
    const buf = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      wb.getWorksheet('施策体系')!.getCell('H3').value = 'no-such-department';
      wb.getWorksheet('評価')!.getCell('D3').value = '三次評価';
      wb.getWorksheet('計画')!.getCell('E2').value = 1800;
    });
    const problems = problemsOf(await readWorkbook(buf));
    expect(problems).toContainEqual(expect.objectContaining({ sheet: '評価', row: 3, column: 'D（評価区分）' }));
    expect(problems).toContainEqual(expect.objectContaining({ sheet: '計画', row: 2, column: 'E（開始年度）', path: 'plans[0].startYear' }));
    // Cross-record checks run once the schema passes.
    const onlyRef = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      wb.getWorksheet('施策体系')!.getCell('H3').value = 'no-such-department';
    });
    expect(problemsOf(await readWorkbook(onlyRef))).toEqual([
      expect.objectContaining({ sheet: '施策体系', row: 3, column: 'H（主管課）', path: 'policyNodes[1].leadDepartment' }),
    ]);
  });

  it('accepts English codes, ○ flags, date cells, numbers in text columns and skips empty rows', async () => {
    const buf = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      const ev = wb.getWorksheet('評価')!;
      ev.getCell('A2').value = 'policy_node';
      ev.getCell('D2').value = 'self';
      ev.getCell('N2').value = new Date(Date.UTC(2023, 5, 30));
      const nodes = wb.getWorksheet('施策体系')!;
      nodes.getCell('J3').value = '○';
      nodes.getCell('E2').value = 1;
      const values = wb.getWorksheet('指標値')!;
      values.getCell('C2').value = '現状値';
      values.getCell('D2').value = '１００';
      values.getCell('B2').value = 'H28年度';
      wb.getWorksheet('評価')!.getCell('C2').value = '令和4年度';
      const muni = wb.getWorksheet('自治体')!;
      muni.getCell('A2').value = 102041;
      muni.getCell('F2').value = 'いいえ';
      // An empty row in the middle of the plans, and a notes column.
      const plans = wb.getWorksheet('計画')!;
      plans.spliceRows(3, 0, []);
      plans.getCell('Z1').value = '#メモ';
      plans.getCell('Z2').value = '自由記入';
    });
    const back = await readWorkbook(buf);
    expect(back.problems).toEqual([]);
    expect(back.ok && back.dataset).toEqual(parsed(handMade));
  });

  it('reports a missing sheet and a missing required column', async () => {
    const buf = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      wb.removeWorksheet(wb.getWorksheet('組織')!.id);
      wb.getWorksheet('指標')!.getCell('D1').value = null; // 名称
    });
    const problems = problemsOf(await readWorkbook(buf));
    expect(problems).toContainEqual(expect.objectContaining({ sheet: '組織' }));
    expect(problems).toContainEqual(expect.objectContaining({ sheet: '指標', row: 1, ja: expect.stringContaining('名称') }));
    // The missing column is reported once, not once per row.
    expect(problems.filter((p) => p.sheet === '指標' && p.path.endsWith('.name'))).toEqual([]);
  });

  it('reports a child row whose parent key does not exist', async () => {
    const buf = await edit(await writeWorkbook(parsed(handMade)), (wb) => {
      wb.getWorksheet('事業費')!.getCell('A2').value = 'j9';
    });
    expect(problemsOf(await readWorkbook(buf))).toContainEqual(expect.objectContaining({ sheet: '事業費', row: 2, column: 'A（事業）' }));
  });

  it('returns a problem, not a throw, for random bytes and a truncated workbook', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const full = await writeWorkbook(parsed(handMade));
    for (const bytes of [random, full.subarray(0, Math.floor(full.length / 2)), full.subarray(0, full.length - 10), Buffer.alloc(0)]) {
      const problems = problemsOf(await readWorkbook(bytes));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]!.ja).toBeTruthy();
      expect(problems[0]!.en).toBeTruthy();
    }
  });
});
