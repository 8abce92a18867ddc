/**
 * CSV export (server/src/http/csv.ts): stored example queries by GET, any query by JSON POST,
 * Japanese headers, UTF-8 with BOM, the same limits as /graphql. Against the built server with
 * the bundled data; the flattening itself also as unit tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { columnLabel, firstList, flattenItem, toCsv } from '../../server/src/http/csv-table.js';
import { foreignWordsInContext } from '../support/japanese-text.js';

const EXAMPLES = readdirSync(resolve(import.meta.dirname, '../../docs/queries'))
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => f.replace(/\.graphql$/, ''));

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Parses CSV (quoted cells, "" escapes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

async function getCsv(path: string) {
  const res = await fetch(`${server.baseUrl}${path}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text, rows: text.startsWith('\uFEFF') ? parseCsv(text.slice(1)) : [] };
}

describe('GET /csv/<example>', () => {
  it('lists the stored examples', async () => {
    const res = await fetch(`${server.baseUrl}/csv`);
    const body: any = await res.json();
    expect(body.examples).toContain('measures-by-rating-per-department');
    expect(body.examples).toContain('rule-inconsistencies');
  });

  it('measures by rating per lead department, FY2022: UTF-8 with BOM, Japanese headers, one row per department × level', async () => {
    const { res, bytes, rows } = await getCsv('/csv/measures-by-rating-per-department');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('measures-by-rating-per-department.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...data] = rows;
    expect(header).toEqual(expect.arrayContaining(['組織', '評価尺度', '総数', '評価済み件数', '評価', '件数', '割合（%）']));
    const col = (name: string) => header!.indexOf(name);
    // 伊勢崎市 FY2022: 41 measures in all, 38 rated; four levels per department.
    expect(data.length % 4).toBe(0);
    const perDept = new Map<string, number>();
    for (const r of data) perDept.set(r[col('組織')]!, Number(r[col('総数')]));
    expect([...perDept.values()].reduce((a, b) => a + b, 0)).toBe(41);
    const health = data.filter((r) => r[col('組織')] === '健康づくり課');
    expect(health.map((r) => [r[col('評価')], r[col('件数')], r[col('割合（%）')]])).toEqual([
      ['A', '1', '50'],
      ['B', '1', '50'],
      ['C', '0', '0'],
      ['D', '0', '0'],
    ]);
  });

  it('takes variables as JSON', async () => {
    const vars = encodeURIComponent(JSON.stringify({ text: '子育て', first: 5 }));
    const { res, rows } = await getCsv(`/csv/evaluation-text-search?variables=${vars}`);
    expect(res.status).toBe(200);
    expect(rows[0]).toEqual(expect.arrayContaining(['自治体', '年度', '段階', '対象', '組織', '評価']));
    expect(rows.length).toBe(1 + 5);
    for (const r of rows.slice(1)) expect(r.join(',')).toMatch(/子育て/);
    // the stage as the cities write it, not the enum value
    const stage = rows[0]!.indexOf('段階');
    for (const r of rows.slice(1)) expect(['一次評価', '二次評価', '外部評価', '政策会議']).toContain(r[stage]);
  });

  it('an empty result still has its header row', async () => {
    const vars = encodeURIComponent(JSON.stringify({ text: 'zzz-存在しない語-zzz' }));
    const { res, rows } = await getCsv(`/csv/evaluation-text-search?variables=${vars}`);
    expect(res.status).toBe(200);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('対象');
  });

  it('refuses unknown examples and bad variables', async () => {
    expect((await fetch(`${server.baseUrl}/csv/no-such-example`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/csv/..%2F..%2Fpackage`)).status).toBe(404);
    const bad = await fetch(`${server.baseUrl}/csv/evaluation-text-search?variables=%7Bnot-json`);
    expect(bad.status).toBe(400);
  });
});

describe('every example as a person reads it in Excel', () => {
  it.each(EXAMPLES)('%s: rows, Japanese headers and cells (no Latin words outside the reviewed list, no enum value, no raw path)', async (name) => {
    const { res, text, rows } = await getCsv(`/csv/${name}`);
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(rows.length, `${name} has no rows`).toBeGreaterThan(1);
    expect(foreignWordsInContext(text), name).toEqual([]);
    // no header is a field path or an English word
    for (const h of rows[0]!) expect(h, name).not.toMatch(/[A-Za-z]{3,}|\./);
    // computed numbers carry the digits a person reads, not a float's 16
    for (const r of rows.slice(1)) for (const c of r) if (/^-?\d+\.\d+$/.test(c)) expect(c.split('.')[1]!.length, `${name}: ${c}`).toBeLessThanOrEqual(2);
    // no opaque id or key column (Excel turns a 20-digit id into 3.29E+19, "2:20:0:00" into a time)
    expect(rows[0], name).not.toContain('ID');
    expect(rows[0], name).not.toContain('キー');
    for (const r of rows.slice(1)) for (const c of r) expect(c, name).not.toMatch(/^\d{16,}$|^\d+(:\d+){2,}$/);
  });

  it('cost roll-ups for people: the departments’ execution rates and the measures’ cost per point start with their names, not an ID and a キー', async () => {
    const dept = await getCsv('/csv/execution-rate-by-department');
    expect(dept.rows[0]![0]).toBe('名称');
    expect(dept.rows.length).toBeGreaterThan(5);
    for (const r of dept.rows.slice(1)) expect(r[0]).toMatch(/[\u4e00-\u9fff]/);
    const measures = await getCsv('/csv/measures-by-cost-per-score-point');
    expect(measures.rows[0]!.slice(0, 2)).toEqual(['コード', '名称']);
    expect(measures.rows).toHaveLength(11);
  });

  it('cities lagging in a class: no row id, and the scales counted by their names (進捗状況評価, not 3:進捗状況評価)', async () => {
    const { rows } = await getCsv('/csv/cities-lagging-in-a-class');
    const [header, ...data] = rows;
    expect(header).not.toContain('ID');
    const scales = header!.findIndex((h) => h.startsWith('数えた評価尺度'));
    expect(scales).toBeGreaterThanOrEqual(0);
    const names = data.map((r) => r[scales]!).filter(Boolean);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) for (const one of n.split('; ')) expect(one).not.toMatch(/^\d+:|^\d+$/);
  });

  it('indicators under 60 %: only the indicators under 60 % of their target (伊勢崎市 FY2022, band D), achievement with one decimal', async () => {
    const { rows } = await getCsv('/csv/indicators-under-60-percent');
    const [header, ...data] = rows;
    const col = (h: string) => header!.indexOf(h);
    expect(col('指標・達成率（%）')).toBeGreaterThanOrEqual(0);
    // the same count the API gives for the band under 60 % (not all 73 indicators)
    const api = (await (
      await fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ achievementBands(filter: { municipalityCodes: ["102041"] }, fiscalYear: 2022) { groups { total counts { band { key maxPercent } count } } } }' }),
      })
    ).json()) as { data: { achievementBands: { groups: { total: number; counts: { band: { key: string; maxPercent: number | null }; count: number }[] }[] } } };
    const [group] = api.data.achievementBands.groups;
    expect(group!.total).toBe(73);
    const under60 = group!.counts.filter((c) => c.band.maxPercent !== null && c.band.maxPercent <= 60).reduce((s, c) => s + c.count, 0);
    expect(under60).toBeGreaterThan(0);
    expect(data).toHaveLength(under60);
    for (const r of data) {
      expect(r[col('達成度区分')]).toBe('D（60%未満）');
      const a = r[col('指標・達成率（%）')]!;
      expect(a).toMatch(/^\d+(\.\d)?$/);
      expect(Number(a)).toBeLessThan(60);
    }
    // 1-1-1 参加者数: 5,900 / 10,650 = 55.399… % reads 55.4
    expect(data.find((r) => r[col('指標')] === '健康づくり事業への参加者数')?.[col('指標・達成率（%）')]).toBe('55.4');
  });

  it('another line through the variables: maxPercent 80 lists the bands under 80 %', async () => {
    const vars = encodeURIComponent(JSON.stringify({ maxPercent: 80 }));
    const { rows } = await getCsv(`/csv/indicators-under-60-percent?variables=${vars}`);
    const band = rows[0]!.indexOf('達成度区分');
    expect(new Set(rows.slice(1).map((r) => r[band]))).toEqual(new Set(['C（60%以上80%未満）', 'D（60%未満）']));
  });
});

describe('POST /csv', () => {
  const post = (body: unknown, contentType = 'application/json') =>
    fetch(`${server.baseUrl}/csv`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('flattens a connection’s nodes', async () => {
    const res = await post({
      query: 'query($code: String!) { indicators(filter: { municipalityCodes: [$code] }, first: 500) { totalCount nodes { name unit policyNode { name } } } }',
      variables: { code: '102041' },
    });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['名称', '単位', '施策']);
    expect(rows.length - 1).toBeGreaterThanOrEqual(60);
  });

  it('writes enum values, booleans and repeated labels in Japanese (never SELF, true or a field path)', async () => {
    const res = await post({
      query: `query($code: String!) {
        indicators(filter: { municipalityCodes: [$code] }, first: 5) { nodes { name again: name direction isKpi values { kind fiscalYear { label } text } } }
      }`,
      variables: { code: '102041' },
    });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    expect(foreignWordsInContext(text)).toEqual([]);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['名称', '名称（2）', '方向', 'KPI', '指標値・種類', '指標値・年度', '指標値・表記']);
    expect(rows.every((r) => r[0] === r[1])).toBe(true);
    for (const r of rows) expect(['高いほど良い', '低いほど良い', '維持', '不明']).toContain(r[2]);
    expect(rows.every((r) => ['はい', 'いいえ'].includes(r[3]!))).toBe(true);
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(['目標値', '実績値'])); // ValueKind TARGET, ACTUAL
  });

  it('writes 重点 as はい, いいえ or 不明 (香取: 8, 23 and 15 of the 46 取組方針)', async () => {
    const res = await post({
      query: `{ policyNodes(filter: { municipalityCodes: ["122360"], depths: [4] }, first: 100) { nodes { name priority } } }`,
    });
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    expect(header).toEqual(['名称', '重点']);
    const count = (v: string) => rows.filter((r) => r[1] === v).length;
    expect([count('はい'), count('いいえ'), count('不明')]).toEqual([8, 23, 15]);
  });

  it('requires application/json (a cross-site form cannot send it)', async () => {
    const res = await post('query={ municipalities { name } }', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    const text = await post('{ municipalities { name } }', 'text/plain');
    expect(text.status).toBe(415);
  });

  it('runs queries only', async () => {
    const res = await post({ query: 'mutation { importDataset(contentBase64: "", fileName: "x.json", dryRun: true) { ok } }' });
    expect(res.status).toBe(400);
  });

  it('applies the same limits, before any resolver', async () => {
    let q = 'id';
    for (let i = 0; i < 12; i++) q = `${i % 2 === 0 ? 'municipality' : 'plans'} { ${q} }`;
    const deep = await post({ query: `{ municipalities { ${q} } }` });
    expect(deep.status).toBe(400);
    const body: any = await deep.json();
    expect(body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
    expect(body.errors[0].extensions.limit).toBe('depth');

    const long = await post({ query: `{ municipalities { id } } ${'#'.repeat(30_000)}` });
    expect(long.status).toBe(400);
    expect(((await long.json()) as any).errors[0].extensions.limit).toBe('documentBytes');

    const batch = await post([{ query: '{ municipalities { id } }' }, { query: '{ municipalities { id } }' }]);
    expect(batch.status).toBe(400);
  });

  it('reports GraphQL errors as JSON', async () => {
    const res = await post({ query: '{ nope }' });
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('flattening (unit)', () => {
  it('labels field paths in Japanese', () => {
    expect(columnLabel('name')).toBe('名称');
    expect(columnLabel('fiscalYear.label')).toBe('年度');
    expect(columnLabel('count')).toBe('件数');
    expect(columnLabel('share')).toBe('割合（%）');
    expect(columnLabel('policyNode.leadDepartment.name')).toBe('施策・主管課');
    expect(columnLabel('counts.level.code')).toBe('評価');
    expect(columnLabel('counts.indicators.indicator.unit')).toBe('指標・単位');
    expect(columnLabel('somethingElse')).toBe('somethingElse');
    // a field the maps lack takes its description's Japanese half
    expect(columnLabel('x.somethingElse', (n) => (n === 2 ? '何か' : null))).toBe('x・何か');
  });

  it('finds the first list (edges become nodes) and unwinds nested lists of objects', () => {
    const data = { x: { totalCount: 2, edges: [{ cursor: 'a', node: { name: 'A' } }, { cursor: 'b', node: { name: 'B' } }] } };
    expect(firstList(data)).toEqual({ items: [{ name: 'A' }, { name: 'B' }], path: ['x', 'edges', 'node'] });
    const rows = flattenItem({ department: { name: '課' }, counts: [{ level: { code: 'A' }, count: 1 }, { level: { code: 'B' }, count: 2 }], tags: ['x', 'y'] });
    expect(rows.map((r) => Object.fromEntries(r))).toEqual([
      { 'department.name': '課', 'counts.level.code': 'A', 'counts.count': 1, tags: 'x、y' },
      { 'department.name': '課', 'counts.level.code': 'B', 'counts.count': 2, tags: 'x、y' },
    ]);
  });

  it('quotes, neutralises formulas, and keeps numbers', () => {
    const csv = toCsv({ list: [{ name: '=1+1', text: 'a,"b"\nc', value: -5, dash: '-', department: null }, { name: 'x', text: '', value: 1.5, dash: '-', department: { name: '課' } }] });
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(header).toEqual(['名称', '表記', '値', 'dash', '組織']);
    expect(rows[0]).toEqual(["'=1+1", 'a,"b"\nc', '-5', '-', '']);
    expect(rows[1]).toEqual(['x', '', '1.5', '-', '課']);
  });

  it('leaves ids and keys out beside what a person reads; a table of nothing but ids keeps them as Excel text', () => {
    const doc = parse('{ groups { id key name total counts { level { id code } count } scales { id name } } }');
    const data = {
      groups: [{ id: '32879974612827674258', key: '12', name: '市民課', total: 5, counts: [{ level: { id: '7', code: 'A' }, count: 1 }], scales: [{ id: '3', name: '進捗状況評価' }, { id: '4', name: '達成度' }] }],
    };
    const [header, row] = parseCsv(toCsv(data, doc).slice(1));
    expect(header).toEqual(['名称', '総数', 'scales', '評価', '件数']);
    expect(row).toEqual(['市民課', '5', '進捗状況評価; 達成度', 'A', '1']);
    const ids = toCsv({ list: [{ id: '32879974612827674258' }, { id: '2:20:0:00' }] }, parse('{ list { id } }'));
    expect(parseCsv(ids.slice(1))).toEqual([['ID'], ['="32879974612827674258"'], ['="2:20:0:00"']]);
  });

  it('an empty list takes its header from the query', () => {
    const doc = parse('{ evaluations { nodes { subjectName fiscalYear { label } } } }');
    const csv = toCsv({ evaluations: { nodes: [] } }, doc);
    expect(csv).toBe('\uFEFF対象,年度\r\n');
  });
});
