/**
 * The bundled datasets (data/seeds/*.json): the four cities' documents and the generated
 * サンプル市. Loaded on first start, when the database holds no municipality yet.
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ROOT_DIR } from '../config.js';
import { readDatasetFile } from './read.js';
import { formatProblem } from './validate.js';
import { importDataset, type ImportSummary } from './importer.js';
import { SEED_ACTOR, fileSha256 } from '../audit/audit.sql.js';

export const SEEDS_DIR = resolve(ROOT_DIR, 'data/seeds');

export async function seedFiles(dir = SEEDS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

/** Imports every bundled dataset; throws with every problem if one is invalid. */
export async function loadSeeds(orm: MikroORM, dir = SEEDS_DIR): Promise<ImportSummary[]> {
  const out: ImportSummary[] = [];
  for (const file of await seedFiles(dir)) {
    const read = await readDatasetFile(file);
    if (!read.ok) throw new Error(`bundled dataset ${file} is invalid:\n${read.problems.map(formatProblem).join('\n')}`);
    out.push(await importDataset(orm, read.dataset, { audit: { actor: SEED_ACTOR, fileName: basename(file), sha256: fileSha256(await readFile(file)) } }));
  }
  return out;
}

/** Loads the seeds when the database has no municipality. Returns what it loaded, or null. */
export async function seedIfEmpty(orm: MikroORM): Promise<ImportSummary[] | null> {
  const [{ count }] = await orm.em.getConnection().execute<{ count: string }[]>('select count(*)::text as count from municipality');
  if (Number(count) > 0) return null;
  return loadSeeds(orm);
}
