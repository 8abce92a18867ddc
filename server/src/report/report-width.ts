/** Column widths in the workbook: how wide a text prints. */

/** Display width: full-width characters (CJK, full-width forms) count 2, others 1; the longest line. */
export function displayWidth(text: string): number {
  let best = 0;
  for (const line of text.split('\n')) {
    let w = 0;
    for (const ch of line) {
      const c = ch.codePointAt(0)!;
      const half = c < 0x1100 || (c >= 0xff61 && c <= 0xff9f);
      w += half ? 1 : 2;
    }
    best = Math.max(best, w);
  }
  return best;
}
