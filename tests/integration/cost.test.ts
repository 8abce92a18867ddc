/**
 * Money and results (issue 22), database test: projects' costs imported with validation and read
 * back through the schema, with every computed figure recomputed here from the records it says it
 * was computed from. 所沢's printed amounts and rates come out as printed; a generated city's
 * roll-ups equal the sums of its sheets with their shares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { createTestDatabase, databaseChecksum, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { createSchema } from '../../server/src/graphql/schema.js';
import { createContext } from '../../server/src/graphql/context.js';
import { importDataset } from '../../server/src/dataset/importer.js';
import { validateDataset } from '../../server/src/dataset/validate.js';
import { readWorkbook, writeWorkbook } from '../../server/src/dataset/xlsx.js';
import { generateDataset, SEED_PRESET } from '../../server/src/dataset/generate.js';
import type { Dataset } from '../../server/src/dataset/format.js';
import { totalCostOf } from '../../server/src/cost/cost-parts.js';

const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const TOKOROZAWA = '112089';

let db: TestDatabase;
let schema: GraphQLSchema;
let generated: Dataset;
let generatedCode: string;
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  schema = await createSchema();
  generated = generateDataset({ ...SEED_PRESET, seed: 22, municipalityIndex: 7 });
  const s = await importDataset(db.orm, generated);
  generatedCode = s.municipality.code;
}, 120_000);
afterAll(async () => db?.drop());

async function q<T = any>(source: string, variableValues?: Record<string, unknown>): Promise<T> {
  const r = await graphql({ schema, source, variableValues, contextValue: createContext(db.orm.em.fork()) });
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.data as T;
}
const num = (printed: string) => Number(printed.replace(/[,%]/g, ''));

const ROLLUP = `query($m: String!, $y: Int!, $g: CostGrouping, $d: Int, $n: ID) {
  costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: $g, depth: $d, nodeId: $n) {
    id key name projects totalCost totalCostProjects settled settledProjects budget budgetProjects executionRate executionProjects
    previousTotalCost comparableTotalCost changeProjects changeRate direction rating { id code normalizedScore }
  }
}`;

describe('所沢: the printed amounts and rates, recomputed', () => {
  it('each project’s H29 決算額 and H30 予算額 equal the printed text, and its cost per unit is 決算額 ÷ H29 実績 (no 人件費 printed: トータルコスト unknown)', async () => {
    const d = await q(`query($m: [String!]) { projects(filter: { municipalityCodes: $m }, first: 50) { nodes { id name
        amounts { fiscalYear { year } kind thousandYen text }
        costs { id }
        outcomeIndicator { id values { fiscalYear { year } kind value text printedAchievement } }
        figures { fiscalYear { year } cost costBasis settled budget executionRate unitCosts { value cost costBasis actual indicator { id } } } } } }`, { m: [TOKOROZAWA] });
    const projects = d.projects.nodes;
    expect(projects).toHaveLength(7);
    for (const p of projects) {
      expect(p.costs).toEqual([]); // nothing but 決算額 and 予算額 is printed: no sheet is invented
      for (const a of p.amounts) expect(a.thousandYen).toBe(num(a.text));
      const fy17 = p.figures.find((f: any) => f.fiscalYear.year === 2017);
      const settled = p.amounts.find((a: any) => a.kind === 'SETTLED' && a.fiscalYear.year === 2017);
      expect(fy17).toMatchObject({ cost: num(settled.text), costBasis: 'SETTLED', settled: num(settled.text), budget: null, executionRate: null });
      const actual = p.outcomeIndicator.values.find((v: any) => v.kind === 'ACTUAL');
      const target = p.outcomeIndicator.values.find((v: any) => v.kind === 'TARGET');
      const unit = fy17.unitCosts.find((u: any) => u.indicator.id === p.outcomeIndicator.id);
      expect(unit).toMatchObject({ cost: num(settled.text), costBasis: 'SETTLED', actual: num(actual.text) });
      expect(unit.value).toBeCloseTo(num(settled.text) / num(actual.text), 9);
      // The printed 達成率 is actual ÷ target, rounded to a whole percent.
      expect(Math.round((num(actual.text) / num(target.text)) * 100), p.name).toBe(actual.printedAchievement);
      // FY2018 has only a budget: no cost, no execution rate (決算 not printed), never zero.
      const fy18 = p.figures.find((f: any) => f.fiscalYear.year === 2018);
      expect(fy18).toMatchObject({ cost: null, costBasis: null, settled: null, executionRate: null });
      expect(fy18.budget).toBeGreaterThan(0);
    }
  });

  it('the roll-up over the policy sums the printed 決算額 (57,715千円 over 7 projects), with トータルコスト unknown rather than zero', async () => {
    const m = TOKOROZAWA;
    const d = await q(ROLLUP, { m, y: 2017, g: 'NODE', d: 1 });
    const settled = [9973, 7519, 6000, 21332, 1521, 9680, 1690];
    expect(d.costRollup).toHaveLength(1);
    expect(d.costRollup[0]).toMatchObject({ projects: 7, settled: settled.reduce((a, b) => a + b, 0), settledProjects: 7, totalCost: null, totalCostProjects: 0, budget: null, executionRate: null });
    const next = await q(ROLLUP, { m, y: 2018, g: 'NODE', d: 1 });
    expect(next.costRollup[0]).toMatchObject({ budget: 10117 + 8615 + 16500 + 22237 + 1562 + 10874 + 20284, budgetProjects: 7, settled: null, executionRate: null });
  });
});

describe('所沢: the department in charge of a project', () => {
  it('a project without its own department (所沢 prints none) is in its node’s lead department, 市民部, as the roll-up by department counts it', async () => {
    const d = await q(`query($m: [String!]) { projects(filter: { municipalityCodes: $m }, first: 50) { nodes { id department { id } effectiveDepartment { id name } } } }`, { m: [TOKOROZAWA] });
    expect(d.projects.nodes).toHaveLength(7);
    for (const p of d.projects.nodes) {
      expect(p.department).toBeNull();
      expect(p.effectiveDepartment?.name).toBe('市民部');
    }
    const byDept = await q(ROLLUP, { m: TOKOROZAWA, y: 2017, g: 'DEPARTMENT', d: 1 });
    expect(byDept.costRollup.map((g: any) => [g.key, g.name, g.projects])).toEqual([[d.projects.nodes[0].effectiveDepartment.id, '市民部', 7]]);
  });
});

describe('a generated city: costs that follow its sheets and shares', () => {
  const year = 2020;
  /** share × total cost of every allocation in the year, per top-level area, from the dataset itself. */
  function expectedByArea() {
    const nodes = new Map(generated.policyNodes.map((n) => [n.key, n]));
    const areaOf = (key: string): string => {
      let n = nodes.get(key)!;
      while (n.parent) n = nodes.get(n.parent)!;
      return n.name;
    };
    const out = new Map<string, { total: number; settled: number; budget: number; projects: number }>();
    for (const p of generated.projects) {
      const allocations = p.shares.length ? p.shares.map((s) => [s.policyNode, s.share] as const) : [[p.policyNode!, 1] as const];
      const sheet = p.costs.find((c) => c.fiscalYear === year);
      const amount = (kind: string) => p.amounts.find((a) => a.fiscalYear === year && a.kind === kind)?.thousandYen ?? 0;
      for (const [node, share] of allocations) {
        const e = out.get(areaOf(node)) ?? { total: 0, settled: 0, budget: 0, projects: 0 };
        e.total += share * (sheet ? totalCostOf(sheet)! : 0);
        e.settled += share * amount('settled');
        e.budget += share * amount('budget');
        e.projects += 1;
        out.set(areaOf(node), e);
      }
    }
    return out;
  }

  it('a generated city has about 300 projects, each with ten settled years of sheets whose parts add up, rated 妥当性・有効性・効率性, labelled as generated', () => {
    expect(generated.projects.length).toBeGreaterThanOrEqual(250);
    expect(generated.projects.length).toBeLessThanOrEqual(360);
    expect(generated.projects.some((p) => p.shares.length > 0)).toBe(true);
    for (const p of generated.projects) {
      expect(p.costs).toHaveLength(10);
      for (const c of p.costs) for (const mark of [c.validity, c.effectiveness, c.efficiency]) expect(['A', 'B', 'C']).toContain(mark);
      for (const c of p.costs) {
        expect(c.printedTotal).toBe(totalCostOf(c));
        expect(c.businessCost).toBe(p.amounts.find((a) => a.fiscalYear === c.fiscalYear && a.kind === 'settled')!.thousandYen);
        expect(c.fundNational! + c.fundBonds! + c.fundOtherSpecific! + c.fundGeneral!).toBe(c.businessCost);
        expect(c.provenance?.note).toBe('生成データ（架空の市）');
      }
    }
  });

  it('the roll-up by area equals share × トータルコスト, 決算額 and 予算額 summed from the dataset; execution rate is their quotient', async () => {
    const d = await q(ROLLUP, { m: generatedCode, y: year, g: 'NODE', d: 1 });
    const expected = expectedByArea();
    expect(d.costRollup.map((g: any) => g.name).sort()).toEqual([...expected.keys()].sort());
    for (const g of d.costRollup) {
      const e = expected.get(g.name)!;
      expect(g.projects).toBe(e.projects);
      expect(g.totalCost).toBeCloseTo(e.total, 6);
      expect(g.settled).toBeCloseTo(e.settled, 6);
      expect(g.budget).toBeCloseTo(e.budget, 6);
      expect(g.executionRate).toBeCloseTo(e.settled / e.budget, 9);
      expect(g.totalCostProjects).toBe(e.projects);
    }
  });

  it('the same money spread over direction and over the areas’ ratings adds up to the same total; change against the previous year compares the same projects', async () => {
    const byArea = await q(ROLLUP, { m: generatedCode, y: year, g: 'NODE', d: 1 });
    const byDirection = await q(ROLLUP, { m: generatedCode, y: year, g: 'DIRECTION' });
    const byRating = await q(ROLLUP, { m: generatedCode, y: year, g: 'RATING' });
    const sum = (gs: any[]) => gs.reduce((a, g) => a + g.totalCost, 0);
    expect(sum(byDirection.costRollup)).toBeCloseTo(sum(byArea.costRollup), 4);
    expect(sum(byRating.costRollup)).toBeCloseTo(sum(byArea.costRollup), 4);
    const directions = new Set(generated.projects.flatMap((p) => p.costs.filter((c) => c.fiscalYear === year).map((c) => c.direction!.toString())));
    expect(new Set(byDirection.costRollup.map((g: any) => g.key))).toEqual(directions);
    for (const g of byDirection.costRollup) expect(g.direction).toBe(g.key.toUpperCase());
    const prev = await q(ROLLUP, { m: generatedCode, y: year - 1, g: 'NODE', d: 1 });
    for (const g of byArea.costRollup) {
      const before = prev.costRollup.find((p: any) => p.key === g.key);
      expect(g.previousTotalCost).toBeCloseTo(before.totalCost, 4);
      expect(g.changeRate).toBeCloseTo(g.comparableTotalCost / g.previousTotalCost - 1, 9);
    }
  });

  it('sums carry no float noise: every amount of every grouping is a whole number of 円 (at most three decimals of 千円), the areas’ exactly the dataset’s', async () => {
    const amounts = ['totalCost', 'settled', 'budget', 'previousTotalCost', 'comparableTotalCost'];
    let checked = 0;
    for (const [g, d] of [['NODE', 1], ['NODE', 3], ['DEPARTMENT', 1], ['DIRECTION', 1], ['RATING', 1], ['PURPOSE', 1]] as const) {
      const r = await q(ROLLUP, { m: generatedCode, y: year, g, d });
      for (const group of r.costRollup)
        for (const k of amounts) {
          const v = group[k];
          if (v === null) continue;
          checked++;
          // 575621.0000000001 (float8 shares) has more than three decimals; 575621 and 1234.333 do not.
          expect(String(v), `${g} ${group.key} ${k}`).toMatch(/^-?\d+(\.\d{1,3})?$/);
        }
    }
    expect(checked).toBeGreaterThan(100);
    const byArea = await q(ROLLUP, { m: generatedCode, y: year, g: 'NODE', d: 1 });
    const expected = expectedByArea();
    for (const g of byArea.costRollup) {
      const e = expected.get(g.name)!;
      expect(g.totalCost).toBe(Math.round(e.total * 1000) / 1000);
      expect(g.settled).toBe(Math.round(e.settled * 1000) / 1000);
    }
  });

  it('a measure-level roll-up carries each measure’s rating with its level’s normalised score', async () => {
    const d = await q(ROLLUP, { m: generatedCode, y: year, g: 'NODE', d: 3 });
    expect(d.costRollup.length).toBeGreaterThan(20);
    const rated = d.costRollup.filter((g: any) => g.rating);
    expect(rated.length).toBe(d.costRollup.length);
    const norm: Record<string, number> = { A: 1, B: 2 / 3, C: 1 / 3, D: 0 };
    // The level's stored normalised score (issue 21), kept to two decimals of 0–100.
    for (const g of rated) expect(g.rating.normalizedScore).toBeCloseTo(norm[g.rating.code]!, 3);
  });

  it('a project’s figures: トータルコスト per year, execution rate, change and cost per unit from its indicator', async () => {
    const p = generated.projects.find((x) => x.outcomeIndicator && x.costs.length)!;
    const id = String((await db.query<{ id: number }>(`select p.id from project p join municipality m on m.id = p.municipality_id where p.key = $1 and m.code = $2`, [p.key, generated.municipality.code]))[0]!.id);
    const d = await q(`query($id: ID!) { project(id: $id) { id costs { fiscalYear { year } totalCost personnelCost personnelCostBasis funding { total general } direction }
      figures { fiscalYear { year } cost costBasis executionRate change changeRate changeBasis unitCosts { value actual indicator { id } } } } }`, { id });
    const ind = generated.indicators.find((i) => i.key === p.outcomeIndicator)!;
    for (const c of p.costs) {
      const sheet = d.project.costs.find((x: any) => x.fiscalYear.year === c.fiscalYear);
      expect(sheet).toMatchObject({ totalCost: c.printedTotal, personnelCost: c.personnelCost, personnelCostBasis: 'PRINTED', funding: { total: c.businessCost, general: c.fundGeneral } });
      const f = d.project.figures.find((x: any) => x.fiscalYear.year === c.fiscalYear);
      expect(f).toMatchObject({ cost: c.printedTotal, costBasis: 'TOTAL_COST' });
      const settled = p.amounts.find((a) => a.fiscalYear === c.fiscalYear && a.kind === 'settled')!.thousandYen!;
      const budget = p.amounts.find((a) => a.fiscalYear === c.fiscalYear && a.kind === 'budget')!.thousandYen!;
      expect(f.executionRate).toBeCloseTo(settled / budget, 12);
      const before = p.costs.find((x) => x.fiscalYear === c.fiscalYear - 1);
      if (before) expect(f).toMatchObject({ change: c.printedTotal! - before.printedTotal!, changeBasis: 'TOTAL_COST' });
      else expect(f.changeBasis).toBe(c.fiscalYear === 2015 ? null : 'SETTLED');
      const actual = ind.values.find((v) => v.kind === 'actual' && v.fiscalYear === c.fiscalYear)?.value ?? null;
      const unit = f.unitCosts[0];
      expect(unit.actual).toBe(actual);
      if (actual) expect(unit.value).toBeCloseTo(c.printedTotal! / actual, 9);
      else expect(unit.value).toBeNull();
    }
  });
});

describe('目的別歳出, achievement and the sheets’ own evaluation', () => {
  const year = 2020;
  const nodes = () => new Map(generated.policyNodes.map((n) => [n.key, n]));
  /** A node's 目的別歳出 classes: its own mapping, else its nearest ancestor's (issue 21). */
  function classesOf(key: string): string[] {
    const mapped = new Map(generated.classMappings.filter((m) => m.scheme === 'purpose').map((m) => [m.policyNode, m.classes]));
    const all = nodes();
    for (let n = all.get(key); n; n = n.parent ? all.get(n.parent) : undefined) if (mapped.has(n.key)) return mapped.get(n.key)!;
    return [];
  }

  it('the roll-up by 目的別歳出 class sums share × トータルコスト per class from the dataset, a node of n classes giving each 1/n: the classes add up to the areas', async () => {
    const expected = new Map<string | null, { total: number; projects: number }>();
    for (const p of generated.projects) {
      const sheet = p.costs.find((c) => c.fiscalYear === year)!;
      const allocations = p.shares.length ? p.shares.map((x) => [x.policyNode, x.share] as const) : [[p.policyNode!, 1] as const];
      for (const [node, share] of allocations) {
        const classes = classesOf(node);
        for (const c of classes.length ? classes : [null]) {
          const e = expected.get(c) ?? { total: 0, projects: 0 };
          e.total += (share / Math.max(1, classes.length)) * totalCostOf(sheet)!;
          e.projects += 1;
          expected.set(c, e);
        }
      }
    }
    const d = await q(ROLLUP.replace('direction rating', 'direction code rating'), { m: generatedCode, y: year, g: 'PURPOSE' });
    expect(new Map(d.costRollup.map((g: any) => [g.code, [Math.round(g.totalCost * 1000) / 1000, g.projects]]))).toEqual(
      new Map([...expected].map(([c, e]) => [c, [Math.round(e.total * 1000) / 1000, e.projects]])),
    );
    for (const g of d.costRollup) expect(g.key === null).toBe(g.name === null);
    const byArea = await q(ROLLUP, { m: generatedCode, y: year, g: 'NODE', d: 1 });
    const sum = (gs: any[]) => gs.reduce((a, g) => a + g.totalCost, 0);
    // Each class's 1/n part is rounded to 1円, so the classes add up to the areas within half a 円 per class.
    expect(Math.abs(sum(d.costRollup) - sum(byArea.costRollup))).toBeLessThanOrEqual(d.costRollup.length * 0.0005 + 1e-6);
  });

  it('a measure’s achievement is the median 達成率 of its indicators (the year’s actual against the first target from that year), with how many were measured', async () => {
    const { achievementRate } = await import('../../server/src/analytics/rules.js');
    const d = await q(`query($m: String!, $y: Int!) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: NODE, depth: 3) { key code achievement achievementIndicators } }`, { m: generatedCode, y: year });
    const med = (xs: number[]) => {
      const s2 = [...xs].sort((a, b) => a - b);
      return s2.length === 0 ? null : s2.length % 2 ? s2[(s2.length - 1) / 2]! : (s2[s2.length / 2 - 1]! + s2[s2.length / 2]!) / 2;
    };
    let measured = 0;
    for (const g of d.costRollup) {
      const measure = generated.policyNodes.find((n) => n.code === g.code && n.depth === 3)!;
      const rates = generated.indicators
        .filter((i) => i.policyNode === measure.key)
        .map((i) => {
          const actual = i.values.find((v) => v.kind === 'actual' && v.fiscalYear === year);
          const target = i.values.filter((v) => v.kind === 'target' && v.fiscalYear >= year).sort((a, b) => a.fiscalYear - b.fiscalYear)[0];
          return achievementRate({ actual: actual?.value, target: target?.value, direction: i.direction, qualifier: target?.qualifier ?? null }).percent;
        })
        .filter((x): x is number => x !== null);
      expect(g.achievementIndicators, g.code).toBe(rates.length);
      if (rates.length) expect(g.achievement, g.code).toBeCloseTo(med(rates)!, 9);
      else expect(g.achievement).toBeNull();
      measured += rates.length;
    }
    expect(measured).toBeGreaterThan(50);
    // Only NODE groups have one.
    const dirs = await q(`query($m: String!, $y: Int!) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: DIRECTION) { achievement achievementIndicators } }`, { m: generatedCode, y: year });
    for (const g of dirs.costRollup) expect(g).toEqual({ achievement: null, achievementIndicators: 0 });
  });

  it('a sheet’s 妥当性・有効性・効率性 read back as printed; the real cities’ sheets carry none (所沢 and 綾瀬 print none: nothing invented)', async () => {
    const p = generated.projects[3]!;
    const id = String((await db.query<{ id: number }>(`select p.id from project p join municipality m on m.id = p.municipality_id where p.key = $1 and m.code = $2`, [p.key, generated.municipality.code]))[0]!.id);
    const d = await q(`query($id: ID!) { project(id: $id) { costs { fiscalYear { year } validity effectiveness efficiency } } }`, { id });
    expect(d.project.costs).toEqual(p.costs.map((c) => ({ fiscalYear: { year: c.fiscalYear }, validity: c.validity, effectiveness: c.effectiveness, efficiency: c.efficiency })));
    const [real] = await db.query<{ n: string }>(
      `select count(*) as n from project_cost c join municipality m on m.id = c.municipality_id where not m.generated and (c.validity is not null or c.effectiveness is not null or c.efficiency is not null)`,
    );
    expect(Number(real!.n)).toBe(0);
  });

  it('a roll-up refuses a grouping it does not know, saying which argument', async () => {
    const r = await graphql({ schema, source: `{ costRollup(municipalityCode: "990001", fiscalYear: 2020, groupBy: CLASS) { id } }`, contextValue: createContext(db.orm.em.fork()) });
    expect(r.errors?.[0]?.message).toMatch(/CLASS/);
  });
});

describe('import: costs and shares validated all or nothing', () => {
  const bad = (change: (d: Dataset) => void) => {
    const d = structuredClone(generated);
    change(d);
    return validateDataset(d);
  };

  it('refuses a printed 人件費 that is not 従事人数 × 平均人件費, a トータルコスト that is not the sum, and shares that do not add up, saying where', () => {
    const r = bad((d) => {
      d.projects[0]!.costs[0]!.personnelCost! += 100;
      d.projects[1]!.costs[2]!.printedTotal! += 10;
      d.projects[2]!.shares = [{ policyNode: d.projects[2]!.policyNode!, share: 0.5 }];
      d.projects[3]!.shares = [{ policyNode: 'nowhere', share: 1 }];
      d.projects[4]!.costs.push({ ...d.projects[4]!.costs[0]! });
    });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.ja}`);
    expect(paths.join('\n')).toMatch(/projects\[0\]\.costs\[0\]\.personnelCost: 人件費 .*従事人数/);
    expect(paths.join('\n')).toMatch(/projects\[1\]\.costs\[2\]\.printedTotal: トータルコスト/);
    expect(paths.join('\n')).toMatch(/projects\[2\]\.shares: 施策への配分の合計が 50%/);
    expect(paths.join('\n')).toMatch(/projects\[3\]\.shares\[0\]\.policyNode: 施策「nowhere」がありません/);
    expect(paths.join('\n')).toMatch(/projects\[4\]\.costs\[10\]\.fiscalYear: .*重複/);
  });

  it('refuses a negative cost in the schema, and the database is unchanged by a refused file', async () => {
    const before = await databaseChecksum(db);
    const r = bad((d) => {
      d.projects[0]!.costs[0]!.businessCost = -1;
    });
    expect(r.ok).toBe(false);
    expect(await databaseChecksum(db)).toBe(before);
  });

  it('an xlsx workbook carries the sheets (事業コスト, 事業の施策配分) and reads back to the same dataset', async () => {
    const back = await readWorkbook(await writeWorkbook(generated));
    if (!back.ok) throw new Error(back.problems.map((p) => `${p.sheet} ${p.row} ${p.column}: ${p.ja}`).join('\n'));
    expect(back.dataset.projects.map((p) => [p.costs, p.shares])).toEqual(generated.projects.map((p) => [p.costs, p.shares]));
  });

  it('a workbook with a wrong 人件費 is refused at its sheet, row and column', async () => {
    const d = structuredClone(generated);
    d.projects[0]!.costs[0]!.personnelCost! += 100;
    const r = await readWorkbook(await writeWorkbook(d));
    expect(r.ok).toBe(false);
    const p = r.ok ? undefined : r.problems.find((x) => x.path.endsWith('personnelCost'));
    expect(p).toMatchObject({ sheet: '事業コスト', row: 2, column: 'F（人件費（千円））' });
  });

  it('importing the generated city again changes nothing (costs and shares by their natural keys)', async () => {
    const s = await importDataset(db.orm, generated);
    expect(s.totals).toMatchObject({ added: 0, changed: 0 });
  });
});

describe('the annual report’s money', () => {
  it('所沢: each project’s cost is its printed 決算額 with the cost per unit of its outcome indicator, the area’s the sum (57,715千円)', async () => {
    const { annualReport } = await import('../../server/src/report/report.service.js');
    const report = await annualReport(db.orm.em.fork(), { municipalityCode: TOKOROZAWA, fiscalYear: 2017 });
    expect(report.projects).toHaveLength(7);
    for (const p of report.projects) {
      expect(p).toMatchObject({ cost: p.settled, costBasis: 'settled', direction: null });
      const ind = report.indicators.find((i) => i.id === p.outcomeIndicatorId)!;
      expect(p.unitCost).toBeCloseTo(p.settled! / ind.actualValue!, 9);
    }
    const withProjects = report.areas.filter((a) => a.projectCount);
    expect(withProjects.map((a) => [a.cost, a.costBasis, a.costProjects, a.projectCount])).toEqual([[57715, 'settled', 7, 7]]);
  });

  it('a generated city: each area’s cost is its projects’ トータルコスト, as the roll-up gives it, and the workbook prints it in words', async () => {
    const { annualReport } = await import('../../server/src/report/report.service.js');
    const { buildReportWorkbook } = await import('../../server/src/report/report.xlsx.js');
    const { foreignWords } = await import('../support/japanese-text.js');
    const report = await annualReport(db.orm.em.fork(), { municipalityCode: generated.municipality.code, fiscalYear: 2020 });
    const r = await q(ROLLUP, { m: generatedCode, y: 2020, g: 'NODE', d: 1 });
    for (const a of report.areas) {
      const g = r.costRollup.find((x: any) => x.key === a.id);
      expect(a.costBasis).toBe('total_cost');
      expect(a.cost).toBeCloseTo(g.totalCost, 4);
    }
    expect(report.projects.every((p) => p.costBasis === 'total_cost' && p.direction)).toBe(true);
    const wb = await buildReportWorkbook(report);
    const sheet = wb.getWorksheet('分野別コスト')!;
    expect(sheet).toBeDefined();
    const texts: string[] = [];
    for (const ws of [sheet, wb.getWorksheet('事業')!])
      ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && texts.push(c.value)));
    expect(texts).toContain('トータルコスト');
    expect(texts.some((t) => ['拡充', '現状維持', '改善', '縮小'].includes(t))).toBe(true);
    expect(foreignWords(texts.join('\n'))).toEqual([]);
  });
});

describe('the annual report applies shares', () => {
  it('a project serving nodes in two areas counts share × cost in each; the report’s areas and 目的別 classes equal costRollup’s, in the xlsx too', async () => {
    const { annualReport } = await import('../../server/src/report/report.service.js');
    const { buildReportWorkbook } = await import('../../server/src/report/report.xlsx.js');
    const d = generateDataset({ ...SEED_PRESET, seed: 22, municipalityIndex: 8 });
    const areaOf = (key: string): string => {
      const n = d.policyNodes.find((x) => x.key === key)!;
      return n.parent ? areaOf(n.parent) : n.key;
    };
    const p = d.projects[0]!;
    const elsewhere = d.policyNodes.find((n) => n.depth === 3 && areaOf(n.key) !== areaOf(p.policyNode!))!;
    // A city that maps only some of its policies: the first area's subtree loses its 目的別歳出 mappings.
    const unmappedArea = areaOf(p.policyNode!);
    d.classMappings = d.classMappings.filter((m) => m.scheme !== 'purpose' || areaOf(m.policyNode) !== unmappedArea);
    p.shares = [
      { policyNode: p.policyNode!, share: 0.5 },
      { policyNode: elsewhere.key, share: 0.5 },
    ];
    const code = (await importDataset(db.orm, d)).municipality.code;
    const y = 2021;
    const report = await annualReport(db.orm.em.fork(), { municipalityCode: code, fiscalYear: y });
    const byArea = await q(ROLLUP, { m: code, y, g: 'NODE', d: 1 });
    const areaIdOf = async (key: string) =>
      String((await db.query<{ id: number }>(`select split_part(n.path, '/', 2)::int as id from policy_node n join municipality m on m.id = n.municipality_id where n.key = $1 and m.code = $2`, [key, code]))[0]!.id);
    const [own, other] = [await areaIdOf(p.policyNode!), await areaIdOf(elsewhere.key)];
    const cost = totalCostOf(p.costs.find((c) => c.fiscalYear === y)!)!;
    for (const a of report.areas) {
      const g = byArea.costRollup.find((x: any) => x.key === a.id);
      expect(a.cost).toBeCloseTo(g.totalCost, 4);
      expect([a.costProjects, a.projectCount]).toEqual([g.totalCostProjects, g.projects]);
      // What the report used to print (each project wholly in its own node's area) differs by half the project's cost.
      const whole = report.projects.filter((x) => x.areaId === a.id).reduce((s2, x) => s2 + x.cost!, 0);
      if (a.id === own) expect(a.cost! - whole).toBeCloseTo(-cost / 2, 4);
      if (a.id === other) expect(a.cost! - whole).toBeCloseTo(cost / 2, 4);
    }
    const byPurpose = await q(ROLLUP.replace('direction rating', 'direction code rating'), { m: code, y, g: 'PURPOSE' });
    expect(report.costByPurpose.map((g) => [g.code, g.cost, g.costProjects, g.projectCount])).toEqual(
      byPurpose.costRollup.map((g: any) => [g.code, expect.closeTo(g.totalCost, 4), g.totalCostProjects, g.projects]),
    );
    // 未分類: the unmapped area's projects, none dropped: the classes add up to the areas.
    const unmapped = report.costByPurpose.find((g) => g.name === null)!;
    expect(unmapped.cost).toBeGreaterThan(0);
    const classesSum = report.costByPurpose.reduce((s2, g) => s2 + g.cost!, 0);
    expect(Math.abs(classesSum - report.areas.reduce((s2, a) => s2 + (a.cost ?? 0), 0))).toBeLessThanOrEqual(report.costByPurpose.length * 0.0005 + 1e-6);
    const wb = await buildReportWorkbook(report);
    const sheet = wb.getWorksheet('目的別コスト')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const body = rows.filter((r) => typeof r[1] === 'number');
    expect(body.map((r) => [r[0], r[1]])).toEqual(report.costByPurpose.map((g) => [g.name ?? '未分類', g.cost]));
    // The 事業 sheet prints each project's 妥当性・有効性・効率性 as its sheet does.
    const projects = wb.getWorksheet('事業')!;
    const header = (projects.getRow([...Array(8).keys()].map((k) => k + 1).find((r) => (projects.getRow(r).values as unknown[]).includes('妥当性'))!).values as unknown[]);
    const col = (h: string) => header.indexOf(h);
    const printed: unknown[][] = [];
    projects.eachRow((row) => {
      const v = row.values as unknown[];
      if (v[col('妥当性')] !== '妥当性' && v[col('妥当性')] !== undefined) printed.push([v[col('事業名')], v[col('妥当性')], v[col('有効性')], v[col('効率性')]]);
    });
    expect(printed).toEqual(report.projects.map((x) => [x.name, x.validity, x.effectiveness, x.efficiency]));
    expect(report.projects.every((x) => ['A', 'B', 'C'].includes(x.validity!))).toBe(true);
  });
});

describe('the analysts’ examples (docs/queries) on the bundled サンプル市', () => {
  const doc = (name: string) => readFileSync(resolve(import.meta.dirname, '../../docs/queries', `${name}.graphql`), 'utf8');

  it('the ten measures with the highest cost per point of normalised score: total cost ÷ the level’s stored normalized_score (0–100), largest first, equal to sorting every measure', async () => {
    const d = await q(doc('measures-by-cost-per-score-point'));
    const all = await q(`{ costRollup(municipalityCode: "990001", fiscalYear: 2020, groupBy: NODE, depth: 3, stage: SECONDARY) { key totalCost rating { id normalizedScore } costPerScorePoint } }`);
    const stored = new Map((await db.query<{ id: number; normalized_score: number }>(`select id, normalized_score from rating_level`)).map((r) => [String(r.id), r.normalized_score]));
    for (const g of all.costRollup) if (g.rating) expect(g.rating.normalizedScore).toBeCloseTo(stored.get(g.rating.id)! / 100, 12);
    const expected = all.costRollup
      .filter((g: any) => stored.get(g.rating?.id) && g.totalCost !== null)
      .map((g: any) => [g.key, g.totalCost / stored.get(g.rating.id)!])
      .sort((a: any, b: any) => b[1] - a[1])
      .slice(0, 10);
    expect(d.costRollup).toHaveLength(10);
    d.costRollup.forEach((g: any, i: number) => {
      expect(g.key).toBe(expected[i][0]);
      expect(g.costPerScorePoint).toBeCloseTo(expected[i][1], 6);
    });
  });

  it('the budget execution rate by department: settled ÷ budget over the projects with both, lowest first', async () => {
    const d = await q(doc('execution-rate-by-department'));
    const rates = d.costRollup.map((g: any) => g.executionRate);
    expect(rates.length).toBeGreaterThan(5);
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    for (const g of d.costRollup) if (g.executionProjects === g.projects) expect(g.executionRate).toBeCloseTo(g.settled / g.budget, 9);
  });

  it('projects whose cost rose while their outcome fell: worsened follows each indicator’s better direction', async () => {
    const d = await q(doc('projects-cost-rose-outcome-fell'));
    const rows = d.projects.nodes.flatMap((p: any) => (p.figure?.unitCosts ?? []).map((u: any) => ({ p, u })));
    expect(rows.length).toBeGreaterThan(10);
    for (const { u } of rows) {
      if (u.actual === null || u.previousActual === null) expect(u.worsened).toBeNull();
      else if (u.indicator.direction === 'HIGHER_IS_BETTER') expect(u.worsened).toBe(u.actual < u.previousActual);
      else if (u.indicator.direction === 'LOWER_IS_BETTER') expect(u.worsened).toBe(u.actual > u.previousActual);
    }
    const answer = rows.filter(({ p, u }: any) => p.figure.changeRate > 0 && u.worsened);
    expect(answer.length).toBeGreaterThan(0);
  });
});

describe('the benchmark’s cost rows (bench/cost.ts) compute the same totals three ways', () => {
  it('for each roll-up row, the plain-SQL floor’s groups carry the same sums as ours (PostGraphile’s, checked by the benchmark run, the same grand total)', async () => {
    const { COST_AGGREGATIONS } = await import('../../bench/cost.js');
    const [city] = await db.query<{ id: number }>(`select id from municipality where code = $1`, [generatedCode]);
    const [y] = await db.query<{ y: number }>(`select max(fiscal_year) as y from evaluation where municipality_id = $1 and level_id is not null and stage = 'self'`, [city!.id]);
    const facts = { id: Number(city!.id), code: generatedCode, year: Number(y!.y) } as never;
    expect(COST_AGGREGATIONS.length).toBeGreaterThanOrEqual(2);
    for (const a of COST_AGGREGATIONS) {
      const ours = Object.values(await q(a.ours.query, a.ours.variables(facts)))[0] as any[];
      const floor = await db.query<Record<string, unknown>>(a.sql.text, a.sql.values(facts));
      const sum = (rows: any[], k: string) => rows.reduce((s2, r) => s2 + Number(r[k] ?? 0), 0);
      expect(sum(floor, 'total_cost'), a.name).toBeCloseTo(sum(ours, 'totalCost'), 3);
      expect(sum(floor, 'projects'), a.name).toBe(sum(ours, 'projects'));
      expect(floor.length, a.name).toBe(ours.length);
      // Group by group: the floor's first column is the group's key.
      const key = Object.keys(floor[0]!)[0]!;
      for (const g of ours) {
        const f = floor.find((r) => String(r[key]) === String(g.key))!;
        expect(Number(f.total_cost), `${a.name} ${g.key}`).toBeCloseTo(g.totalCost, 3);
        expect(Number(f.projects)).toBe(g.projects);
      }
    }
  });
});
