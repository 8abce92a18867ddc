/**
 * `generate-cli`: writes generated (fictional, labelled) datasets.
 *
 *   npx tsx server/src/dataset/generate-cli.ts                       # サンプル市 → data/seeds/generated-sample-city.json
 *   npx tsx server/src/dataset/generate-cli.ts --out data/generated/sample-city.json [--index 3]
 *   npx tsx server/src/dataset/generate-cli.ts --cities 1741 --out-dir data/generated/nation
 *
 * Options: --seed N (default 1), --years N (default 10), --start-year Y (default 2015),
 * --indicators-per-measure N or MIN-MAX (default 5-7), --first-index N (with --cities),
 * --preset full|seed (default: seed when writing the bundled seed file, i.e. without --out;
 * full otherwise — see SEED_PRESET), --pretty / --compact (default: compact; the generated
 * files are regenerated, never edited by hand).
 * Prints each file written and the totals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datasetCounts, generateDataset, generateNation, SEED_PRESET, type GenerateOptions } from './generate.js';

const DEFAULT_OUT = 'data/seeds/generated-sample-city.json';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: generate-cli [--out FILE] [--index N] | --cities N --out-dir DIR [--first-index N]\n' +
      '       [--seed N] [--years N] [--start-year Y] [--indicators-per-measure N|MIN-MAX] [--preset full|seed] [--pretty|--compact]',
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = new Map<string, string>();
const flags = new Set<string>();
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--help' || a === '-h') usage();
  if (a === '--pretty' || a === '--compact') flags.add(a);
  else if (a.startsWith('--')) {
    const [name, inline] = a.split('=', 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined) usage(`${name} needs a value`);
    opts.set(name, value);
  } else usage(`unexpected argument ${a}`);
}
const known = ['--preset', '--out', '--out-dir', '--cities', '--index', '--first-index', '--seed', '--years', '--start-year', '--indicators-per-measure'];
for (const k of opts.keys()) if (!known.includes(k)) usage(`unknown option ${k}`);

const int = (name: string): number | undefined => {
  const v = opts.get(name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) usage(`${name} must be an integer, got ${v}`);
  return Number(v);
};
const ipmText = opts.get('--indicators-per-measure');
let indicatorsPerMeasure: GenerateOptions['indicatorsPerMeasure'];
if (ipmText !== undefined) {
  const mm = /^(\d+)(?:-(\d+))?$/.exec(ipmText);
  if (!mm) usage('--indicators-per-measure must be N or MIN-MAX');
  indicatorsPerMeasure = mm[2] ? [Number(mm[1]), Number(mm[2])] : Number(mm[1]);
}
const oneCity = !opts.has('--cities');
const preset = opts.get('--preset') ?? (oneCity && !opts.has('--out') ? 'seed' : 'full');
if (preset !== 'seed' && preset !== 'full') usage('--preset must be full or seed');
const given: GenerateOptions = { seed: int('--seed'), years: int('--years'), startYear: int('--start-year'), indicatorsPerMeasure };
for (const k of Object.keys(given) as (keyof GenerateOptions)[]) if (given[k] === undefined) delete given[k];
const common: GenerateOptions = { ...(preset === 'seed' ? SEED_PRESET : {}), ...given };

const totals = { cities: 0, bytes: 0, indicators: 0, indicatorValues: 0, evaluations: 0, policyNodes: 0, projects: 0 };
const write = (file: string, data: unknown, pretty: boolean) => {
  mkdirSync(dirname(file), { recursive: true });
  const text = `${JSON.stringify(data, null, pretty ? 2 : undefined)}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const started = performance.now();

const cities = int('--cities');
if (cities !== undefined) {
  const outDir = opts.get('--out-dir');
  if (!outDir) usage('--cities needs --out-dir');
  if (opts.has('--out') || opts.has('--index')) usage('--out and --index are for one city; use --out-dir and --first-index with --cities');
  const pretty = flags.has('--pretty');
  console.log(`preset ${preset}`);
  const firstIndex = int('--first-index') ?? 0;
  for (const d of generateNation({ ...common, cities, firstIndex })) {
    const file = join(outDir, `generated-${d.municipality.code}.json`);
    const bytes = write(file, d, pretty);
    const c = datasetCounts(d);
    totals.cities++;
    totals.bytes += bytes;
    totals.indicators += c.indicators;
    totals.indicatorValues += c.indicatorValues;
    totals.evaluations += c.evaluations;
    totals.policyNodes += c.policyNodes;
    totals.projects += c.projects;
    if (cities <= 20 || totals.cities % 100 === 0 || totals.cities === cities)
      console.log(`wrote ${file} (${d.municipality.name}, ${mb(bytes)})${cities > 20 ? ` [${totals.cities}/${cities}]` : ''}`);
  }
} else {
  if (opts.has('--out-dir') || opts.has('--first-index')) usage('--out-dir and --first-index need --cities');
  const file = opts.get('--out') ?? DEFAULT_OUT;
  const d = generateDataset({ ...common, municipalityIndex: int('--index') ?? 0 });
  const bytes = write(file, d, flags.has('--pretty'));
  const c = datasetCounts(d);
  totals.cities = 1;
  totals.bytes = bytes;
  Object.assign(totals, { indicators: c.indicators, indicatorValues: c.indicatorValues, evaluations: c.evaluations, policyNodes: c.policyNodes, projects: c.projects });
  console.log(`wrote ${file} (${d.municipality.name} ${d.municipality.code}, preset ${preset}, ${mb(bytes)})`);
  console.log(
    `  ${c.departments} departments, ${c.policyNodes} policy nodes (${c.measures} measures), ${c.indicators} indicators (${c.indicatorValues} values), ` +
      `${c.evaluations} evaluations, ${c.projects} projects (${c.projectAmounts} amounts), ${c.departmentPolicies} department policies`,
  );
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `total: ${totals.cities} cities, ${totals.policyNodes.toLocaleString('en')} policy nodes, ${totals.indicators.toLocaleString('en')} indicators, ` +
    `${totals.indicatorValues.toLocaleString('en')} indicator values, ${totals.evaluations.toLocaleString('en')} evaluations, ` +
    `${totals.projects.toLocaleString('en')} projects, ${mb(totals.bytes)} in ${seconds.toFixed(1)} s`,
);
