/**
 * Imports refuse what would exhaust the server, each with its place (issue 19, findings 7 and 8):
 * - a workbook that inflates far beyond its size (a decompression bomb: 1.2 MB inflating to
 *   1.2 GB took the server from 1 GB to 2.9 GB of memory for 17 s), whether its directory says so
 *   or lies about it, or that holds too many entries: refused before it is inflated, with little
 *   memory (dataset/zip-guard.ts);
 * - JSON nested deeper than the reader can walk: a problem with its path, line and column, not
 *   "Maximum call stack size exceeded";
 * - a key given twice in one JSON object (JSON.parse keeps the last silently): a problem with its
 *   place, in a JSON file and in a workbook's JSON cell.
 */
import { describe, expect, it } from 'vitest';
import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readDatasetBytes, parseJsonDataset } from '../../server/src/dataset/read.js';
import { readWorkbook, writeWorkbook } from '../../server/src/dataset/xlsx.js';
import { validateDataset } from '../../server/src/dataset/validate.js';
const SEEDS_DIR = join(import.meta.dirname, '../../data/seeds');
import { MAX_JSON_DEPTH, MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED_BYTES } from '../../server/src/graphql/limits.js';

interface ZipEntry {
  name: string;
  /** The entry's data as stored (deflated unless method 0). */
  data: Buffer;
  /** The size the directory declares. */
  size: number;
  method?: number;
}

/** A ZIP archive, as Excel writes one (CRCs left 0: nothing here checks them before inflating). */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * `mib` MiB of zeros, deflated, made without deflating them all: after the first, every MiB
 * flushed with Z_SYNC_FLUSH deflates to the same bytes, so they are repeated.
 */
async function zerosDeflated(mib: number): Promise<Buffer> {
  const d = createDeflateRaw({ level: 6 });
  const chunk = Buffer.alloc(1 << 20);
  const flushed = async () =>
    new Promise<Buffer>((ok) => {
      const out: Buffer[] = [];
      const on = (c: Buffer) => out.push(c);
      d.on('data', on);
      d.write(chunk);
      d.flush(constants.Z_SYNC_FLUSH, () => {
        d.off('data', on);
        ok(Buffer.concat(out));
      });
    });
  const first = await flushed();
  const next = await flushed();
  expect((await flushed()).equals(next)).toBe(true);
  d.destroy();
  // An empty final block ends the stream.
  return Buffer.concat([first, ...Array<Buffer>(mib - 1).fill(next), Buffer.from([0x03, 0x00])]);
}

const CONTENT_TYPES = { name: '[Content_Types].xml', data: deflateRawSync('<Types/>'), size: 8 };

/** Runs `f`, and says how long it took and how far the heap and RSS grew. */
async function measured<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; heapMb: number; rssMb: number }> {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const rss = process.memoryUsage().rss;
  const t0 = performance.now();
  const value = await f();
  const mem = process.memoryUsage();
  return { value, ms: performance.now() - t0, heapMb: (mem.heapUsed - heap) / 2 ** 20, rssMb: (mem.rss - rss) / 2 ** 20 };
}

describe('workbook decompression bombs', () => {
  it('a 1.2 MB workbook that says it inflates to 1.2 GB is refused from its directory', async () => {
    const data = await zerosDeflated(1200);
    const file = zip([CONTENT_TYPES, { name: 'xl/worksheets/sheet1.xml', data, size: 1200 * 2 ** 20 }]);
    expect(file.length).toBeLessThan(1.3 * 2 ** 20);
    const r = await measured(() => readWorkbook(file));
    console.log(`bomb (declared): refused in ${r.ms.toFixed(0)} ms, heap +${r.heapMb.toFixed(0)} MB, rss +${r.rssMb.toFixed(0)} MB`);
    expect(r.value.ok).toBe(false);
    const p = r.value.ok ? undefined : r.value.problems[0]!;
    expect(p!.en).toMatch(new RegExp(`inflates to [0-9.]+ MB or more, over the limit ${(MAX_XLSX_UNCOMPRESSED_BYTES / 2 ** 20).toFixed(1)} MB`));
    expect(p!.ja).toMatch(/上限/);
    expect(r.rssMb).toBeLessThan(64);
  });

  it('one whose directory lies about the size is refused when an entry inflates beyond what it declared', async () => {
    const data = await zerosDeflated(1200);
    const file = zip([CONTENT_TYPES, { name: 'xl/worksheets/sheet1.xml', data, size: 4096 }]);
    const r = await measured(() => readWorkbook(file));
    console.log(`bomb (lying): refused in ${r.ms.toFixed(0)} ms, heap +${r.heapMb.toFixed(0)} MB, rss +${r.rssMb.toFixed(0)} MB`);
    expect(r.value.ok).toBe(false);
    expect(r.value.ok ? '' : r.value.problems[0]!.en).toMatch(/xl\/worksheets\/sheet1\.xml in the Excel workbook inflates beyond the size it declares \(4096 bytes\)/);
    expect(r.rssMb).toBeLessThan(64);
  });

  it('one with more entries than a workbook has is refused before any is read', async () => {
    const tiny = deflateRawSync('<x/>');
    const file = zip(Array.from({ length: MAX_XLSX_ENTRIES + 1 }, (_, i) => ({ name: `xl/e${i}.xml`, data: tiny, size: 4 })));
    const r = await readWorkbook(file);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problems[0]!.en).toBe(`the Excel workbook holds ${MAX_XLSX_ENTRIES + 1} entries, over the limit ${MAX_XLSX_ENTRIES}`);
  });

  it('a real workbook still reads (the generated sample city)', async () => {
    const d = JSON.parse(readFileSync(join(SEEDS_DIR, 'generated-sample-city.json'), 'utf8'));
    const r = await readDatasetBytes(await writeWorkbook(d), 'sample.xlsx');
    expect(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 3))).toBe(true);
  });
});

describe('JSON nesting and duplicate keys', () => {
  const seed = () => readFileSync(join(SEEDS_DIR, 'tokorozawa-002.json'), 'utf8');

  it('a dataset nested 100,000 deep is a problem with its place, not a stack overflow', () => {
    const text = seed().replace('"evaluations": [', `"evaluations": [${'['.repeat(100_000)}${']'.repeat(100_000)}, `);
    expect(text).not.toBe(seed());
    const r = parseJsonDataset(Buffer.from(text));
    expect(r.ok).toBe(false);
    const p = r.ok ? undefined : r.problems[0]!;
    expect(p!.path).toMatch(/^evaluations\[0\](\[0\])+$/);
    expect(p!.en).toMatch(new RegExp(`nested too deeply \\(line \\d+, column \\d+: depth ${MAX_JSON_DEPTH + 1}, limit ${MAX_JSON_DEPTH}\\)`));
    expect(p!.en).not.toMatch(/call stack/);
  });

  it('a value nested too deep handed to the validator is a problem with its path', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const d = JSON.parse(seed());
    d.evaluations[0].otherTexts = { a: deep };
    const r = validateDataset(d);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problems[0]!.en).toMatch(/^evaluations\[0\]\.otherTexts\.a(\[0\])+: nested too deeply/);
  });

  it('a key given twice is reported with its path, line and column', () => {
    const text = seed().replace(/"name": "([^"]*)"/, '"name": "$1", "name": "別の名前"');
    const r = parseJsonDataset(Buffer.from(text));
    expect(r.ok).toBe(false);
    const p = r.ok ? undefined : r.problems[0]!;
    expect(p!.path).toBe('municipality.name');
    expect(p!.en).toMatch(/^municipality\.name: the key "name" appears twice in the same object \(line \d+, column \d+\)/);
    expect(p!.ja).toMatch(/項目「name」が同じオブジェクトに2回あります/);
  });

  it('the same in a workbook’s JSON cell, at its sheet, row and column', async () => {
    const d = JSON.parse(seed());
    const book = await writeWorkbook(d);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as Parameters<typeof wb.xlsx.load>[0]);
    // The evaluations sheet's "other texts" column.
    let placed: { sheet: string; row: number } | undefined;
    wb.eachSheet((ws) => {
      const header = ws.getRow(1);
      header.eachCell((cell, col) => {
        if (!placed && cell.value === 'その他の記述' && ws.rowCount >= 2) {
          ws.getRow(2).getCell(col).value = '{"課題":"a","課題":"b"}';
          placed = { sheet: ws.name, row: 2 };
        }
      });
    });
    expect(placed).toBeDefined();
    const r = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.ok).toBe(false);
    const p = r.ok ? undefined : r.problems.find((x) => /twice/.test(x.en));
    expect(p, r.ok ? '' : JSON.stringify(r.problems.slice(0, 3))).toMatchObject({ sheet: placed!.sheet, row: 2, column: expect.stringContaining('その他の記述') });
  });
});
