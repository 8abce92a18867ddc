/** The page a line is printed on, by a document's page map (where each page begins). */
export function pageOfLine(pages: readonly { line: number; number: number }[] | undefined | null, line: number | undefined | null): number | null {
  if (!pages?.length || line == null) return null;
  let page: number | null = null;
  for (const p of pages) {
    if (p.line > line) break;
    page = p.number;
  }
  return page;
}
