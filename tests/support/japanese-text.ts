/**
 * The check that Japanese outputs (screens, CSV, xlsx, PDF) carry no English prose and no raw
 * codes: every word of Latin letters must be on a short, reviewed allowlist, or be printed in
 * the source documents themselves (data stays as printed: 「SNS」「ICT」「STEP1」).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SOURCES_DIR } from '../../server/src/provenance/source-files.js';

/**
 * Reviewed words. Rating codes (A–D, S), era initials (H, R, with a year: R5), units, product
 * and format names a Japanese user reads as they are.
 */
export const LATIN_ALLOWLIST: ReadonlySet<string> = new Set([
  // rating codes and era initials (R5, H30 match the pattern below)
  'A', 'B', 'C', 'D', 'S', 'R', 'H',
  // units
  'km', 'kg', 'g', 'm', 'm2', 'm3', 'ha', 't', 'mg', 'L', 'kW', 'kWh', 'MWh', 'CO2', 'pt',
  // product, format and standard names
  'GraphQL', 'GraphiQL', 'API', 'CSV', 'PDF', 'Excel', 'xlsx', 'JSON', 'SDGs', 'KPI', 'ID', 'URL', 'OK',
  // image formats of the charts' export buttons (PNG保存, SVG保存), read as names like CSV
  'PNG', 'SVG',
  // the key as printed on the keyboard (施策体系: Enterで開く)
  'Enter',
  // 綾瀬's name for the third level of its strategic projects, whose rows it prints STEP1–STEP3
  'STEP',
  // language switch (the name of the other language, shown in its own script)
  'English',
]);

const ERA_YEAR = /^[RH]\d{1,2}$/;

const WORD = /[A-Za-z][A-Za-z0-9]*/g;

function wordsOf(text: string): string[] {
  return text.normalize('NFKC').match(WORD) ?? [];
}

let printed: Set<string> | undefined;
/** Every Latin word printed in the source documents (data/sources), after NFKC. */
export function printedLatinWords(): ReadonlySet<string> {
  if (!printed) {
    printed = new Set();
    for (const f of readdirSync(SOURCES_DIR).filter((n) => n.endsWith('.txt'))) {
      const text = readFileSync(resolve(SOURCES_DIR, f), 'utf8');
      for (const w of wordsOf(text)) printed.add(w);
      // A word the extraction printed letter-spaced ("L I V E 1 1 9" in 綾瀬's 部局運営方針) is printed too.
      for (const m of text.normalize('NFKC').matchAll(/(?:[A-Za-z0-9] ){2,}[A-Za-z0-9]/g)) for (const w of wordsOf(m[0].replace(/ /g, ''))) printed.add(w);
    }
  }
  return printed;
}

/**
 * The Latin words of `text` that are neither on the allowlist nor printed in the source
 * documents, each once, in order of appearance. An empty list means the text passes. `extra`
 * is data shown as it is (addresses, file names, a hash), split into words the same way.
 */
export function foreignWords(text: string, extra: Iterable<string> = []): string[] {
  const allowed = new Set([...LATIN_ALLOWLIST, ...printedLatinWords(), ...[...extra].flatMap(wordsOf)]);
  const out: string[] = [];
  for (const w of wordsOf(text)) {
    if (allowed.has(w) || ERA_YEAR.test(w) || out.includes(w)) continue;
    out.push(w);
  }
  return out;
}

/** Like foreignWords, but each with up to 30 characters around its first use, for a failure message. */
export function foreignWordsInContext(text: string, extra: Iterable<string> = []): string[] {
  const flat = text.normalize('NFKC').replace(/\s+/g, ' ');
  return foreignWords(text, extra).map((w) => {
    const i = flat.search(new RegExp(`(?<![A-Za-z0-9])${w}(?![A-Za-z0-9])`));
    return `${w}: …${flat.slice(Math.max(0, i - 30), i + w.length + 30)}…`;
  });
}
