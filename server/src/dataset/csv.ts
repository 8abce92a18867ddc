/**
 * A CSV file of one record kind (one sheet of the workbook form, with the same Japanese headers),
 * in UTF-8 or Shift_JIS as Excel writes it. The rows go through the workbook reader's sheet
 * reading (`readSheet`), so cells are converted and located exactly as in a workbook: problems
 * name the row (the header is row 1) and the column.
 *
 * Indicator values (the 指標値 sheet) are what arrives as CSV in a city's year: they can be
 * imported into a city already in the database. Other kinds come as a workbook or JSON.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { basename, extname } from 'node:path';
import { indicatorValueRecord } from './format.js';
import { SHEETS, readSheet, type SheetSpec } from './xlsx.js';
import type { IndicatorValuesFile } from './importer.js';
import type { Problem } from './validate.js';
import { MAX_CSV_ROWS } from '../graphql/limits.js';

/** The sheets a CSV may be; only these can be imported on their own. */
const IMPORTABLE = new Set(['指標値']);

export type CsvRead =
  | { ok: true; sheet: string; encoding: 'UTF-8' | 'Shift_JIS'; values: IndicatorValuesFile['values']; rows: number[]; fields: string[] }
  | { ok: false; encoding?: 'UTF-8' | 'Shift_JIS'; problems: Problem[] };

/** UTF-8 (with or without BOM) when it decodes as such, else Shift_JIS (Excel's 「CSV（コンマ区切り）」 on Japanese Windows). */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'UTF-8' | 'Shift_JIS' } | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'UTF-8' };
  } catch {
    /* not UTF-8: try Shift_JIS */
  }
  try {
    return { text: new TextDecoder('shift_jis', { fatal: true }).decode(bytes), encoding: 'Shift_JIS' };
  } catch {
    return undefined;
  }
}

/** Which sheet a header row is: every header known to it and its required columns there; the file name breaks ties. */
function sheetFor(headers: string[], fileName: string): SheetSpec | undefined {
  const named = headers.map((h) => h.normalize('NFKC').trim()).filter((h) => h !== '' && !h.startsWith('#'));
  const fits = SHEETS.filter((s) => {
    const known = new Set(s.columns.flatMap((c) => [c.header.normalize('NFKC'), c.field]));
    return named.every((h) => known.has(h)) && s.columns.filter((c) => c.required).every((c) => named.includes(c.header.normalize('NFKC')));
  });
  const stem = basename(fileName, extname(fileName)).normalize('NFKC');
  return fits.find((s) => stem.includes(s.name)) ?? fits[0];
}

/** Reads a CSV of one record kind; never throws for bad input. */
export function readCsv(bytes: Buffer, fileName: string): CsvRead {
  const file = fileName;
  const decoded = decodeCsv(bytes);
  if (!decoded)
    return {
      ok: false,
      problems: [{ file, path: '', ja: '文字コードを判定できません（UTF-8 か Shift_JIS で保存してください）', en: 'the file is neither UTF-8 nor Shift_JIS' }],
    };
  const { encoding } = decoded;
  let records: string[][];
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: true, to: MAX_CSV_ROWS + 2 }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    return { ok: false, encoding, problems: [{ file, path: '', row: err.lines, ja: `CSV として読めません（${err.lines ?? '?'}行目）`, en: `not valid CSV: ${err.message}` }] };
  }
  if (records.length > MAX_CSV_ROWS + 1)
    return { ok: false, encoding, problems: [{ file, path: '', ja: `行が多すぎます（上限 ${MAX_CSV_ROWS} 行）`, en: `too many rows (limit ${MAX_CSV_ROWS})` }] };
  const headers = records[0] ?? [];
  const spec = sheetFor(headers, fileName);
  if (!spec)
    return {
      ok: false,
      encoding,
      problems: [
        {
          file,
          path: '',
          row: 1,
          ja: `1行目の見出しがどのシートの列とも合いません（Excel 版と同じ見出しにしてください。例: 指標値シートの ${SHEETS.find((s) => s.name === '指標値')!.columns.filter((c) => c.required).map((c) => c.header).join('、')}）`,
          en: 'the header row matches no sheet of the workbook form (use the same Japanese headers)',
        },
      ],
    };
  if (!IMPORTABLE.has(spec.name))
    return {
      ok: false,
      encoding,
      problems: [{ file, path: '', row: 1, ja: `「${spec.name}」の CSV はまだ取り込めません（CSV で取り込めるのは指標値です。ほかは Excel ブックか JSON で取り込んでください）`, en: `a CSV of ${spec.name} cannot be imported on its own yet (indicator values only; use the workbook or JSON)` }],
    };

  // The rows as a worksheet, so that cells are converted and located as in a workbook.
  const ws = new ExcelJS.Workbook().addWorksheet(spec.name);
  records.forEach((r, i) => {
    ws.getRow(i + 1).values = [...r.map((v) => (v === '' ? null : v))];
  });
  const problems: Problem[] = [];
  const sheet = readSheet(ws, spec, problems);
  const values: IndicatorValuesFile['values'] = [];
  const rows: number[] = [];
  const seen = new Map<string, number>();
  const at = (row: number, field: string) => ({ file, path: '', sheet: spec.name, row, column: sheet.columns.get(field) });
  for (const r of sheet.rows) {
    for (const b of r.bad) problems.push({ file, path: '', sheet: spec.name, row: r.row, column: b.column, ja: b.ja, en: b.en });
    if (r.bad.length) continue;
    const { ['@parent']: indicator, ...rest } = r.obj;
    if (typeof indicator !== 'string' || indicator === '') {
      problems.push({ ...at(r.row, '@parent'), ja: '指標のキーが空欄です', en: 'the indicator key is empty' });
      continue;
    }
    const parsed = indicatorValueRecord.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        const header = spec.columns.find((c) => c.field === field)?.header ?? field;
        problems.push({ ...at(r.row, field), ja: `「${header}」の値が正しくありません（${issue.message}）`, en: `${field}: ${issue.message}` });
      }
      continue;
    }
    const k = `${indicator}\u0000${parsed.data.fiscalYear}\u0000${parsed.data.kind}`;
    const before = seen.get(k);
    if (before !== undefined) {
      problems.push({ ...at(r.row, '@parent'), ja: `${before}行目と同じ指標・年度・種別です`, en: `same indicator, year and kind as row ${before}` });
      continue;
    }
    seen.set(k, r.row);
    values.push({ indicator, ...parsed.data });
    rows.push(r.row);
  }
  problems.forEach((p) => (p.file = file));
  if (problems.length) return { ok: false, encoding, problems };
  return { ok: true, sheet: spec.name, encoding, values, rows, fields: [...sheet.columns.keys()] };
}
