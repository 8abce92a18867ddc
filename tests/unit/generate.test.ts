/**
 * The generator of fictional, labelled data (server/src/dataset/generate.ts): valid, deterministic,
 * flagged as generated, at benchmark scale, with codes that can never be a real municipality's.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  achievementPercent,
  datasetCounts,
  generateDataset,
  generatedMunicipalityCode,
  generateNation,
  outlookLevel,
  SEED_PRESET,
} from '../../server/src/dataset/generate.js';
import { validateDataset, formatProblem } from '../../server/src/dataset/validate.js';
import { isValidMunicipalityCode } from '../../server/src/shared/municipality-code.js';
import type { Dataset } from '../../server/src/dataset/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED_FILE = resolve(here, '../../data/seeds/generated-sample-city.json');

const city = generateDataset();

function expectValid(d: Dataset) {
  const r = validateDataset(JSON.parse(JSON.stringify(d)));
  expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
}

describe('generateDataset', () => {
  it('passes validateDataset (default, seed preset, other cities and seeds)', () => {
    expectValid(city);
    expectValid(generateDataset(SEED_PRESET));
    expectValid(generateDataset({ seed: 42, municipalityIndex: 1740 }));
    expectValid(generateDataset({ seed: 3, municipalityIndex: 5, years: 4, startYear: 2020, indicatorsPerMeasure: 1 }));
  });

  it('is deterministic for a seed and different for another seed or city', () => {
    const json = JSON.stringify(city);
    expect(JSON.stringify(generateDataset({ seed: 1 }))).toBe(json);
    expect(JSON.stringify(generateDataset({ seed: 2 }))).not.toBe(json);
    const other = generateDataset({ municipalityIndex: 1 });
    expect(other.municipality.name).toBe('サンプル市1');
    expect(JSON.stringify(other.indicators)).not.toBe(JSON.stringify(city.indicators));
  });

  it('is flagged as generated: municipality, document and every provenance', () => {
    expect(city.municipality).toMatchObject({ name: 'サンプル市', prefecture: 'サンプル県', generated: true });
    expect(city.documents).toHaveLength(1);
    expect(city.documents[0]).toMatchObject({ title: '生成データ（サンプル）', generated: true });
    const doc = city.documents[0]!.key;
    const provs = [
      ...city.plans,
      ...city.departments,
      ...city.ratingScales,
      ...city.policyNodes,
      ...city.indicators,
      ...city.evaluations,
      ...city.projects,
      ...city.departmentPolicies,
    ].map((r) => r.provenance);
    expect(provs.length).toBeGreaterThan(8000);
    for (const p of provs) expect(p).toEqual({ document: doc, note: '生成データ（架空の市）' });
  });

  it('has the expected shape and counts for one city', () => {
    const c = datasetCounts(city);
    expect(city.plans).toHaveLength(1);
    expect(city.plans[0]).toMatchObject({ kind: 'comprehensive', startYear: 2015, endYear: 2024, levels: ['基本目標', '政策', '施策', '事業'] });
    expect(city.departments.filter((d) => d.kind === '部')).toHaveLength(8);
    expect(city.departments.filter((d) => d.kind === '課')).toHaveLength(30);
    const byDepth = [1, 2, 3, 4].map((depth) => city.policyNodes.filter((n) => n.depth === depth).length);
    expect(byDepth[0]).toBe(6);
    expect(byDepth[1]).toBe(18);
    expect(c.measures).toBeGreaterThanOrEqual(40);
    expect(c.measures).toBeLessThanOrEqual(56);
    expect(byDepth[3]).toBeGreaterThanOrEqual(2 * c.measures);
    expect(byDepth[3]).toBeLessThanOrEqual(3 * c.measures);
    const measures = city.policyNodes.filter((n) => n.depth === 3);
    expect(measures.every((n) => n.leadDepartment)).toBe(true);
    expect(measures.some((n) => n.relatedDepartments.length > 0)).toBe(true);
    const priority = city.policyNodes.filter((n) => n.priority).length / city.policyNodes.length;
    expect(priority).toBeGreaterThan(0.03);
    expect(priority).toBeLessThan(0.2);

    expect(c.indicators).toBeGreaterThanOrEqual(250);
    expect(c.indicators).toBeLessThanOrEqual(350);
    expect(c.indicatorValues).toBeGreaterThanOrEqual(3000);
    expect(c.indicatorValues).toBeLessThanOrEqual(5500);
    expect(c.evaluations).toBeGreaterThanOrEqual(7500);
    expect(c.evaluations).toBeLessThanOrEqual(10000);
    // About 300 projects (事務事業) a city: 5–7 per measure (issue 22), each with ten years of sheets.
    expect(c.projects).toBeGreaterThanOrEqual(5 * c.measures);
    expect(c.projects).toBeLessThanOrEqual(7 * c.measures);
    expect(c.projects).toBeGreaterThanOrEqual(250);
    expect(c.projects).toBeLessThanOrEqual(360);
    expect(c.projectCosts).toBe(10 * c.projects);
    expect(c.departmentPolicies).toBe(8 * 10);
    for (const p of city.departmentPolicies) {
      expect(p.initiatives.length).toBeGreaterThanOrEqual(2);
      expect(p.initiatives.length).toBeLessThanOrEqual(4);
      for (const it of p.initiatives) expect(['財務体質の強化', 'スマート自治体の推進', '再編・公共施設の適正管理', '個別課題']).toContain(it.category);
    }
  });

  it('has realistic indicators: units, directions, baselines, targets, gaps and printed text', () => {
    const lower = city.indicators.filter((i) => i.direction === 'lower_is_better').length / city.indicators.length;
    expect(lower).toBeGreaterThan(0.08);
    expect(lower).toBeLessThan(0.25);
    const units = new Set(city.indicators.map((i) => i.unit));
    for (const u of ['人', '%', '件', '団体', '千円', '回']) expect(units).toContain(u);
    const values = city.indicators.flatMap((i) => i.values);
    expect(values.some((v) => v.qualifier === 'at_most' && /以内$/.test(v.text))).toBe(true);
    for (const ind of city.indicators) {
      expect(ind.values.filter((v) => v.kind === 'baseline').map((v) => v.fiscalYear)).toEqual([2015]);
      expect(ind.values.some((v) => v.kind === 'target' && v.fiscalYear === 2024)).toBe(true);
      expect(ind.values.filter((v) => v.kind === 'actual')).toHaveLength(9);
    }
    const actuals = values.filter((v) => v.kind === 'actual');
    const missing = actuals.filter((v) => v.value === null);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length / actuals.length).toBeLessThan(0.1);
    for (const v of missing) expect(['-', 'ー']).toContain(v.text);
    expect(values.some((v) => /^\d{1,3}(,\d{3})+人$/.test(v.text))).toBe(true);
    expect(values.some((v) => /^\d+\.\d%$/.test(v.text))).toBe(true);
  });

  it('rates indicators by the achievement bands, off by one level for about 3 %', () => {
    const byKey = new Map(city.indicators.map((i) => [i.key, i]));
    let agree = 0;
    let disagree = 0;
    for (const e of city.evaluations) {
      if (!('indicator' in e.subject)) continue;
      const ind = byKey.get(e.subject.indicator)!;
      const actual = ind.values.find((v) => v.kind === 'actual' && v.fiscalYear === e.fiscalYear)!;
      if (actual.value === null) {
        expect(e.level).toBe('-');
        continue;
      }
      const target = ind.values.filter((v) => v.kind === 'target' && v.fiscalYear >= e.fiscalYear).sort((a, b) => a.fiscalYear - b.fiscalYear)[0]!;
      const expected = outlookLevel(achievementPercent(actual.value, target.value!, ind.direction as 'higher_is_better' | 'lower_is_better', target.qualifier));
      if (expected === e.level) agree++;
      else disagree++;
    }
    const rate = disagree / (agree + disagree);
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.07);
  });

  it('evaluates every measure every year in the self and secondary stages, external on about a third', () => {
    const measures = city.policyNodes.filter((n) => n.depth === 3);
    const evals = city.evaluations.filter((e) => 'policyNode' in e.subject && measures.some((m) => m.key === (e.subject as { policyNode: string }).policyNode));
    expect(evals.filter((e) => e.stage === 'self')).toHaveLength(measures.length * 10);
    expect(evals.filter((e) => e.stage === 'secondary')).toHaveLength(measures.length * 10);
    const external = new Set(evals.filter((e) => e.stage === 'external').map((e) => (e.subject as { policyNode: string }).policyNode));
    expect(external.size / measures.length).toBeGreaterThan(0.15);
    expect(external.size / measures.length).toBeLessThan(0.55);
    const self = new Map(evals.filter((e) => e.stage === 'self').map((e) => [`${(e.subject as { policyNode: string }).policyNode}/${e.fiscalYear}`, e]));
    const secondary = evals.filter((e) => e.stage === 'secondary');
    const same = secondary.filter((e) => self.get(`${(e.subject as { policyNode: string }).policyNode}/${e.fiscalYear}`)!.level === e.level).length;
    expect(same / secondary.length).toBeGreaterThan(0.65);
    expect(same / secondary.length).toBeLessThan(0.95);
    for (const e of evals.filter((x) => x.stage === 'self')) {
      expect(e.achievement).toBeTruthy();
      expect(e.issues).toBeTruthy();
      expect(e.response).toBeTruthy();
      expect(e.achievement).not.toMatch(/\{\w+\}/);
    }
    const levels = new Set(evals.map((e) => e.level));
    for (const l of ['A', 'B', 'C']) expect(levels).toContain(l);
  });
});

describe('generateNation and municipality codes', () => {
  it('gives 1,741 unique codes with valid check digits that are never a real prefecture (01-47)', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 1741; i++) {
      const code = generatedMunicipalityCode(i);
      expect(isValidMunicipalityCode(code), code).toBe(true);
      expect(Number(code.slice(0, 2)), code).toBeGreaterThan(47);
      codes.add(code);
    }
    expect(codes.size).toBe(1741);
    expect(generatedMunicipalityCode(0).slice(0, 2)).toBe('99');
    expect(generatedMunicipalityCode(1000).slice(0, 2)).toBe('98');
  });

  it('yields cities on demand, each equal to generateDataset for its index', () => {
    const it = generateNation({ cities: 1741, seed: 5 });
    const first = it.next().value as Dataset;
    const second = it.next().value as Dataset;
    expect(first.municipality.name).toBe('サンプル市');
    expect(second.municipality.name).toBe('サンプル市1');
    expect(JSON.stringify(second)).toBe(JSON.stringify(generateDataset({ seed: 5, municipalityIndex: 1 })));
    expect(second.municipality.code).toBe(generatedMunicipalityCode(1));
    const three = [...generateNation({ cities: 3 })];
    expect(new Set(three.map((d) => d.municipality.code)).size).toBe(3);
  });

  it('reaches benchmark scale for 1,741 cities (≈ 5 million indicator values, ≈ 15 million evaluations)', () => {
    let values = 0;
    let evaluations = 0;
    const sample = 5;
    for (const d of generateNation({ cities: sample, seed: 9, firstIndex: 600 })) {
      const c = datasetCounts(d);
      values += c.indicatorValues;
      evaluations += c.evaluations;
    }
    const nationValues = (values / sample) * 1741;
    const nationEvaluations = (evaluations / sample) * 1741;
    expect(nationValues).toBeGreaterThan(4e6);
    expect(nationValues).toBeLessThan(9e6);
    expect(nationEvaluations).toBeGreaterThan(12e6);
    expect(nationEvaluations).toBeLessThan(18e6);
  });
});

describe('the bundled seed data/seeds/generated-sample-city.json', () => {
  it('is what the generator makes with SEED_PRESET, and stays under 3 MB', () => {
    // About 300 projects with ten years of sheets (issue 22) took it from 1.5 to 2.7 MB.
    expect(statSync(SEED_FILE).size).toBeLessThan(3 * 1024 * 1024);
    const onDisk: unknown = JSON.parse(readFileSync(SEED_FILE, 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(generateDataset(SEED_PRESET))));
  });
});
