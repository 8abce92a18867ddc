/**
 * Which lines the source viewer shows: the record's lines with a few around them, kept inside
 * the document and within what the server gives at once (MAX_SOURCE_LINES).
 */

/** The server's limit on lines per request (server/src/graphql/limits.ts MAX_SOURCE_LINES). */
export const MAX_SOURCE_LINES = 200;
/** Lines shown before and after the record's own. */
export const CONTEXT_LINES = 5;
/** Lines added when the reader asks for more above or below. */
export const MORE_LINES = 20;

export interface LineWindow {
  from: number;
  to: number;
}

/**
 * The first window for a record on lines `line`..`lineEnd` of a document of `lineCount` lines.
 * A record longer than the server's maximum shows its first lines.
 */
export function initialWindow(line: number, lineEnd: number | null | undefined, lineCount: number): LineWindow {
  const first = Math.min(Math.max(1, line), lineCount);
  const last = Math.min(Math.max(first, lineEnd ?? first), lineCount);
  const from = Math.max(1, first - CONTEXT_LINES);
  const to = Math.min(lineCount, last + CONTEXT_LINES, from + MAX_SOURCE_LINES - 1);
  return { from, to };
}

/** The window grown by MORE_LINES above or below, never past the document or the maximum span. */
export function grow(w: LineWindow, side: 'above' | 'below', lineCount: number): LineWindow {
  if (side === 'above') {
    const from = Math.max(1, w.from - MORE_LINES);
    return { from, to: Math.min(w.to, from + MAX_SOURCE_LINES - 1) };
  }
  const to = Math.min(lineCount, w.to + MORE_LINES);
  return { from: Math.max(w.from, to - MAX_SOURCE_LINES + 1), to };
}
