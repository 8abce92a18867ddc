/**
 * One pass over a JSON text before it is parsed, for what JSON.parse passes over or chokes on:
 * nesting deeper than a limit (a file of brackets took JSON.parse long and then overflowed the
 * validator's stack: "Maximum call stack size exceeded"), and keys given twice in one object
 * (JSON.parse keeps the last silently; in a dataset that is a mistake worth showing). Each is
 * reported with its place: the JSON path, line and column. Linear in the text, no recursion.
 */

export interface JsonPlace {
  /** JSON path such as `indicators[3].values[0]`. */
  path: string;
  line: number;
  column: number;
}

export interface JsonScan {
  /** The first place where the nesting goes deeper than the limit. */
  tooDeep?: JsonPlace & { depth: number };
  /** Keys that appear twice in one object (at most `maxDuplicates`). */
  duplicates: (JsonPlace & { key: string })[];
}

type Frame = { kind: 'object'; keys: Set<string>; key: string | null } | { kind: 'array'; index: number };

const pathOf = (stack: Frame[]): string =>
  stack.reduce((acc, f) => {
    if (f.kind === 'array') return `${acc}[${f.index}]`;
    if (f.key === null) return acc;
    return acc ? `${acc}.${f.key}` : f.key;
  }, '');

/** Scans `text` (see the module comment); stops at the first place too deep. Malformed JSON is left to JSON.parse. */
export function scanJson(text: string, maxDepth: number, maxDuplicates = 100): JsonScan {
  const out: JsonScan = { duplicates: [] };
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  // In an object: the next string is a key.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        let key: string;
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          return out; // malformed: JSON.parse will say where
        }
        if (top.keys.has(key)) {
          if (out.duplicates.length < maxDuplicates) {
            top.key = key;
            out.duplicates.push({ key, path: pathOf(stack), line, column: start - lineStart + 1 });
          }
        } else top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length + 1 > maxDepth) {
        out.tooDeep = { depth: stack.length + 1, path: pathOf(stack), line, column: i - lineStart + 1 };
        return out;
      }
      stack.push(c === 0x7b ? { kind: 'object', keys: new Set(), key: null } : { kind: 'array', index: 0 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else if (top?.kind === 'object') expectKey = true;
    }
  }
  return out;
}
