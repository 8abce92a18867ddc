/**
 * How the curators' provenance notes in data/seeds write a place in a source text (see
 * data/seeds/README.md): Japanese, 1-based lines and cells, e.g. 「45行目」「1215〜1222行目」「45行目 9列目」.
 */

/** 「45行目」, or 「45〜47行目」 for a range of lines. */
export function lineRef(from: number, to: number = from): string {
  return to === from ? `${from}行目` : `${from}〜${to}行目`;
}

/** Several lines: runs of consecutive lines as ranges, joined with 「・」 (「72行目・74行目」「259〜261行目」). */
export function linesRef(ns: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const n of ns) {
    const last = runs[runs.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs.map(([a, b]) => lineRef(a, b)).join('・');
}

/**
 * 「9列目」 or 「14〜16列目」: cells of a tab-separated line, given 0-based as the scripts index
 * them and written 1-based as a reader counts them.
 */
export function colRef(cell: number, lastCell: number = cell): string {
  return lastCell === cell ? `${cell + 1}列目` : `${cell + 1}〜${lastCell + 1}列目`;
}

/** 「45行目 9列目」 or 「36行目 14〜16列目」 (cells 0-based as in `colRef`). */
export function cellRef(line: number, cell: number, lastCell: number = cell): string {
  return `${line}行目 ${colRef(cell, lastCell)}`;
}
