/**
 * Imports from the dashboard (issue 23): a CSV of indicator values in Shift_JIS or UTF-8 is read,
 * checked with every problem's place, previewed record by record against what the city has, and
 * written only when confirmed; records the file lacks are removed only when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { databaseChecksum } from '../support/db.js';
import { importClient } from '../support/import-jobs.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';
import { TABLE_LABELS } from '../../server/src/dataset/importer.js';
import { SHEETS } from '../../server/src/dataset/xlsx.js';

/** The data, not the bookkeeping: the dashboard's import jobs are rows of their own. */
const DATA = { except: ['import_job'] };

const TOKEN = 'test-admin-token-0123456789';
const ISESAKI = '102041';
let server: RunningServer;
let client: ReturnType<typeof importClient>;
beforeAll(async () => {
  server = await startServer({ ADMIN_TOKEN: TOKEN });
  client = importClient(server.baseUrl, TOKEN);
});
afterAll(async () => server?.stop());

const HEADER = '指標,年度,種別,値,表記';
const sjis = (text: string) => iconv.encode(text, 'Shift_JIS');

async function values(indicatorKey: string) {
  const rows = await server.db.query<{ fiscal_year: number; kind: string; value: string | null; text: string }>(
    `select v.fiscal_year, v.kind, v.value, v.text from indicator_value v join indicator i on i.id = v.indicator_id
      join municipality m on m.id = i.municipality_id where m.code = $1 and i.key = $2 order by 1, 2`,
    [ISESAKI, indicatorKey],
  );
  return rows.map((x) => ({ ...x, value: x.value === null ? null : Number(x.value) }));
}

describe('import preview (CSV of indicator values)', { timeout: 180_000 }, () => {
  it('reads Shift_JIS, previews changed field by field and added, writes nothing until confirmed', async () => {
    const before = await databaseChecksum(server.db, DATA);
    const csv = sjis(`${HEADER}\r\n1-1-1-i1,令和4年度,実績値,6100,"6,100人"\r\n1-1-1-i1,令和5年度,実績値,7000,"7,000人"\r\n`);
    const job = await client.start('実績.csv', csv, ISESAKI);
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ state: 'READY', format: 'CSV（Shift_JIS）', municipalityName: '伊勢崎市' });
    const p = job.preview;
    expect(p.tables).toEqual([expect.objectContaining({ table: '指標値', added: 1, changed: 1, unchanged: 0, missing: expect.any(Number) })]);
    expect(p.tables[0].missing).toBeGreaterThan(100);
    expect(p.changed).toEqual([
      expect.objectContaining({
        table: '指標値',
        label: '1-1-1-i1 令和4年度 実績値',
        changes: [
          { field: '値', before: '5900', after: '6100' },
          { field: '表記', before: '5,900人', after: '6,100人' },
        ],
      }),
    ]);
    expect(p.added).toEqual([expect.objectContaining({ label: '1-1-1-i1 令和5年度 実績値', changes: [] })]);
    expect(p.missing[0].label).toMatch(/^\S+ (令和|平成)\S+年度 (基準値|目標値|実績値)$/);
    // The preview was a dry run: the database is as it was.
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    const done = await client.confirm(job.id);
    expect(done.data!.job).toMatchObject({ state: 'DONE', removed: 0, written: [{ table: '指標値', added: 1, changed: 1, unchanged: 0 }] });
    expect(await values('1-1-1-i1')).toEqual([
      { fiscal_year: 2022, kind: 'actual', value: 6100, text: '6,100人' },
      { fiscal_year: 2023, kind: 'actual', value: 7000, text: '7,000人' },
      { fiscal_year: 2024, kind: 'target', value: 10650, text: '10,650人' },
    ]);
    const audit = await server.db.query(`select action, target, details from audit_log where action = 'import' order by id desc limit 1`);
    expect(audit[0]).toMatchObject({ target: '実績.csv', details: { totals: { added: 1, changed: 1 } } });
    // Confirmed once: a second confirmation is refused.
    const again = await client.confirm(job.id);
    expect((again as { errors?: unknown[] }).errors).toBeDefined();
  });

  it('lists every problem with its row and column and writes nothing', async () => {
    const before = await databaseChecksum(server.db, DATA);
    const csv = Buffer.from(`\ufeff${HEADER}\n1-1-1-i1,令和X年度,実績値,1,1\n1-1-1-i1,2023,見込み,2,2\n1-1-1-i1,2023,実績値,abc,3\n`);
    const job = await client.start('bad.csv', csv, ISESAKI);
    expect(job.state).toBe('INVALID');
    expect(job.format).toBe('CSV（UTF-8）');
    const where = job.problems.map((x: any) => [x.row, x.column]);
    expect(where).toEqual([
      [2, 'B（年度）'],
      [3, 'C（種別）'],
      [4, 'D（値）'],
    ]);
    expect(job.problems[1].ja).toMatch(/「見込み」は選択肢にありません/);
    expect(job.preview).toBeNull();
    expect(await databaseChecksum(server.db, DATA)).toBe(before);
  });

  it('names the rows whose indicator the city does not have', async () => {
    const job = await client.start('x.csv', Buffer.from(`${HEADER}\n1-1-1-i1,2023,実績値,1,1\nno-such,2023,実績値,1,1\n`), ISESAKI);
    expect(job.state).toBe('INVALID');
    expect(job.problems[0].ja).toMatch(/3行目の「no-such」/);
  });

  it('refuses a header row of no sheet, and a file over the size limit', async () => {
    const job = await client.start('x.csv', Buffer.from('名前,年\nA,1\n'), ISESAKI);
    expect(job.state).toBe('INVALID');
    expect(job.problems[0]).toMatchObject({ row: 1 });
    const big = await client.gql(`mutation ($c: String!) { startImport(fileName: "a.csv", contentBase64: $c) { id } }`, { c: 'A'.repeat(28 * 1024 * 1024) });
    expect(big.errors?.[0]?.message).toBeTruthy();
  });

  it('names every kind of record in Japanese: 所沢’s survey rows and yearly goals are not （その他）', async () => {
    // Every sheet of the workbook form is a kind of record the preview and the summary name.
    expect(SHEETS.map((s) => s.name).filter((name) => !Object.values(TABLE_LABELS).includes(name))).toEqual([]);
    const seed = readFileSync(join(SEEDS_DIR, 'tokorozawa-002.json'));
    const job = await client.start('tokorozawa-002.json', seed);
    expect(job.problems).toEqual([]);
    const tables = job.preview.tables.map((t: { table: string }) => t.table);
    expect(tables).not.toContain('（その他）');
    expect(job.preview.tables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: '市民意識調査', unchanged: 2 }),
        expect.objectContaining({ table: '年度目標', unchanged: 4 }),
      ]),
    );
    const goals = job.preview.unchanged.filter((r: { table: string }) => r.table === '年度目標');
    expect(goals).toHaveLength(4);
    expect(goals[0].label).toMatch(/^\S+ (令和|平成)\S+年度$/);
    // Written: the same words, and no table's own name (policy_node_class) for the class mappings.
    const done = await client.confirm(job.id);
    const written = done.data!.job.written.map((w: { table: string }) => w.table);
    expect(written).toEqual(expect.arrayContaining(['市民意識調査', '年度目標', '共通分類']));
    expect(written.filter((w: string) => /[a-z_]/.test(w) || w === '（その他）')).toEqual([]);
  });

  it('a bad municipality code says where, what a code is and what was found', async () => {
    const d = JSON.parse(readFileSync(join(SEEDS_DIR, 'tokorozawa-002.json'), 'utf8'));
    for (const [code, found] of [
      ['11208X', /「11208X」/],
      ['112088', /「112088」の検査数字（6桁目）が合いません。11208 に続く検査数字は 9 です/],
    ] as const) {
      d.municipality.code = code;
      const job = await client.start('tokorozawa.json', Buffer.from(JSON.stringify(d)));
      expect(job.state).toBe('INVALID');
      const p = job.problems.find((x: { path: string }) => x.path === 'municipality.code');
      expect(p, JSON.stringify(job.problems)).toMatchObject({ file: 'tokorozawa.json', path: 'municipality.code' });
      expect(p.ja).toMatch(found);
      expect(p.ja).toMatch(/6桁の数字（全国地方公共団体コード：都道府県2桁・市区町村3桁・検査数字1桁/);
      expect(p.ja).not.toMatch(/書式が正しくありません/);
      expect(p.en).toMatch(/municipality code/);
    }
  });

  it('cancel writes nothing; removing missing records happens only when chosen', async () => {
    const csv = Buffer.from(`${HEADER}\n1-1-1-i1,2022,実績値,6200,"6,200人"\n`);
    const first = await client.start('one.csv', csv, ISESAKI);
    const before = await databaseChecksum(server.db, DATA);
    expect((await client.cancel(first.id)).data!.cancelImport.state).toBe('CANCELLED');
    expect(await databaseChecksum(server.db, DATA)).toBe(before);
    expect((await client.confirm(first.id)).errors).toBeDefined();

    const count = async () => Number((await server.db.query<{ count: string }>(`select count(*) from indicator_value v join municipality m on m.id = v.municipality_id where m.code = $1`, [ISESAKI]))[0]!.count);
    const job = await client.start('one.csv', csv, ISESAKI);
    const missing = job.preview.tables[0].missing;
    const n = await count();
    expect(missing).toBe(n - 1);
    const done = await client.confirm(job.id, true);
    expect(done.data!.job).toMatchObject({ state: 'DONE', removed: missing, removeMissing: true });
    expect(await count()).toBe(1);
  });
});
