/**
 * Reads a dataset file (JSON or Excel workbook) and validates it. Never throws for bad input:
 * a file that cannot be read or parsed comes back as located problems.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { validateDataset, type ValidationResult } from './validate.js';
import { scanJson } from './json-scan.js';
import { MAX_JSON_DEPTH } from '../graphql/limits.js';

export async function readDatasetFile(file: string): Promise<ValidationResult> {
  const name = basename(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const msg = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((e as Error).message);
    return { ok: false, problems: [{ file: name, path: '', ja: `ファイルを読めません（${msg}）`, en: `cannot read the file (${msg})` }] };
  }
  return readDatasetBytes(bytes, name);
}

/** Reads a dataset from bytes; the name's extension (.xlsx or else JSON) picks the reader. */
export async function readDatasetBytes(bytes: Buffer, name: string): Promise<ValidationResult> {
  if (extname(name).toLowerCase() === '.xlsx') {
    const { readWorkbook } = await import('./xlsx.js');
    return withFile(await readWorkbook(bytes), name);
  }
  return withFile(parseJsonDataset(bytes), name);
}

/** Parses JSON bytes (UTF-8, optional BOM) into a validated dataset. */
export function parseJsonDataset(bytes: Buffer): ValidationResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [{ path: '', ja: 'UTF-8 として読めない文字があります（文字コードを UTF-8 にしてください）', en: 'the file is not valid UTF-8 (save it as UTF-8)' }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Before parsing: nesting too deep for the reader, and keys given twice (JSON.parse keeps the last silently).
  const scan = scanJson(text, MAX_JSON_DEPTH);
  if (scan.tooDeep) {
    const { depth, path, line, column } = scan.tooDeep;
    return {
      ok: false,
      problems: [
        {
          path,
          ja: `入れ子が深すぎます（${line}行 ${column}列、深さ ${depth}、上限 ${MAX_JSON_DEPTH}）`,
          en: `${path || '(root)'}: nested too deeply (line ${line}, column ${column}: depth ${depth}, limit ${MAX_JSON_DEPTH})`,
        },
      ],
    };
  }
  if (scan.duplicates.length) {
    return {
      ok: false,
      problems: scan.duplicates.map((d) => ({
        path: d.path,
        ja: `項目「${d.key}」が同じオブジェクトに2回あります（${d.line}行 ${d.column}列）。どちらの値か決められません`,
        en: `${d.path}: the key "${d.key}" appears twice in the same object (line ${d.line}, column ${d.column}); which value is meant cannot be told`,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${col})`;
    }
    return { ok: false, problems: [{ path: '', ja: `JSON として読めません${where}: ${(e as Error).message}`, en: `not valid JSON${where}: ${(e as Error).message}` }] };
  }
  return validateDataset(raw);
}

function withFile(r: ValidationResult, file: string): ValidationResult {
  if (!r.ok) r.problems.forEach((p) => (p.file = file));
  return r;
}
