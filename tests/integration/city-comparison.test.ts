/**
 * Cities compared on the shared taxonomy (issue 21, database test): a prefecture analyst's
 * question — which of our 40 cities lag in 子育て (民生費) this year, on a comparable scale, and
 * since when — answered in one GraphQL request over 40 generated cities of サンプル県 plus the four
 * real ones, and every figure recomputed from the data files (class inheritance, normalised
 * levels, the peers' median) without the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, databaseChecksum, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { importDataset } from '../../server/src/dataset/importer.js';
import { generateDataset, SEED_PRESET } from '../../server/src/dataset/generate.js';
import { validateDataset } from '../../server/src/dataset/validate.js';
import { normalizeLevels } from '../../server/src/rating/normalized.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import type { Dataset } from '../../server/src/dataset/format.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const CITIES = 40;
let db: TestDatabase;
let schema: GraphQLSchema;
const generated: Dataset[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm); // the four real cities and サンプル市 (index 0)
  for (let i = 1; i < CITIES; i++) {
    const d = generateDataset({ ...SEED_PRESET, municipalityIndex: i });
    generated.push(d);
    await importDataset(db.orm, d);
  }
  generated.unshift(generateDataset({ ...SEED_PRESET, municipalityIndex: 0 }));
  schema = await createSchema();
}, 600_000);
afterAll(async () => db?.drop());

async function run(source: string, admin = false) {
  return graphql({ schema, source, contextValue: createContext(db.orm.em.fork(), { admin }) });
}
/** Runs a document with variables (the examples' defaults may name another prefecture). */
async function cjsRun(source: string, variableValues: Record<string, unknown>): Promise<any> {
  const r = await graphql({ schema, source, variableValues, contextValue: createContext(db.orm.em.fork()) });
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.data;
}
async function q<T = any>(source: string, admin = false): Promise<T> {
  const r = await run(source, admin);
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.data as T;
}

/** From a data file: each node's purpose classes, its own or its nearest mapped ancestor's. */
function effectiveClasses(d: Dataset, scheme: 'purpose' | 'sdg'): Map<string, string[]> {
  const own = new Map(d.classMappings.filter((c) => c.scheme === scheme).map((c) => [c.policyNode, c.classes]));
  const parent = new Map(d.policyNodes.map((n) => [n.key, n.parent]));
  const out = new Map<string, string[]>();
  for (const n of d.policyNodes) {
    let k: string | undefined = n.key;
    while (k && !own.has(k)) k = parent.get(k);
    if (k) out.set(n.key, own.get(k)!);
  }
  return out;
}

/** From a data file: the mean normalised score of the self-rated nodes in `cls` per year. */
function expectedSeries(d: Dataset, cls: string): Map<number, { n: number; score: number }> {
  const classes = effectiveClasses(d, 'purpose');
  const norm = new Map<string, number | null>();
  for (const s of d.ratingScales) normalizeLevels(s.levels).forEach((l, i) => norm.set(`${s.key}|${s.levels[i]!.code}`, l.normalizedScore));
  const sums = new Map<number, { n: number; sum: number }>();
  for (const e of d.evaluations) {
    const node = 'policyNode' in e.subject ? e.subject.policyNode : undefined;
    if (!node || e.stage !== 'self' || !e.level || !e.scale || !classes.get(node)?.includes(cls)) continue;
    const v = norm.get(`${e.scale}|${e.level}`);
    if (v == null) continue;
    const t = sums.get(e.fiscalYear) ?? { n: 0, sum: 0 };
    sums.set(e.fiscalYear, { n: t.n + 1, sum: t.sum + v });
  }
  return new Map([...sums].map(([y, t]) => [y, { n: t.n, score: t.sum / t.n }]));
}

const QUESTION = `{
  cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
    id stage classes { id code name }
    rows { id rank municipality { id code name population category }
      taxonomyClass { id code } fiscalYear { year label }
      score { id subjects normalizedScore onTrackShare }
      indicators { measured atTarget share medianAchievement }
      trend { id fiscalYear { year } subjects normalizedScore onTrackShare }
      peerMedianScore belowPeerMedianSince { year label }
      scales { id name levels { id code onTrack normalizedScore } } } } }`;

describe('the prefecture question in one request', () => {
  it('ranks the 40 cities of サンプル県 by their 民生費 score this year, lagging first, with since when', async () => {
    const { cityComparison: c } = await q(QUESTION);
    expect(c.classes.map((x: { code: string }) => x.code)).toEqual(['民生費']);
    expect(c.rows).toHaveLength(CITIES);
    const byCode = new Map(generated.map((d) => [d.municipality.code, d]));
    const latest = Math.max(...generated[0]!.evaluations.map((e) => e.fiscalYear));
    // Medians per year from the files, as the API must compute them.
    const series = new Map(generated.map((d) => [d.municipality.code, expectedSeries(d, '民生費')]));
    const medianOf = (y: number) => {
      const v = [...series.values()].map((s) => s.get(y)?.score).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
      const m = v.length >> 1;
      return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
    };
    let previous = -Infinity;
    for (const row of c.rows) {
      const s = series.get(row.municipality.code)!;
      expect(byCode.has(row.municipality.code)).toBe(true);
      expect(row.fiscalYear.year).toBe(latest);
      expect(row.score.subjects).toBe(s.get(latest)!.n);
      expect(Math.abs(row.score.normalizedScore - s.get(latest)!.score)).toBeLessThanOrEqual(0.0501); // shown to 0.1
      expect(row.score.normalizedScore).toBeGreaterThanOrEqual(previous);
      previous = row.score.normalizedScore;
      expect(row.trend.map((p: { fiscalYear: { year: number } }) => p.fiscalYear.year)).toEqual([...s.keys()].sort());
      for (const p of row.trend) {
        expect(p.subjects, `${row.municipality.code} ${p.fiscalYear.year}`).toBe(s.get(p.fiscalYear.year)!.n);
        expect(Math.abs(p.normalizedScore - s.get(p.fiscalYear.year)!.score)).toBeLessThanOrEqual(0.0501); // shown to 0.1
      }
      expect(Math.abs(row.peerMedianScore - medianOf(latest))).toBeLessThanOrEqual(0.0501); // shown to 0.1
      // Since when: the first year of the run of years below the median ending this year (a tie is not below).
      let since: number | null = null;
      for (let y = latest; s.has(y) && s.get(y)!.score < medianOf(y) - 1e-9; y--) since = y;
      expect(row.belowPeerMedianSince?.year ?? null).toBe(since);
      expect(row.municipality.population).toBeGreaterThan(0);
      // The stored definition of the number comes with it.
      expect(row.scales.length).toBeGreaterThan(0);
      expect(row.scales[0].levels.some((l: { onTrack: boolean }) => l.onTrack)).toBe(true);
      expect(row.indicators.measured).toBeGreaterThan(0);
    }
    // Some lag, some do not: the question has an answer.
    const lagging = c.rows.filter((r: { belowPeerMedianSince: unknown }) => r.belowPeerMedianSince);
    expect(lagging.length).toBeGreaterThan(5);
    expect(lagging.length).toBeLessThan(CITIES);
    expect(c.rows[c.rows.length - 1].rank).toBe(1); // rank 1 = highest score; the lagging come first
  });

  it('shows a city without ratings for the chosen year as no data, never as zero, and last', async () => {
    const { cityComparison: c } = await q(`{ cityComparison(cities: { codes: ["102041", "990001"] }, fiscalYear: 2016) {
      id rows { id rank municipality { id code } fiscalYear { year } score { id subjects normalizedScore } trend { id } } } }`);
    expect(c.rows.map((r: { municipality: { code: string } }) => r.municipality.code)).toEqual(['990001', '102041']);
    const isesaki = c.rows[1];
    expect(isesaki.score).toBeNull();
    expect(isesaki.rank).toBeNull();
    expect(isesaki.trend.length).toBeGreaterThan(0); // it has other years
    expect(c.rows[0].score.subjects).toBeGreaterThan(0);
  });

  it('refuses a selection without a condition, and an unknown class, saying where', async () => {
    const none = await run(`{ cityComparison(cities: {}) { id } }`);
    expect(none.errors?.[0]?.extensions?.field).toBe('cities');
    const bad = await run(`{ cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["子育て費"]) { id } }`);
    expect(bad.errors?.[0]?.message).toMatch(/子育て費/);
    expect(bad.errors?.[0]?.extensions?.field).toBe('classCodes');
  });
});

/** The latest year of a data file with self-evaluations that carry a level (any subject). */
const latestOf = (d: Dataset) => Math.max(...d.evaluations.filter((e) => e.stage === 'self' && e.level).map((e) => e.fiscalYear));
/** The value at fraction p of sorted values, interpolated (PostgreSQL's percentile_cont). */
function percentileCont(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

describe('cities grouped by their attributes (one request)', () => {
  const GROUPS = `{
    cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
      id peerMedians { id fiscalYear { year } medianScore cities }
      groups(groupBy: [CATEGORY, POPULATION_BAND]) {
        id label labelEn category populationBand { min max } taxonomyClass { id code }
        municipalities { id code } cities citiesWithData citiesWithoutData subjects
        normalizedScore { min lowerQuartile median upperQuartile max }
        onTrackShare { median } belowPeerMedian indicators { measured atTarget share } } } }`;

  it('the prefecture analyst groups 40 cities by category and population band and reads the group that lags', async () => {
    const { cityComparison: c } = await q(GROUPS);
    // Recomputed from the files: each city's category and band, its latest year's mean, the peers' median.
    const bandOf = (p: number) => ([50_000, 100_000, 200_000, 500_000].findIndex((l) => p < l) + 5) % 5;
    const series = new Map(generated.map((d) => [d.municipality.code, expectedSeries(d, '民生費')]));
    const latest = Math.max(...generated.map(latestOf));
    const all = [...series.values()].map((s) => s.get(latest)!.score).sort((a, b) => a - b);
    const overall = percentileCont(all, 0.5);
    const want = new Map<string, { codes: string[]; scores: number[]; subjects: number; below: number }>();
    for (const d of generated) {
      const a = d.municipality.attributes!;
      const k = `${a.category}|${bandOf(a.population!)}`;
      const s = series.get(d.municipality.code)!.get(latest)!;
      const g = want.get(k) ?? { codes: [], scores: [], subjects: 0, below: 0 };
      g.codes.push(d.municipality.code);
      g.scores.push(s.score);
      g.subjects += s.n;
      if (s.score < overall - 1e-9) g.below++;
      want.set(k, g);
    }
    expect(c.groups).toHaveLength(want.size);
    expect(want.size).toBeGreaterThan(2); // the question has groups to compare
    expect(c.groups.reduce((a: number, g: { cities: number }) => a + g.cities, 0)).toBe(CITIES);
    let previous = -Infinity;
    for (const g of c.groups) {
      const codes = g.municipalities.map((m: { code: string }) => m.code);
      const w = [...want.values()].find((x) => x.codes.slice().sort().join() === codes.join());
      expect(w, g.label).toBeDefined();
      expect(g.cities).toBe(w!.codes.length);
      expect(g.citiesWithData).toBe(w!.codes.length);
      expect(g.citiesWithoutData).toBe(0);
      expect(g.subjects).toBe(w!.subjects);
      expect(g.belowPeerMedian).toBe(w!.below);
      const sorted = w!.scores.sort((a, b) => a - b);
      expect(Math.abs(g.normalizedScore.median - percentileCont(sorted, 0.5))).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(g.normalizedScore.lowerQuartile - percentileCont(sorted, 0.25))).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(g.normalizedScore.upperQuartile - percentileCont(sorted, 0.75))).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(g.normalizedScore.min - sorted[0]!)).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(g.normalizedScore.max - sorted[sorted.length - 1]!)).toBeLessThanOrEqual(0.0501);
      // Lagging group first.
      expect(g.normalizedScore.median).toBeGreaterThanOrEqual(previous - 0.0501);
      previous = g.normalizedScore.median;
      // Named in Japanese by its keys (一般市・10万〜20万人), with the typed keys beside.
      expect(g.label).toMatch(/^(一般市|中核市)・(\d+万人未満|\d+万〜\d+万人|\d+万人以上)$/);
      expect(g.label.startsWith(g.category === 'CORE_CITY' ? '中核市' : '一般市')).toBe(true);
      expect(g.labelEn).toMatch(/^(Other city|Core city) · /);
      expect(g.taxonomyClass.code).toBe('民生費');
      expect(g.indicators.measured).toBeGreaterThan(0);
    }
    // The peers' median per year, the small multiples' reference line.
    const lastMedian = c.peerMedians.find((m: { fiscalYear: { year: number } }) => m.fiscalYear.year === latest);
    expect(Math.abs(lastMedian.medianScore - overall)).toBeLessThanOrEqual(0.0501);
    expect(lastMedian.cities).toBe(CITIES);
  });

  it('counts a city without ratings in the year apart, never as zero', async () => {
    const { cityComparison: c } = await q(`{ cityComparison(cities: { codes: ["102041", "122360", "990001"] }, fiscalYear: 2016) {
      id groups(groupBy: [CATEGORY]) { id label cities citiesWithData citiesWithoutData subjects normalizedScore { median } } } }`);
    const special = c.groups.find((g: { label: string }) => g.label === '施行時特例市'); // 伊勢崎市: no FY2016 ratings
    expect(special).toMatchObject({ cities: 1, citiesWithData: 0, citiesWithoutData: 1, subjects: 0, normalizedScore: null });
    expect(c.groups[c.groups.length - 1].label).toBe('施行時特例市'); // no data last
    const city = c.groups.find((g: { label: string }) => g.label === '一般市');
    expect(city.citiesWithData).toBeGreaterThan(0);
  });

  it('refuses bad groupings and bands, saying where', async () => {
    const bands = await run(`{ cityComparison(cities: { prefecture: "サンプル県" }) { id groups(groupBy: [POPULATION_BAND], populationBands: [100000, 50000]) { id } } }`);
    expect(bands.errors?.[0]?.extensions?.field).toBe('populationBands');
    expect(bands.errors?.[0]?.message).toMatch(/小さい順/);
    const none = await run(`{ cityComparison(cities: { prefecture: "サンプル県" }) { id groups(groupBy: []) { id } } }`);
    expect(none.errors?.[0]?.extensions?.field).toBe('groupBy');
  });
});

describe('each city’s own latest year in a filter (fiscalYears.latestRatedStage)', () => {
  const DIST = (filter: string, groupBy: string, extra = '') => `{ ratingDistribution(filter: { ${filter} }, groupBy: [${groupBy}]${extra}) {
    groups { municipality { id code } fiscalYear { year } total rated } } }`;

  it('picks every city’s latest self-rated year in one request, over the rollup and over the view alike', async () => {
    const files = new Map([...generated.map((d) => [d.municipality.code, d] as const)]);
    const filter = 'prefectures: ["サンプル県"], stages: [SELF], subjectKinds: [POLICY_NODE], fiscalYears: { latestRatedStage: SELF }';
    const d = await q(DIST(filter, 'MUNICIPALITY, FISCAL_YEAR'));
    const cities = new Set<string>();
    const totals = new Map<string, number>();
    for (const g of d.ratingDistribution.groups) {
      cities.add(g.municipality.code);
      expect(g.fiscalYear.year, g.municipality.code).toBe(latestOf(files.get(g.municipality.code)!));
      totals.set(g.municipality.code, (totals.get(g.municipality.code) ?? 0) + g.total);
    }
    expect(cities.size).toBe(CITIES);
    // The same through the view (grouped by a depth the rollup does not keep).
    const v = await q(DIST(filter, 'MUNICIPALITY, POLICY_NODE', ', policyDepth: 2'));
    const viaView = new Map<string, number>();
    for (const g of v.ratingDistribution.groups) viaView.set(g.municipality.code, (viaView.get(g.municipality.code) ?? 0) + g.total);
    expect(viaView).toEqual(totals);
  });

  it('lets cities with different latest years stand side by side', async () => {
    const d = await q(DIST('municipalityCodes: ["102041", "990001"], stages: [SELF], fiscalYears: { latestRatedStage: SELF }', 'MUNICIPALITY, FISCAL_YEAR'));
    const years = new Map(d.ratingDistribution.groups.map((g: any) => [g.municipality.code, g.fiscalYear.year]));
    const [{ y: isesaki }] = await db.orm.em.getConnection().execute(
      `select max(e.fiscal_year)::int as y from evaluation e join municipality m on m.id = e.municipality_id where m.code = '102041' and e.stage = 'self' and e.level_id is not null`,
    );
    expect(years.get('102041')).toBe(isesaki);
    expect(years.get('990001')).toBe(latestOf(generated[0]!));
    expect(years.get('102041')).not.toBe(years.get('990001'));
  });

  it('refuses latestRatedStage with a year range, changing nothing', async () => {
    const r = await run(DIST('fiscalYears: { latestRatedStage: SELF, from: 2020 }', 'MUNICIPALITY'));
    expect(r.errors?.[0]?.extensions?.field).toBe('fiscalYears.latestRatedStage');
  });
});

describe('the taxonomy', () => {
  const nodeClasses = async (city: string, key: string) => {
    const [{ id }] = await db.orm.em.getConnection().execute(
      'select pn.id from policy_node pn join municipality m on m.id = pn.municipality_id where m.code = ? and pn.key = ?',
      [city, key],
    );
    const r = await q(`{ policyNode(id: "${id}") { id classes { id inherited uncertain taxonomyClass { id scheme code } provenance { line note } } } }`);
    return { id: String(id), classes: r.policyNode.classes as { inherited: boolean; uncertain: boolean; taxonomyClass: { scheme: string; code: string }; provenance: { line: number | null; note: string | null } }[] };
  };

  it('lets a mapping hold for the subtree unless a child overrides it', async () => {
    // サンプル市: 子育て支援の充実 (n1-1) is 民生費; its measure 妊娠・出産への切れ目ない支援 maps 衛生費 itself.
    const d = generated[0]!;
    const measure = d.policyNodes.find((n) => n.name === '妊娠・出産への切れ目ない支援')!;
    const sibling = d.policyNodes.find((n) => n.parent === measure.parent && n.key !== measure.key)!;
    const m = await nodeClasses('990001', measure.key);
    expect(m.classes.filter((c) => c.taxonomyClass.scheme === 'PURPOSE').map((c) => [c.taxonomyClass.code, c.inherited])).toEqual([['衛生費', false]]);
    expect(m.classes.filter((c) => c.taxonomyClass.scheme === 'SDG').every((c) => c.inherited)).toBe(true);
    const s = await nodeClasses('990001', sibling.key);
    expect(s.classes.filter((c) => c.taxonomyClass.scheme === 'PURPOSE').map((c) => [c.taxonomyClass.code, c.inherited])).toEqual([['民生費', true]]);
  });

  it('lists a city’s nodes in one class (the policy view’s filter), own and inherited, as the file says', async () => {
    const d = generated[0]!;
    const want = [...effectiveClasses(d, 'purpose')].filter(([, c]) => c.includes('民生費')).map(([k]) => k);
    const rows = await db.orm.em.getConnection().execute(
      `select pn.id, pn.key from policy_node pn join municipality m on m.id = pn.municipality_id where m.code = '990001'`,
    );
    const idOf = new Map((rows as { id: number; key: string }[]).map((r) => [r.key, String(r.id)]));
    const r = await q(`{ policyNodesInClass(municipalityCode: "990001", scheme: PURPOSE, classCode: "民生費") { id taxonomyClass { id name } policyNodeIds } }`);
    expect(r.policyNodesInClass.taxonomyClass.name).toMatch(/民生費/);
    expect([...r.policyNodesInClass.policyNodeIds].sort()).toEqual(want.map((k) => idOf.get(k)!).sort());
    // The measure that maps 衛生費 itself is not in 民生費, though its policy is.
    const measure = d.policyNodes.find((n) => n.name === '妊娠・出産への切れ目ない支援')!;
    expect(r.policyNodesInClass.policyNodeIds).not.toContain(idOf.get(measure.key));
    const bad = await run(`{ policyNodesInClass(municipalityCode: "990001", scheme: PURPOSE, classCode: "子育て費") { id } }`);
    expect(bad.errors?.[0]?.extensions?.field).toBe('classCode');
  });

  it('maps the real cities with the line and a Japanese note, uncertain where two classes fit', async () => {
    const kosodate = await nodeClasses('102041', '1-2-1');
    const purpose = kosodate.classes.filter((c) => c.taxonomyClass.scheme === 'PURPOSE');
    expect(purpose.map((c) => c.taxonomyClass.code)).toEqual(['民生費']);
    expect(purpose[0]!.provenance.line).toBe(37);
    expect(purpose[0]!.provenance.note).toMatch(/児童福祉費/);
    const bousai = await nodeClasses('102041', '3-1-2');
    expect(bousai.classes.filter((c) => c.taxonomyClass.scheme === 'PURPOSE').every((c) => c.uncertain)).toBe(true);
    for (const code of ['122360', '142182', '112089']) {
      const [{ n }] = await db.orm.em.getConnection().execute(
        `select count(*)::int as n from policy_node_effective_class ec join municipality m on m.id = ec.municipality_id where m.code = ? and ec.scheme = 'purpose'`,
        [code],
      );
      expect(n, code).toBeGreaterThan(0);
    }
  });

  it('lets an administrator edit a mapping; refuses others and unknown classes, changing nothing', async () => {
    const d = generated[0]!;
    const measure = d.policyNodes.find((n) => n.name === '妊娠・出産への切れ目ない支援')!;
    const { id } = await nodeClasses('990001', measure.key);
    const before = await databaseChecksum(db);
    const denied = await run(`mutation { setPolicyNodeClasses(policyNodeId: "${id}", scheme: PURPOSE, classCodes: ["民生費"]) { id } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await run(`mutation { setPolicyNodeClasses(policyNodeId: "${id}", scheme: PURPOSE, classCodes: ["子育て費"]) { id } }`, true);
    expect(unknown.errors?.[0]?.extensions?.field).toBe('classCodes');
    expect(await databaseChecksum(db)).toBe(before);
    // Empty: the measure inherits its policy's 民生費 again.
    const cleared = await q(`mutation { setPolicyNodeClasses(policyNodeId: "${id}", scheme: PURPOSE, classCodes: []) { id inherited taxonomyClass { id code } } }`, true);
    expect(cleared.setPolicyNodeClasses.map((c: { inherited: boolean; taxonomyClass: { code: string } }) => [c.taxonomyClass.code, c.inherited])).toEqual([['民生費', true]]);
    const set = await q(`mutation { setPolicyNodeClasses(policyNodeId: "${id}", scheme: PURPOSE, classCodes: ["衛生費", "民生費"], uncertain: true, note: "母子保健と児童福祉にまたがる") { id inherited uncertain taxonomyClass { id code } } }`, true);
    expect(set.setPolicyNodeClasses.map((c: { taxonomyClass: { code: string } }) => c.taxonomyClass.code).sort()).toEqual(['民生費', '衛生費'].sort());
    expect(set.setPolicyNodeClasses.every((c: { uncertain: boolean; inherited: boolean }) => c.uncertain && !c.inherited)).toBe(true);
  });
});

describe('importing mappings and attributes', () => {
  it('reports unknown classes and a missing reference date with their place', () => {
    const d = JSON.parse(JSON.stringify(generated[1]!));
    d.classMappings[0].classes = ['子育て費'];
    d.municipality.attributes = { population: 1000 };
    const r = validateDataset(d);
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.problems.map((p) => p.path);
    expect(paths).toContain('classMappings[0].classes[0]');
    expect(paths).toContain('municipality.attributes.populationAsOf');
  });

  it('refuses a mapping of a node found neither in the file nor in the city, changing nothing', async () => {
    const d = generateDataset({ ...SEED_PRESET, municipalityIndex: 1 });
    d.classMappings.push({ policyNode: 'no-such-node', scheme: 'sdg', classes: ['3'], provenance: { document: 'generated' } });
    const before = await databaseChecksum(db);
    await expect(importDataset(db.orm, d)).rejects.toThrow(/no-such-node/);
    expect(await databaseChecksum(db)).toBe(before);
  });

  it('stores each level’s normalised score and on-track flag, derived from the scores', async () => {
    const r = await q(`{ municipality(code: "102041") { id ratingScales { id key levels { id code score onTrack normalizedScore } } } }`);
    const dev = r.municipality.ratingScales.find((s: { levels: { code: string }[] }) => s.levels.some((l) => l.code === '中'));
    expect(dev.levels.map((l: { code: string; normalizedScore: number; onTrack: boolean }) => [l.code, l.normalizedScore, l.onTrack])).toEqual([
      ['高', 100, true],
      ['中', 50, true],
      ['低', 0, false],
    ]);
  });
});

describe('the example queries across a prefecture (docs/queries)', () => {
  const example = (name: string) => readFileSync(resolve(import.meta.dirname, '../../docs/queries', `${name}.graphql`), 'utf8');
  const inPrefecture = (code: string) => generated.some((d) => d.municipality.code === code);

  it('cities lagging in a class: the 40 cities, each with its year and the number of subjects', async () => {
    const d = await q(example('cities-lagging-in-a-class'));
    expect(d.cityComparison.rows).toHaveLength(CITIES);
    for (const r of d.cityComparison.rows) expect(inPrefecture(r.municipality.code) && r.score.subjects > 0).toBe(true);
  });

  it('the distribution per city for its latest year: each of the 40 cities once, in its own latest year', async () => {
    const d = await cjsRun(example('distribution-per-city-latest-year'), { prefectures: ['サンプル県'] });
    const seen = new Map<string, number>();
    for (const g of d.ratingDistribution.groups) {
      expect(inPrefecture(g.municipality.code)).toBe(true);
      seen.set(g.municipality.code, g.fiscalYear.year);
    }
    expect(seen.size).toBe(CITIES);
    for (const g of generated) expect(seen.get(g.municipality.code)).toBe(latestOf(g));
  });

  it('cities grouped by category and population: every city of the prefecture in one group', async () => {
    const d = await q(example('cities-grouped-by-category-and-population'));
    expect(d.cityComparison.groups.reduce((a: number, g: { cities: number }) => a + g.cities, 0)).toBe(CITIES);
  });

  it('rule inconsistencies across a prefecture: only its cities, and the generator’s deliberate ones found', async () => {
    const d = await q(example('rule-inconsistencies-across-a-prefecture'));
    expect(d.ruleInconsistencies.totalCount).toBeGreaterThan(CITIES);
    for (const n of d.ruleInconsistencies.nodes) expect(inPrefecture(n.evaluation.municipality.code)).toBe(true);
    expect(new Set(d.ruleInconsistencies.nodes.map((n: any) => n.evaluation.municipality.code)).size).toBeGreaterThan(1);
  });

  it('planning division stricter across a prefecture: only its cities, stricter rows rated lower', async () => {
    const d = await q(example('planning-stricter-across-a-prefecture'));
    const c = d.stageComparison;
    expect(c.compared).toBeGreaterThan(CITIES);
    expect(c.stricter).toBeGreaterThan(0);
    for (const n of c.differences.nodes) {
      expect(inPrefecture(n.base.municipality.code)).toBe(true);
      if (n.stricter) expect(n.difference).toBeGreaterThan(0);
    }
  });
});

describe('peer groups', () => {
  it('picks cities by category and population band, every condition at once', async () => {
    const d = await q(`{ cityComparison(cities: { prefecture: "サンプル県", populationMin: 100000, populationMax: 300000 }) { id municipalities { id code population } } }`);
    const want = generated.filter((g) => g.municipality.attributes!.population! >= 100000 && g.municipality.attributes!.population! <= 300000).map((g) => g.municipality.code).sort();
    expect(d.cityComparison.municipalities.map((m: { code: string }) => m.code)).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    const core = await q(`{ cityComparison(cities: { category: CORE_CITY }) { id municipalities { id code } } }`);
    expect(core.cityComparison.municipalities.map((m: { code: string }) => m.code).sort()).toEqual(
      generated.filter((g) => g.municipality.attributes!.category === 'core_city').map((g) => g.municipality.code).sort(),
    );
  });

  it('saves a hand-picked list under a name (administrators), and compares it', async () => {
    const tenth = generated[10]!.municipality.code;
    const denied = await run(`mutation { savePeerGroup(name: "近隣3市", codes: ["990001", "${tenth}"]) { id } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await run(`mutation { savePeerGroup(name: "近隣3市", codes: ["990001", "000000"]) { id } }`, true);
    expect(unknown.errors?.[0]?.extensions?.field).toBe('codes');
    const saved = await q(`mutation { savePeerGroup(name: "近隣3市", codes: ["990001", "${tenth}", "102041"]) { id name municipalities { id code } } }`, true);
    expect(saved.savePeerGroup.municipalities.map((m: { code: string }) => m.code)).toEqual(['102041', '990001', tenth].sort());
    const list = await q(`{ peerGroups { id name municipalities { id code } } }`);
    expect(list.peerGroups.map((g: { name: string }) => g.name)).toEqual(['近隣3市']);
    const c = await q(`{ cityComparison(cities: { peerGroupId: "${saved.savePeerGroup.id}" }) { id rows { id municipality { id code } score { id subjects } } } }`);
    // Grouped by peer group: the saved group's cities of the prefecture, and the rest in no group.
    const g = await q(`{ cityComparison(cities: { prefecture: "サンプル県" }) { id groups(groupBy: [PEER_GROUP]) { id label peerGroup { id name } cities municipalities { id code } } } }`);
    const named = g.cityComparison.groups.find((x: { peerGroup: { name: string } | null }) => x.peerGroup?.name === '近隣3市');
    expect(named.municipalities.map((m: { code: string }) => m.code)).toEqual(['990001', tenth].sort());
    expect(named.label).toBe('近隣3市');
    const rest = g.cityComparison.groups.find((x: { peerGroup: unknown }) => x.peerGroup === null);
    expect(rest).toMatchObject({ label: '比較グループなし', cities: CITIES - 2 });
    expect(c.cityComparison.rows.map((r: { municipality: { code: string } }) => r.municipality.code).sort()).toEqual(['102041', '990001', tenth].sort());
  });
});
