/**
 * The arithmetic of a 事務事業評価 sheet's cost (pure; used by validation, the API and the
 * generator): 人件費 = 従事人数 × 平均人件費 where no amount is printed, トータルコスト = 事業費 +
 * 人件費 + その他. A part that is not known makes the sum unknown (null), never zero.
 */

/** The cost parts of one project year, in thousand yen; null or undefined = not known. */
export interface CostParts {
  businessCost?: number | null;
  staff?: number | null;
  costPerStaff?: number | null;
  personnelCost?: number | null;
  otherCost?: number | null;
}

/** Rounding slack between a printed amount and the one recomputed from its parts (千円). */
export const PRINTED_SLACK = 1;

const known = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);

/** 人件費: the printed amount, else 従事人数 × 平均人件費, else unknown. */
export function personnelCostOf(c: CostParts): number | null {
  if (known(c.personnelCost)) return c.personnelCost;
  if (known(c.staff) && known(c.costPerStaff)) return c.staff * c.costPerStaff;
  return null;
}

/** トータルコスト from its parts; unknown when any part is. A sheet without その他 prints no such part: 0 is then printed as 0. */
export function totalCostOf(c: CostParts): number | null {
  const personnel = personnelCostOf(c);
  if (!known(c.businessCost) || personnel == null || !known(c.otherCost)) return null;
  return c.businessCost + personnel + c.otherCost;
}

/** The sources of funds (財源内訳) in thousand yen. */
export interface FundParts {
  fundNational?: number | null;
  fundBonds?: number | null;
  fundOtherSpecific?: number | null;
  fundGeneral?: number | null;
}

/** The sum of the sources of funds; unknown when any of the four is. */
export function fundTotalOf(f: FundParts): number | null {
  const parts = [f.fundNational, f.fundBonds, f.fundOtherSpecific, f.fundGeneral];
  return parts.every(known) ? (parts as number[]).reduce((a, b) => a + b, 0) : null;
}

/** a ÷ b, unknown when either is or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return known(a) && known(b) && b !== 0 ? a / b : null;
}
