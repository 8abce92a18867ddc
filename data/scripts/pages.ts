/**
 * Page maps of the source texts (where each page begins), written into each document record so
 * that a record's page follows from its line. The extraction drops page breaks, so each script
 * says what marks a new page in its document (a sheet's title, a repeated table header, the
 * space the extraction puts at the start of a page) and whether the numbers are printed.
 */
import type { DocumentPage } from '../../server/src/dataset/format.js';

/**
 * The page map whose pages begin on `starts` (line numbers; a first page from line 1 is added
 * when the first start is later), numbered from 1 or by `numbers` where the document prints them.
 */
export function pageMap(starts: readonly number[], opts: { numbers?: readonly number[]; printed?: boolean } = {}): DocumentPage[] {
  const lines = [...starts];
  if (opts.numbers && opts.numbers.length !== lines.length) throw new Error(`page map: ${lines.length} starts but ${opts.numbers.length} numbers`);
  if (lines[0] !== 1 && !opts.numbers) lines.unshift(1);
  lines.forEach((l, i) => {
    if (i > 0 && l <= lines[i - 1]!) throw new Error(`page map: start line ${l} is not after ${lines[i - 1]}`);
  });
  return lines.map((line, i) => ({ line, number: opts.numbers ? opts.numbers[i]! : i + 1, printed: Boolean(opts.printed) }));
}

/** The 1-based lines of `lines` that satisfy `test`. */
export function linesWhere(lines: readonly string[], test: (line: string, n: number) => boolean): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (test(l, i + 1)) out.push(i + 1);
  });
  return out;
}
