/**
 * `xlsx-cli template <out.xlsx>`: writes the empty dataset workbook (headers, notes, 説明 sheet).
 * `xlsx-cli export <in.json> <out.xlsx>`: converts a JSON dataset to a workbook.
 * `xlsx-cli json <in.xlsx> <out.json>`: reads a workbook back into a JSON dataset.
 * Input is validated first; problems are printed one per line and the exit code is 1.
 */
import { writeFile } from 'node:fs/promises';
import { readDatasetFile } from './read.js';
import { formatProblem } from './validate.js';
import { writeWorkbook } from './xlsx.js';

const usage = [
  'usage:',
  '  xlsx-cli template <out.xlsx>            空のテンプレートを書き出す / write the empty template',
  '  xlsx-cli export <in.json> <out.xlsx>    JSON のデータセットを Excel にする / convert a JSON dataset to a workbook',
  '  xlsx-cli json <in.xlsx> <out.json>      Excel を JSON のデータセットにする / convert a workbook to a JSON dataset',
].join('\n');

async function main(args: string[]): Promise<number> {
  const [command, a, b] = args;
  if (command === 'template' && a && !b) {
    await writeFile(a, await writeWorkbook(null));
    console.log(`wrote ${a} (empty template / 空のテンプレート)`);
    return 0;
  }
  if ((command === 'export' || command === 'json') && a && b) {
    const result = await readDatasetFile(a);
    if (!result.ok) {
      for (const p of result.problems) console.error(formatProblem(p));
      console.error(`${result.problems.length} problem(s) / ${result.problems.length}件の問題`);
      return 1;
    }
    if (command === 'export') await writeFile(b, await writeWorkbook(result.dataset));
    else await writeFile(b, `${JSON.stringify(result.dataset, null, 2)}\n`);
    console.log(`wrote ${b}`);
    return 0;
  }
  console.error(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
