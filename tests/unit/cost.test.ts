/**
 * The pure parts of money and results (issue 22): the cost arithmetic (人件費 from staff ×
 * average, トータルコスト unknown when a part is), a project's figures per year (basis, execution
 * rate, change on a like basis, cost per unit, worsened by direction) and the quadrant split
 * (medians by default, user lines, unknown points apart).
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { fundTotalOf, personnelCostOf, ratio, totalCostOf } from '../../server/src/cost/cost-parts.js';
import { projectYearFigures } from '../../server/src/cost/project-figures.js';
import { FiscalYear } from '../../server/src/shared/fiscal-year.type.js';
import { median, splitQuadrants } from '../../dashboard/src/features/cost/composables/quadrant.js';

describe('cost arithmetic', () => {
  it('人件費 is the printed amount, else staff × average, else unknown', () => {
    expect(personnelCostOf({ personnelCost: 900, staff: 1, costPerStaff: 8000 })).toBe(900);
    expect(personnelCostOf({ staff: 1.5, costPerStaff: 8000 })).toBe(12000);
    expect(personnelCostOf({ staff: 1.5 })).toBeNull();
  });
  it('トータルコスト needs every part: an unknown part is never zero', () => {
    expect(totalCostOf({ businessCost: 1000, staff: 0.5, costPerStaff: 8000, otherCost: 0 })).toBe(5000);
    expect(totalCostOf({ businessCost: 1000, staff: 0.5, costPerStaff: 8000 })).toBeNull();
    expect(totalCostOf({ businessCost: null, personnelCost: 10, otherCost: 0 })).toBeNull();
    expect(fundTotalOf({ fundNational: 1, fundBonds: 2, fundOtherSpecific: 3, fundGeneral: 4 })).toBe(10);
    expect(fundTotalOf({ fundNational: 1, fundBonds: 2, fundOtherSpecific: 3 })).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });
});

describe('a project’s figures per year', () => {
  const fy = (y: number) => FiscalYear.of(y);
  const figures = projectYearFigures({
    projectId: 7,
    costs: [
      { fiscalYear: fy(2020), totalCost: 1000 },
      { fiscalYear: fy(2021), totalCost: 1200 },
      { fiscalYear: fy(2022), totalCost: null },
    ],
    amounts: [
      { fiscalYear: fy(2021), kind: 'settled', thousandYen: 900 },
      { fiscalYear: fy(2021), kind: 'budget', thousandYen: 1000 },
      { fiscalYear: fy(2022), kind: 'settled', thousandYen: 950 },
      { fiscalYear: fy(2023), kind: 'budget', thousandYen: 990 },
    ],
    indicators: [
      { id: 1, direction: 'higher_is_better', actuals: new Map([[2020, 10], [2021, 8], [2022, 9]]) },
      { id: 2, direction: 'lower_is_better', actuals: new Map([[2020, 5], [2021, 4]]) },
    ],
  });
  const of = (y: number) => figures.find((f) => f.fiscalYear.year === y)!;

  it('cost is トータルコスト where known, else 決算額, and says which', () => {
    expect([of(2020).cost, of(2020).costBasis]).toEqual([1000, 'total_cost']);
    expect([of(2022).cost, of(2022).costBasis]).toEqual([950, 'settled']);
    expect([of(2023).cost, of(2023).costBasis]).toEqual([null, null]);
  });
  it('execution rate is 決算 ÷ 予算 of the same year; unknown without both', () => {
    expect(of(2021).executionRate).toBeCloseTo(0.9, 12);
    expect(of(2022).executionRate).toBeNull();
  });
  it('the change compares like with like: トータルコスト both years, else 決算額 both years', () => {
    expect(of(2021)).toMatchObject({ change: 200, changeBasis: 'total_cost', previousCost: 1000 });
    expect(of(2021).changeRate).toBeCloseTo(0.2, 12);
    expect(of(2022)).toMatchObject({ change: 50, changeBasis: 'settled' });
    expect(of(2020)).toMatchObject({ change: null, changeBasis: null });
  });
  it('cost per unit is cost ÷ actual; worsened follows the better direction', () => {
    const u = of(2021).unitCosts;
    expect(u[0]).toMatchObject({ value: 150, actual: 8, previousActual: 10, worsened: true });
    expect(u[1]).toMatchObject({ value: 300, actual: 4, previousActual: 5, worsened: false });
    expect(of(2022).unitCosts[1]).toMatchObject({ value: null, actual: null, worsened: null });
  });
});

describe('the quadrant', () => {
  const pts = [
    { item: 'a', cost: 10, result: 1 },
    { item: 'b', cost: 30, result: 0 },
    { item: 'c', cost: 20, result: 0.5 },
    { item: 'd', cost: 40, result: 0.8 },
    { item: 'e', cost: null, result: 1 },
  ];
  it('medians of the known points by default (on a line counts as high)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const s = splitQuadrants(pts);
    expect([s.costLine, s.resultLine]).toEqual([25, 0.65]);
    expect(s.groups.highResultLowCost.map((p) => p.item)).toEqual(['a']);
    expect(s.groups.highResultHighCost.map((p) => p.item)).toEqual(['d']);
    expect(s.groups.lowResultLowCost.map((p) => p.item)).toEqual(['c']);
    expect(s.groups.lowResultHighCost.map((p) => p.item)).toEqual(['b']);
    expect(s.unknown.map((p) => p.item)).toEqual(['e']);
  });
  it('user-set lines move the points', () => {
    const s = splitQuadrants(pts, { cost: 35, result: 0.5 });
    expect(s.costLineIsMedian).toBe(false);
    expect(s.groups.highResultLowCost.map((p) => p.item)).toEqual(['a', 'c']);
    expect(s.groups.lowResultLowCost.map((p) => p.item)).toEqual(['b']);
  });
});
