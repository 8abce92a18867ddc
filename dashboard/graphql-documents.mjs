/**
 * Reads a dashboard `.graphql` document with the fragments it imports. A line
 *
 *     #import "../../../shared/graphql/scale.fragment.graphql"
 *
 * (a path relative to the document) appends that file's text, and so on for the fragment's own
 * imports, each file once. For GraphQL the line is a comment, so a tool that does not resolve it
 * reports the fragment as unknown instead of sending a different query.
 *
 * One reader for everything that reads the documents: the Vite loader (graphql-loader.ts), the
 * validation against schema.graphql (scripts/check-graphql.mjs), the benchmark and the tests.
 * Files named `*.fragment.graphql` hold fragments only and are not operations of their own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /^#import\s+"([^"]+)"\s*$/gm;

/** True for a file of shared fragments (imported by operations, never sent alone). */
export const isFragmentFile = (file) => file.endsWith('.fragment.graphql');

/** The document's text followed by the text of every fragment file it imports (depth first, each once). */
export function readDocument(file) {
  const seen = new Set();
  const parts = [];
  const visit = (path, from) => {
    const abs = resolve(path);
    if (seen.has(abs)) return;
    seen.add(abs);
    if (!existsSync(abs)) throw new Error(`${from}: #import "${path}": no such file`);
    const text = readFileSync(abs, 'utf8');
    parts.push(text);
    for (const m of text.matchAll(IMPORT)) visit(resolve(dirname(abs), m[1]), abs);
  };
  visit(file, file);
  return parts.join('\n');
}

/** The files a document imports, itself first (for a build tool's watch list). */
export function documentFiles(file) {
  const out = [];
  const visit = (abs) => {
    if (out.includes(abs)) return;
    out.push(abs);
    for (const m of readFileSync(abs, 'utf8').matchAll(IMPORT)) visit(resolve(dirname(abs), m[1]));
  };
  visit(resolve(file));
  return out;
}
