// Validates every .graphql document of the dashboard (with the fragments it imports) against the
// committed schema.graphql; every shared fragment file must be imported by some document.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { documentFiles, isFragmentFile, readDocument } from '../graphql-documents.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = buildSchema(readFileSync(join(root, '../schema.graphql'), 'utf8'));
const files = [];
(function walk(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.graphql')) files.push(p);
  }
})(join(root, 'src'));
// The server's own limits (built server): every document must stay under its cost and depth limits.
let limits = null;
try {
  limits = await import(join(root, '../server/dist/graphql/limits.js'));
} catch {
  console.log('server not built: cost and depth are not checked (npm run build -w server)');
}
let bad = 0;
const imported = new Set();
for (const f of files.filter((x) => !isFragmentFile(x))) {
  let doc;
  try {
    for (const i of documentFiles(f).slice(1)) imported.add(i);
    doc = parse(readDocument(f));
  } catch (e) {
    bad++;
    console.log(`${relative(root, f)}: ${e.message}`);
    continue;
  }
  const errors = validate(schema, doc);
  for (const e of errors) {
    bad++;
    console.log(`${relative(root, f)}: ${e.message}`);
  }
  if (limits && !errors.length) {
    for (const op of doc.definitions.filter((d) => d.kind === 'OperationDefinition')) {
      // Pages are requested at most 200 at a time (useAllPages); assume the largest.
      const m = limits.measureOperation(schema, doc, op, { first: 200 });
      const tag = `${relative(root, f)}: cost ${m.cost}/${limits.MAX_COST}, depth ${m.depth}/${limits.MAX_DEPTH}`;
      if (m.cost > limits.MAX_COST || m.depth > limits.MAX_DEPTH) {
        bad++;
        console.log(`${tag} — over the limit`);
      } else if (process.argv.includes('--verbose')) console.log(tag);
    }
  }
}
for (const f of files.filter((x) => isFragmentFile(x) && !imported.has(x))) {
  bad++;
  console.log(`${relative(root, f)}: imported by no document`);
}
console.log(`${files.length} documents, ${bad} problems`);
process.exit(bad ? 1 : 0);
