/**
 * Writes schema.graphql from the code (`--check`: fails when the committed file differs).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { ROOT_DIR } from '../config.js';
import { createSchema } from './schema.js';

const file = resolve(ROOT_DIR, 'schema.graphql');
const header = '# Generated from the server code by `npm run schema`; do not edit. Checked by `npm run check`.\n\n';
const text = header + printSchema(lexicographicSortSchema(await createSchema())) + '\n';
if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error('schema.graphql is out of date: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  await writeFile(file, text);
  console.log(`wrote ${file}`);
}
