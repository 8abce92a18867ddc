/**
 * The annual report's money (issue 22): a project's cost for the year (トータルコスト where its
 * sheet gives every part, else 決算額), its cost per unit of the outcome indicator and its
 * direction; an area's cost as the sum over its projects on one basis, with how many it covers.
 * Shares are not applied here: a project counts in the area of its own node.
 */
import { ratio } from '../cost/cost-parts.js';
import { CostBasisEnum, type ProjectDirectionEnum } from '../cost/cost.type.js';

type Row = Record<string, unknown>;

/** The cost fields of a report project from its row (`total_cost`, `direction`, `outcome_actual`, `outcome_unit`). */
export function projectCostFigures(r: Row, settled: number | null) {
  const total = r.total_cost == null ? null : Number(r.total_cost);
  const [cost, costBasis] = total != null ? [total, CostBasisEnum.TOTAL_COST] : settled != null ? [settled, CostBasisEnum.SETTLED] : [null, null];
  const actual = r.outcome_actual == null ? null : Number(r.outcome_actual);
  return {
    cost,
    costBasis,
    unitCost: ratio(cost, actual),
    unitCostUnit: (r.outcome_unit as string | null) ?? null,
    direction: (r.direction as ProjectDirectionEnum | null) ?? null,
  };
}

/** An area's cost: total cost if any of its projects has one, else settled amounts; never a sum across bases. */
export function areaCost(projects: { cost: number | null; costBasis: CostBasisEnum | null }[]) {
  const basis = projects.some((p) => p.costBasis === CostBasisEnum.TOTAL_COST) ? CostBasisEnum.TOTAL_COST : projects.some((p) => p.costBasis) ? CostBasisEnum.SETTLED : null;
  const on = projects.filter((p) => p.costBasis === basis && p.cost != null);
  return { cost: on.length ? on.reduce((s, p) => s + p.cost!, 0) : null, costBasis: basis, costProjects: on.length, projectCount: projects.length };
}
