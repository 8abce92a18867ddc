/**
 * `npm run import -- <file.json|file.xlsx> [--dry-run]`: validates the whole file, then writes it
 * in one transaction and prints what it added, changed and left alone. Exit 1 on any problem,
 * with the database unchanged.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadConfig } from '../config.js';
import { commandLineActor, fileSha256 } from '../audit/audit.sql.js';
import { openDatabase } from '../db/database.js';
import { StartupError } from '../shared/errors.js';
import { readDatasetFile } from './read.js';
import { formatProblem } from './validate.js';
import { importDataset, ImportConflictError, type ImportSummary } from './importer.js';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) {
  console.error('usage: npm run import -- <dataset.json|dataset.xlsx> [more files] [--dry-run]');
  process.exit(2);
}

let exitCode = 0;
const config = loadConfig();
const db = await openDatabase(config, (m) => console.error(m)).catch((e: unknown) => {
  console.error(e instanceof StartupError ? e.message : String(e));
  process.exit(1);
});
try {
  for (const file of files) {
    const read = await readDatasetFile(file);
    if (!read.ok) {
      for (const p of read.problems) console.error(formatProblem(p));
      console.error(`${file}: ${read.problems.length}件の問題があり、何も書き込んでいません / ${read.problems.length} problem(s); nothing was written`);
      exitCode = 1;
      continue;
    }
    let lastReport = 0;
    try {
      const summary = await importDataset(db.orm, read.dataset, {
        dryRun,
        budgetMs: config.importBudgetMs,
        audit: { actor: commandLineActor(), fileName: basename(file), sha256: fileSha256(await readFile(file)) },
        onProgress: (table, done, total) => {
          const now = Date.now();
          if (total >= 5000 && (now - lastReport > 1000 || done === total)) {
            lastReport = now;
            process.stderr.write(`  ${table}: ${done}/${total}\n`);
          }
        },
      });
      printSummary(file, summary);
    } catch (e) {
      exitCode = 1;
      if (e instanceof ImportConflictError) console.error(`${file}: ${e.ja} / ${e.en}; nothing was written`);
      else console.error(`${file}: import failed, nothing was written: ${(e as Error).message}`);
    }
  }
} finally {
  await db.close();
}
process.exit(exitCode);

function printSummary(file: string, s: ImportSummary) {
  console.log(`${file}: ${s.municipality.name} (${s.municipality.code})${s.dryRun ? ' — dry run, nothing written / 試行のみ' : ''}`);
  console.log(`  ${'table'.padEnd(34)} ${'added'.padStart(8)} ${'changed'.padStart(8)} ${'unchanged'.padStart(10)}`);
  for (const [table, c] of Object.entries(s.tables)) {
    console.log(`  ${table.padEnd(34)} ${String(c.added).padStart(8)} ${String(c.changed).padStart(8)} ${String(c.unchanged).padStart(10)}`);
  }
  console.log(`  ${'total 合計'.padEnd(33)} ${String(s.totals.added).padStart(8)} ${String(s.totals.changed).padStart(8)} ${String(s.totals.unchanged).padStart(10)}`);
}
