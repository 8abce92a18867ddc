/**
 * How the dashboard reads a roll-up group's money: the total cost where the group's projects have
 * evaluation sheets, else the settled amount (所沢 prints only 決算額), saying which it is and how
 * many of the group's projects it covers. Unknown is null (shown 不明), never zero.
 */
import type { CostBasis, CostGroup } from '../graphql/types';

export interface GroupMoney {
  value: number | null;
  basis: CostBasis | null;
  /** Projects the value is computed from, of `of`. */
  known: number;
  of: number;
}

/** The money of a group: トータルコスト if any project has one, else 決算額. */
export function groupMoney(g: CostGroup): GroupMoney {
  if (g.totalCostProjects > 0) return { value: g.totalCost, basis: 'TOTAL_COST', known: g.totalCostProjects, of: g.projects };
  if (g.settledProjects > 0) return { value: g.settled, basis: 'SETTLED', known: g.settledProjects, of: g.projects };
  return { value: null, basis: null, known: 0, of: g.projects };
}

/** The basis the view's charts use for all groups (like with like): total cost if any group has one, else settled. */
export function commonBasis(groups: CostGroup[]): CostBasis | null {
  const bases = new Set(groups.map((g) => groupMoney(g).basis));
  return bases.has('TOTAL_COST') ? 'TOTAL_COST' : bases.has('SETTLED') ? 'SETTLED' : null;
}

/** A group's amount on the given basis (null when unknown). */
export function amountOn(g: CostGroup, basis: CostBasis | null): number | null {
  if (basis === 'TOTAL_COST') return g.totalCostProjects > 0 ? g.totalCost : null;
  if (basis === 'SETTLED') return g.settledProjects > 0 ? g.settled : null;
  return null;
}
