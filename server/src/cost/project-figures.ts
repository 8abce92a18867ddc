/**
 * A project's computed figures per fiscal year (pure): the cost (トータルコスト where its sheet
 * gives every part, else the settled amount, and which of the two it is), the execution rate
 * (決算 ÷ 予算 of the same year), the change against the previous year on a basis known in both
 * years, and the cost per unit of each of its indicators (cost ÷ actual). Unknown stays null.
 */
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { ratio } from './cost-parts.js';
import { CostBasisEnum, ProjectYearFiguresType, UnitCostType, type ProjectCostType } from './cost.type.js';

export interface FigureInputs {
  projectId: number;
  costs: Pick<ProjectCostType, 'fiscalYear' | 'totalCost'>[];
  amounts: { fiscalYear: { year: number }; kind: string; thousandYen?: number | null }[];
  /** The project's indicators with their actual values by year. */
  indicators: { id: number; direction: string; actuals: Map<number, number | null> }[];
}

/** Figures for every year that has a cost, an amount or an actual, in year order. */
export function projectYearFigures(input: FigureInputs): ProjectYearFiguresType[] {
  const total = new Map(input.costs.map((c) => [c.fiscalYear.year, c.totalCost ?? null]));
  const amount = (kind: string) => new Map(input.amounts.filter((a) => a.kind === kind).map((a) => [a.fiscalYear.year, a.thousandYen ?? null]));
  const settled = amount('settled');
  const budget = amount('budget');
  const years = new Set<number>([...total.keys(), ...settled.keys(), ...budget.keys()]);
  for (const ind of input.indicators) for (const y of ind.actuals.keys()) years.add(y);

  const costOf = (y: number): [number | null, CostBasisEnum | null] => {
    const t = total.get(y);
    if (t != null) return [t, CostBasisEnum.TOTAL_COST];
    const s = settled.get(y);
    return s != null ? [s, CostBasisEnum.SETTLED] : [null, null];
  };

  return [...years].sort((a, b) => a - b).map((y) => {
    const [cost, costBasis] = costOf(y);
    // The change compares like with like: total costs if both years have one, else settled amounts.
    const [now, before, changeBasis] =
      total.get(y) != null && total.get(y - 1) != null
        ? [total.get(y)!, total.get(y - 1)!, CostBasisEnum.TOTAL_COST]
        : settled.get(y) != null && settled.get(y - 1) != null
          ? [settled.get(y)!, settled.get(y - 1)!, CostBasisEnum.SETTLED]
          : [null, null, null];
    return Object.assign(new ProjectYearFiguresType(), {
      id: `${input.projectId}:${y}`,
      fiscalYear: FiscalYear.of(y),
      cost,
      costBasis,
      budget: budget.get(y) ?? null,
      settled: settled.get(y) ?? null,
      executionRate: ratio(settled.get(y), budget.get(y)),
      previousCost: before,
      changeBasis,
      change: now != null && before != null ? now - before : null,
      changeRate: now != null ? ratio(now - before!, before) : null,
      unitCosts: input.indicators.map((ind) => {
        const actual = ind.actuals.get(y) ?? null;
        const previousActual = ind.actuals.get(y - 1) ?? null;
        const sign = ind.direction === 'higher_is_better' ? 1 : ind.direction === 'lower_is_better' ? -1 : 0;
        return Object.assign(new UnitCostType(), {
          previousActual,
          worsened: actual === null || previousActual === null || sign === 0 ? null : sign * (actual - previousActual) < 0,
          id: `${input.projectId}:${ind.id}:${y}`,
          fiscalYear: FiscalYear.of(y),
          value: ratio(cost, actual),
          cost,
          costBasis,
          actual,
          indicatorId: ind.id,
        });
      }),
    });
  });
}
