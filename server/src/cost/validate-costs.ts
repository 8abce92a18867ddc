/**
 * Cross-field rules of a project's costs and shares, run by `dataset/validate.ts`: one sheet per
 * project and year, printed 人件費 and トータルコスト that agree with their parts, and shares over
 * known, distinct policy nodes that add up to the whole project.
 */
import type { ProjectRecord } from '../dataset/format.js';
import { personnelCostOf, PRINTED_SLACK, totalCostOf } from './cost-parts.js';

type Path = (string | number)[];
type Add = (path: Path, ja: string, en: string) => void;
type CheckProvenance = (path: Path, p: ProjectRecord['provenance'] | undefined) => void;

const yen = (v: number) => `${v.toLocaleString('ja-JP')}千円`;

/** Checks `projects[i].costs`. */
export function checkProjectCosts(p: ProjectRecord, at: Path, add: Add, checkProvenance: CheckProvenance): void {
  const years = new Set<number>();
  p.costs.forEach((c, j) => {
    const here = [...at, 'costs', j];
    if (years.has(c.fiscalYear)) add([...here, 'fiscalYear'], `${c.fiscalYear}年度のコストが重複しています`, `duplicate cost sheet for FY${c.fiscalYear}`);
    years.add(c.fiscalYear);
    if (c.personnelCost != null && c.staff != null && c.costPerStaff != null) {
      const product = c.staff * c.costPerStaff;
      if (Math.abs(product - c.personnelCost) > PRINTED_SLACK)
        add(
          [...here, 'personnelCost'],
          `人件費 ${yen(c.personnelCost)} が従事人数 ${c.staff}人 × 平均人件費 ${yen(c.costPerStaff)} = ${yen(product)} と合いません`,
          `personnel cost ${c.personnelCost} does not equal staff ${c.staff} × cost per staff ${c.costPerStaff} = ${product}`,
        );
    }
    if (c.printedTotal != null) {
      const total = totalCostOf(c);
      if (total != null && Math.abs(total - c.printedTotal) > PRINTED_SLACK)
        add(
          [...here, 'printedTotal'],
          `トータルコスト ${yen(c.printedTotal)} が事業費・人件費・その他の合計 ${yen(total)} と合いません`,
          `printed total cost ${c.printedTotal} does not equal the sum of its parts ${total} (business ${c.businessCost}, personnel ${personnelCostOf(c)}, other ${c.otherCost})`,
        );
    }
    if (c.directionText !== undefined && c.direction === undefined)
      add([...here, 'direction'], '今後の方向性の表記があるのに方向性（拡充・現状維持…）がありません', 'directionText is given without a direction');
    checkProvenance([...here, 'provenance'], c.provenance);
  });
}

/** Checks `projects[i].shares` against the dataset's policy nodes. */
export function checkProjectShares(p: ProjectRecord, at: Path, nodes: Map<string, unknown>, add: Add, checkProvenance: CheckProvenance): void {
  if (p.shares.length === 0) return;
  const seen = new Set<string>();
  p.shares.forEach((s, j) => {
    const here = [...at, 'shares', j];
    if (!nodes.has(s.policyNode)) add([...here, 'policyNode'], `施策「${s.policyNode}」がありません`, `policy node "${s.policyNode}" is not defined`);
    if (seen.has(s.policyNode)) add([...here, 'policyNode'], `施策「${s.policyNode}」への配分が重複しています`, `policy node "${s.policyNode}" is shared twice`);
    seen.add(s.policyNode);
    checkProvenance([...here, 'provenance'], s.provenance);
  });
  const sum = p.shares.reduce((a, s) => a + s.share, 0);
  if (Math.abs(sum - 1) > 1e-6)
    add([...at, 'shares'], `施策への配分の合計が ${Math.round(sum * 1000) / 10}% です（100% にしてください）`, `shares add up to ${sum}, not 1`);
  if (p.policyNode !== undefined && !seen.has(p.policyNode))
    add([...at, 'policyNode'], `施策「${p.policyNode}」が配分先にありません（配分があるときは属する施策もその一つです）`, `policyNode "${p.policyNode}" is not among the shares`);
}
