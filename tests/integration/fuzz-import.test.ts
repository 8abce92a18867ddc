/**
 * Property-based damage to real datasets (issue 9, "keeps working and loses nothing"):
 *
 * 1. Reading and validating never throws, whatever the bytes: damaged JSON (missing fields, wrong
 *    types, ratings off the scale, broken parent links, duplicated keys, cycles, truncation,
 *    random bytes, Shift_JIS / UTF-16 encodings) and damaged workbooks (cells, rows, sheets, bytes).
 * 2. Every refusal is located: each problem names a JSON path, or a sheet (and row), or is a
 *    whole-file problem that says so (encoding, JSON syntax, not a workbook).
 * 3. Fed to the importer (when the validator accepts the damaged file by chance, or a fault is
 *    injected between batches), a failed import leaves every table byte-for-byte as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, databaseChecksum, type TestDatabase } from '../support/db.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';
import { parseJsonDataset, readDatasetBytes } from '../../server/src/dataset/read.js';
import { validateDataset, type Problem, type ValidationResult } from '../../server/src/dataset/validate.js';
import { readWorkbook, SHEETS, writeWorkbook } from '../../server/src/dataset/xlsx.js';
import { importDataset, ImportConflictError } from '../../server/src/dataset/importer.js';
import type { Dataset } from '../../server/src/dataset/format.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const SMALL_SEEDS = ['tokorozawa-002.json', 'ayase-001.json'];
const seedText = Object.fromEntries(SMALL_SEEDS.map((f) => [f, readFileSync(join(SEEDS_DIR, f), 'utf8')]));
const seedJson = (f: string) => JSON.parse(seedText[f]!) as { [k: string]: Json };

/** Cases and time budgets; FUZZ_SCALE=10 for a long local run. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const JSON_RUNS = 5000 * SCALE;
const XLSX_RUNS = 150 * SCALE;
const DB_RUNS = 100 * SCALE;
const budget = (ms: number) => ms * SCALE;

/** Stats reported at the end (and read by docs/reliability.md). */
const stats = { json: { runs: 0, accepted: 0, problems: 0 }, xlsx: { runs: 0, accepted: 0, problems: 0 }, db: { runs: 0, imported: 0, rejected: 0, failedAndRolledBack: 0, causes: new Set<string>() } };

// ---------- encodings ----------

/** Shift_JIS encoder built from the platform's decoder (no extra dependency). */
const sjisTable: Map<string, number[]> = (() => {
  const dec = new TextDecoder('shift_jis');
  const map = new Map<string, number[]>();
  for (let b = 0xa1; b <= 0xdf; b++) map.set(dec.decode(Uint8Array.of(b)), [b]);
  const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
  const trails = [...range(0x40, 0x7e), ...range(0x80, 0xfc)];
  for (const l of leads)
    for (const t of trails) {
      const ch = dec.decode(Uint8Array.of(l, t));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [l, t]);
    }
  return map;
})();
function range(a: number, b: number) {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
function toShiftJis(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else out.push(...(sjisTable.get(ch) ?? [0x81, 0x45])); // ・ for what Shift_JIS cannot hold
  }
  return Buffer.from(out);
}
function toUtf16(text: string, le: boolean, bom: boolean): Buffer {
  const body = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (!le) body.swap16();
  return body;
}

// ---------- damage to the parsed JSON ----------

/** Every path to a value in the tree (objects and arrays included), the root excluded. */
function allPaths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...at, i]), allPaths(x, [...at, i], out)));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push([...at, k]);
      allPaths(x, [...at, k], out);
    }
  return out;
}
function getAt(root: Json, path: Path): Json | undefined {
  let cur: Json | undefined = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[p];
  }
  return cur;
}
function parentOf(root: Json, path: Path): Record<string | number, Json> | undefined {
  const p = getAt(root, path.slice(0, -1));
  return p && typeof p === 'object' ? (p as Record<string | number, Json>) : undefined;
}

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e15, -1e308, 2 ** 31, 1.5, 1988, 2101),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', 'A', 'Z', '二十三', '\u0000', 'a\u0000b', '\ud800', '１２３', 'null', '2024-13-45', 'x'.repeat(3000), '/'),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

interface Damage {
  /** Whether this damage makes the file invalid for sure (the reader must refuse it). */
  breaks: boolean;
  apply: (root: { [k: string]: Json }) => boolean;
  label: string;
}

const COLLECTIONS = ['documents', 'plans', 'departments', 'ratingScales', 'policyNodes', 'projects', 'indicators', 'evaluations', 'departmentPolicies'];
const pick = <T>(xs: T[], r: number): T | undefined => (xs.length ? xs[Math.floor(r * xs.length) % xs.length] : undefined);
const records = (root: { [k: string]: Json }, name: string) => (Array.isArray(root[name]) ? (root[name] as { [k: string]: Json }[]) : []);

/** One piece of damage, chosen by fast-check (`r`, `s`: positions in [0,1); `v`: a value). */
const damageArb: fc.Arbitrary<Damage> = fc
  .tuple(fc.nat(9), fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.double({ min: 0, max: 0.9999, noNaN: true }), weirdValue, fc.string({ minLength: 1, maxLength: 12 }))
  .map(([kind, r, s, v, str]): Damage => {
    switch (kind) {
      case 0:
        return { label: 'delete a field', breaks: false, apply: (root) => {
          const path = pick(allPaths(root).filter((p) => typeof p[p.length - 1] === 'string'), r);
          const parent = path && parentOf(root, path);
          if (!path || !parent) return false;
          delete parent[path[path.length - 1]!];
          return true;
        } };
      case 1:
        return { label: `wrong type/value ${JSON.stringify(v).slice(0, 40)}`, breaks: false, apply: (root) => {
          const path = pick(allPaths(root), r);
          const parent = path && parentOf(root, path);
          if (!path || !parent) return false;
          parent[path[path.length - 1]!] = v;
          return true;
        } };
      case 2:
        return { label: 'rating off the scale', breaks: true, apply: (root) => {
          const e = pick(records(root, 'evaluations').filter((x) => typeof x.scale === 'string'), r);
          if (!e) return false;
          e.level = `Z${str}`; // no scale has a level starting with Z plus random text
          return true;
        } };
      case 3:
        return { label: 'broken parent link', breaks: true, apply: (root) => {
          const name = pick(['policyNodes', 'departments', 'plans'], s)!;
          const x = pick(records(root, name).filter((n) => n.parent !== undefined), r);
          if (!x) return false;
          x.parent = `missing-${str.replace(/[\s/]/g, '_')}`;
          return true;
        } };
      case 4:
        return { label: 'duplicated record', breaks: true, apply: (root) => {
          const name = pick(COLLECTIONS.filter((c) => records(root, c).length), s);
          const x = name && pick(records(root, name), r);
          if (!x) return false;
          records(root, name!).push(structuredClone(x));
          return true;
        } };
      case 5:
        return { label: 'key of another record', breaks: true, apply: (root) => {
          const name = pick(COLLECTIONS.filter((c) => records(root, c).length > 1 && records(root, c).every((x) => typeof x.key === 'string')), s);
          if (!name) return false;
          const xs = records(root, name);
          const i = Math.floor(r * xs.length);
          xs[i]!.key = xs[(i + 1) % xs.length]!.key!;
          return true;
        } };
      case 6:
        return { label: 'parent cycle', breaks: true, apply: (root) => {
          const xs = records(root, 'departments').filter((d) => d.parent !== undefined);
          const child = pick(xs, r);
          const parent = child && records(root, 'departments').find((d) => d.key === child.parent);
          if (!child || !parent) return false;
          parent.parent = child.key!;
          return true;
        } };
      case 7:
        return { label: 'fiscal year out of range', breaks: true, apply: (root) => {
          const e = pick(records(root, 'evaluations'), r);
          if (!e || typeof e !== 'object') return false; // (an earlier damage may have replaced it)
          e.fiscalYear = pick([1900, 2200, 1988, 2101], s)!;
          return true;
        } };
      case 8:
        return { label: 'unknown field', breaks: true, apply: (root) => {
          const name = pick(COLLECTIONS.filter((c) => records(root, c).length), s);
          const x = name && pick(records(root, name), r);
          // An earlier damage may have replaced the record by a string or a number.
          if (!x || typeof x !== 'object') return false;
          x[`unknown_${str}`] = 1;
          return true;
        } };
      default:
        return { label: 'collection replaced', breaks: true, apply: (root) => {
          root[pick(COLLECTIONS, r)!] = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : String(v);
          return true;
        } };
    }
  });

/** Byte-level damage after serialising. */
type ByteDamage = { label: string; breaks: boolean; apply: (bytes: Buffer) => Buffer };
const byteDamageArb: fc.Arbitrary<ByteDamage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<ByteDamage>({ label: 'none', breaks: false, apply: (b) => b }) },
  fc.double({ min: 0, max: 0.9999, noNaN: true }).map((r): ByteDamage => ({
    label: 'truncated',
    breaks: true,
    apply: (b) => b.subarray(0, Math.floor(r * b.length)),
  })),
  fc.array(fc.tuple(fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits): ByteDamage => ({
    label: 'bytes overwritten',
    breaks: false,
    apply: (src) => {
      const b = Buffer.from(src);
      for (const [r, byte] of edits) b[Math.floor(r * b.length)] = byte;
      return b;
    },
  })),
  fc.tuple(fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([r, bytes]): ByteDamage => ({
    label: 'bytes inserted',
    breaks: false,
    apply: (b) => {
      const at = Math.floor(r * b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
    },
  })),
  fc.uint8Array({ maxLength: 200 }).map((bytes): ByteDamage => ({ label: 'random bytes', breaks: false, apply: () => Buffer.from(bytes) })),
  fc.constantFrom<ByteDamage>(
    { label: 'Shift_JIS', breaks: true, apply: (b) => toShiftJis(b.toString('utf8')) },
    { label: 'UTF-16LE with BOM', breaks: true, apply: (b) => toUtf16(b.toString('utf8'), true, true) },
    { label: 'UTF-16LE', breaks: true, apply: (b) => toUtf16(b.toString('utf8'), true, false) },
    { label: 'UTF-16BE with BOM', breaks: true, apply: (b) => toUtf16(b.toString('utf8'), false, true) },
  ),
);

// ---------- the properties ----------

/** Located: a JSON path, a sheet (with its row when the problem is a record), or a whole-file problem saying what it is. */
function isLocated(p: Problem): boolean {
  if (typeof p.path !== 'string' || typeof p.ja !== 'string' || typeof p.en !== 'string' || !p.ja || !p.en) return false;
  if (p.path !== '' || p.sheet !== undefined) return true;
  return /UTF-8|not valid JSON|\(root\)|Excel workbook|workbook's contents/.test(p.en);
}

function expectLocated(r: ValidationResult, mustFail: boolean, what: string) {
  if (r.ok) {
    expect(mustFail, `${what}: accepted although damaged`).toBe(false);
    return;
  }
  expect(r.problems.length, what).toBeGreaterThan(0);
  for (const p of r.problems) expect(isLocated(p), `${what}: unlocated problem ${JSON.stringify(p)}`).toBe(true);
}

type JsonCase = { seed: string; damages: Damage[]; bytes: ByteDamage; pretty: boolean };

/** A JSON case: some structural damage, then maybe byte damage. */
const jsonCase = fc.record({
  seed: fc.constantFrom(...SMALL_SEEDS),
  damages: fc.array(damageArb, { minLength: 0, maxLength: 4 }),
  bytes: byteDamageArb,
  pretty: fc.boolean(),
});

function buildJsonCase(c: JsonCase) {
  const root = seedJson(c.seed);
  let breaks = false;
  const applied: string[] = [];
  // Harmless damages first: applied after a breaking one, a harmless one could undo it (delete
  // the collection another damage had replaced), and the file would be valid after all.
  const ordered = [...c.damages.filter((d) => !d.breaks), ...c.damages.filter((d) => d.breaks)];
  for (const d of ordered) {
    if (d.apply(root)) {
      breaks ||= d.breaks;
      applied.push(d.label);
    }
  }
  const text = JSON.stringify(root, null, c.pretty ? 2 : undefined);
  const bytes = c.bytes.apply(Buffer.from(text));
  applied.push(c.bytes.label);
  return { bytes, breaks: breaks || c.bytes.breaks, label: `${c.seed}: ${applied.join(', ')}` };
}

describe('damaged JSON datasets', () => {
  it('never crash the reader and are always refused with a located problem', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(jsonCase, (c) => {
        const { bytes, breaks, label } = buildJsonCase(c);
        let r: ValidationResult;
        try {
          r = parseJsonDataset(bytes);
        } catch (e) {
          throw new Error(`reader threw on ${label}: ${(e as Error).stack}`);
        }
        stats.json.runs++;
        if (r.ok) stats.json.accepted++;
        else stats.json.problems += r.problems.length;
        expectLocated(r, breaks, label);
      }),
      { numRuns: JSON_RUNS, interruptAfterTimeLimit: budget(20_000), markInterruptAsFailure: false },
    );
    console.log(`fuzz JSON: ${stats.json.runs} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${stats.json.accepted} accepted by chance, ${stats.json.problems} problems reported`);
    expect(stats.json.runs).toBeGreaterThan(Math.min(JSON_RUNS, 500));
  }, 60_000);

  it('raw validation of arbitrary values never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = validateDataset(v);
        expect(r.ok).toBe(false);
        if (!r.ok) for (const p of r.problems) expect(isLocated(p), JSON.stringify(p)).toBe(true);
      }),
      { numRuns: 1000 * SCALE, interruptAfterTimeLimit: budget(3_000), markInterruptAsFailure: false },
    );
  });
});

// ---------- workbooks ----------

/** A smaller dataset for workbooks: one seed with its long collections cut (keeping it valid). */
function workbookDataset(): Dataset {
  const r = parseJsonDataset(Buffer.from(seedText['tokorozawa-002.json']!));
  if (!r.ok) throw new Error('seed invalid');
  return r.dataset;
}

const cellValueArb: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Z', '二十三', '#N/A', '=1/0', '', '  ', 'x'.repeat(500), '\u0000'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
  fc.constant({ formula: '1/0', result: { error: '#DIV/0!' } } as unknown as ExcelJS.CellValue),
  fc.constant({ richText: [{ text: '部分' }, { text: '太字', font: { bold: true } }] } as ExcelJS.CellValue),
);
const xlsxDamageArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.record({ sheet: fc.nat(20), row: fc.nat(60), col: fc.nat(30), value: cellValueArb }), { minLength: 1, maxLength: 6 }).map((edits) => ({ kind: 'cells' as const, edits })) },
  { weight: 1, arbitrary: fc.record({ sheet: fc.nat(20), row: fc.integer({ min: 1, max: 40 }), count: fc.integer({ min: 1, max: 5 }) }).map((x) => ({ kind: 'rows' as const, ...x })) },
  { weight: 1, arbitrary: fc.nat(20).map((sheet) => ({ kind: 'removeSheet' as const, sheet })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(20), fc.string({ minLength: 1, maxLength: 10 })).map(([sheet, name]) => ({ kind: 'renameSheet' as const, sheet, name })) },
  { weight: 1, arbitrary: fc.nat(20).map((sheet) => ({ kind: 'header' as const, sheet })) },
  { weight: 2, arbitrary: byteDamageArb.filter((b) => b.label !== 'none' && !b.label.startsWith('UTF') && b.label !== 'Shift_JIS').map((b) => ({ kind: 'bytes' as const, b })) },
);

describe('damaged workbooks', () => {
  let base: Buffer;
  beforeAll(async () => {
    base = await writeWorkbook(workbookDataset());
    const r = await readWorkbook(base);
    expect(r.ok, JSON.stringify(!r.ok && r.problems.slice(0, 3))).toBe(true);
  });

  it('never crash the reader and are always refused with a sheet, row or path', async () => {
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(xlsxDamageArb, async (d) => {
        let bytes: Buffer;
        let breaks = false;
        if (d.kind === 'bytes') {
          bytes = d.b.apply(base);
          breaks = d.b.breaks;
        } else {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(base as unknown as ArrayBuffer);
          const sheets = wb.worksheets;
          const ws = sheets[(d.kind === 'cells' ? d.edits[0]!.sheet : d.sheet) % sheets.length]!;
          if (d.kind === 'cells') {
            for (const e of d.edits) {
              const s = sheets[e.sheet % sheets.length]!;
              s.getCell(e.row + 1, e.col + 1).value = e.value;
            }
          } else if (d.kind === 'rows') ws.spliceRows(d.row + 1, d.count);
          else if (d.kind === 'removeSheet') {
            wb.removeWorksheet(ws.id);
            // A sheet with records is missed, unless it is optional (added later: its records are
            // then simply absent); an empty one (a kind this city has none of) leaves the same data.
            breaks = ws.name !== '説明' && ws.actualRowCount > 1 && !SHEETS.some((s) => s.name === ws.name && s.optional);
          } else if (d.kind === 'renameSheet') {
            // A name Excel (and exceljs's setter) accepts: no []*?:/\ and no quote at either end.
            const name = d.name.replace(/[[\]*?:/\\]/g, '_').replace(/^'|'$/g, '_').slice(0, 31) || 'x';
            if (!sheets.some((s) => s.name === name)) ws.name = name;
          } else if (d.kind === 'header') {
            const c = ws.getRow(1).getCell(1);
            if (c.value !== null) {
              c.value = `違う見出し${String(c.value)}`;
              breaks = ws.name !== '説明';
            }
          }
          bytes = Buffer.from(await wb.xlsx.writeBuffer());
        }
        let r: ValidationResult;
        try {
          r = await readDatasetBytes(bytes, 'damaged.xlsx');
        } catch (e) {
          throw new Error(`workbook reader threw on ${JSON.stringify(d).slice(0, 200)}: ${(e as Error).stack}`);
        }
        stats.xlsx.runs++;
        if (r.ok) stats.xlsx.accepted++;
        else stats.xlsx.problems += r.problems.length;
        expectLocated(r, breaks, JSON.stringify(d).slice(0, 300));
        if (!r.ok) for (const p of r.problems) expect(p.file).toBe('damaged.xlsx');
      }),
      { numRuns: XLSX_RUNS, interruptAfterTimeLimit: budget(15_000), markInterruptAsFailure: false },
    );
    console.log(`fuzz xlsx: ${stats.xlsx.runs} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${stats.xlsx.accepted} accepted by chance, ${stats.xlsx.problems} problems reported`);
    expect(stats.xlsx.runs).toBeGreaterThan(Math.min(XLSX_RUNS, 8));
  }, 60_000);
});

// ---------- the database ----------

/** Damage that validation lets through but the database or the importer may not. */
const dbDamageArb: fc.Arbitrary<Damage> = fc.oneof(
  damageArb,
  fc.tuple(fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.constantFrom('\u0000', 'a\u0000b', '更新', 'x'.repeat(5000), '\ud800')).map(([r, text]): Damage => ({
    label: `text ${JSON.stringify(text).slice(0, 20)}`,
    breaks: false,
    apply: (root) => {
      const e = pick(records(root, 'evaluations'), r) ?? pick(records(root, 'policyNodes'), r);
      if (!e || typeof e !== 'object') return false; // (an earlier damage may have replaced it)
      e[e.comment !== undefined ? 'comment' : 'name'] = text;
      return true;
    },
  })),
  fc.tuple(fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.constantFrom(2 ** 31, 1e15, 3)).map(([r, line]): Damage => ({
    label: `provenance line ${line}`,
    breaks: false,
    apply: (root) => {
      const x = pick(records(root, 'indicators').filter((i) => i && typeof i.provenance === 'object'), r);
      if (!x) return false;
      (x.provenance as { [k: string]: Json }).line = line;
      delete (x.provenance as { [k: string]: Json }).lineEnd;
      return true;
    },
  })),
  fc.double({ min: 0, max: 0.9999, noNaN: true }).map((r): Damage => ({
    label: 'indicator value changed',
    breaks: false,
    apply: (root) => {
      const i = pick(records(root, 'indicators').filter((x) => Array.isArray(x.values) && (x.values as Json[]).length), r);
      if (!i) return false;
      const v = (i.values as { [k: string]: Json }[])[0]!;
      if (!v || typeof v !== 'object') return false;
      v.value = typeof v.value === 'number' ? v.value + 1 : 1;
      return true;
    },
  })),
  fc.constant<Damage>({ label: 'city renamed (conflict)', breaks: false, apply: (root) => ((root.municipality as { [k: string]: Json }).name = '別の市', true) }),
);

describe('importing damaged datasets', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    for (const f of SMALL_SEEDS) {
      const r = parseJsonDataset(Buffer.from(seedText[f]!));
      if (!r.ok) throw new Error(`${f} invalid`);
      await importDataset(db.orm, r.dataset);
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a failed import leaves the database byte-for-byte unchanged', async () => {
    const t0 = performance.now();
    let before = await databaseChecksum(db);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ seed: fc.constantFrom(...SMALL_SEEDS), damages: fc.array(dbDamageArb, { minLength: 1, maxLength: 3 }), failAfter: fc.option(fc.nat(12), { nil: undefined }) }),
        async (c) => {
          const root = seedJson(c.seed);
          for (const d of c.damages) d.apply(root);
          stats.db.runs++;
          const r = parseJsonDataset(Buffer.from(JSON.stringify(root)));
          if (!r.ok) {
            stats.db.rejected++;
            return;
          }
          let calls = 0;
          let failed: unknown;
          try {
            await importDataset(db.orm, r.dataset, {
              onProgress: () => {
                // A fault between two batches: the process dies, the disk fills, the network drops.
                if (c.failAfter !== undefined && calls++ >= c.failAfter) throw new Error('injected fault');
              },
            });
          } catch (e) {
            failed = e;
          }
          const after = await databaseChecksum(db);
          if (failed) {
            stats.db.failedAndRolledBack++;
            stats.db.causes.add(failed instanceof ImportConflictError ? 'conflict with the database' : String((failed as Error).message).replace(/"[^"]*"/g, '…').slice(0, 80));
            expect(failed instanceof ImportConflictError || failed instanceof Error).toBe(true);
            expect(after, `import failed (${String(failed).slice(0, 200)}) but the database changed`).toBe(before);
          } else {
            stats.db.imported++;
            before = after;
          }
        },
      ),
      { numRuns: DB_RUNS, interruptAfterTimeLimit: budget(25_000), markInterruptAsFailure: false },
    );
    console.log(
      `fuzz import: ${stats.db.runs} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${stats.db.rejected} refused by validation, ${stats.db.failedAndRolledBack} failed in the database and left it unchanged, ${stats.db.imported} imported`,
    );
    console.log(`  causes: ${[...stats.db.causes].join(' | ')}`);
    expect(stats.db.failedAndRolledBack).toBeGreaterThan(0);
  }, 60_000);
});
