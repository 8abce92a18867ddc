/**
 * The source documents (原資料) carried in the repository under data/sources/: the public texts
 * the bundled datasets were read from. Seed scripts, tests and the server read them from here
 * and nowhere else, so a clone on its own has everything it needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ROOT_DIR } from '../config.js';

export const SOURCES_DIR = resolve(ROOT_DIR, 'data/sources');

/** The path of a source document by its file name; throws when the repository lacks it. */
export function sourcePath(file: string): string {
  if (basename(file) !== file) throw new Error(`source document name must be a plain file name: ${file}`);
  const path = resolve(SOURCES_DIR, file);
  if (!existsSync(path)) throw new Error(`source document ${file} is missing from ${SOURCES_DIR}`);
  return path;
}

/** A source document's lines (line n is element n - 1), as the datasets' provenance counts them. */
export function readSourceLines(file: string): string[] {
  return readFileSync(sourcePath(file), 'utf8').split(/\r?\n/);
}

/** The text of each source document, read once (the five documents are about 1 MB together). */
const texts = new Map<string, string[]>();

/**
 * A source document's lines as served to viewers (line n is element n - 1, without the empty
 * element after a final newline), or null where the repository has no such document.
 */
export function servedLines(file: string | null | undefined): string[] | null {
  if (!file || basename(file) !== file || !file.endsWith('.txt')) return null;
  const known = texts.get(file);
  if (known) return known;
  const path = resolve(SOURCES_DIR, file);
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  texts.set(file, lines);
  return lines;
}
