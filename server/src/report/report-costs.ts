/**
 * The annual report's money (issue 22): a project's cost for the year (トータルコスト where its
 * sheet gives every part, else 決算額), its cost per unit of the outcome indicator, its own
 * evaluation (妥当性・有効性・効率性 as printed) and its direction; an area's cost and the cost by
 * 目的別歳出 class taken from `costRollup` itself, so that a project serving several nodes counts
 * share × cost in each and the report's totals are the API's.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ratio } from '../cost/cost-parts.js';
import { costRollup } from '../cost/cost-rollup.js';
import { CostBasisEnum, CostGroupType, type ProjectDirectionEnum } from '../cost/cost.type.js';

type Row = Record<string, unknown>;

/** The cost fields of a report project from its row (`total_cost`, `direction`, `validity`…, `outcome_actual`, `outcome_unit`). */
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
    validity: (r.validity as string | null) ?? null,
    effectiveness: (r.effectiveness as string | null) ?? null,
    efficiency: (r.efficiency as string | null) ?? null,
  };
}

/** A group's cost as the report prints it: トータルコスト where any of its projects has one, else 決算額; never a sum across bases. */
export function groupCost(g: CostGroupType | undefined) {
  if (!g) return { cost: null, costBasis: null, costProjects: 0, projectCount: 0 };
  if (g.totalCostProjects > 0) return { cost: g.totalCost ?? null, costBasis: CostBasisEnum.TOTAL_COST, costProjects: g.totalCostProjects, projectCount: g.projects };
  if (g.settledProjects > 0) return { cost: g.settled ?? null, costBasis: CostBasisEnum.SETTLED, costProjects: g.settledProjects, projectCount: g.projects };
  return { cost: null, costBasis: null, costProjects: 0, projectCount: g.projects };
}

@ObjectType('ReportCostGroup', {
  description: '報告書の目的別歳出の分類ごとのコスト（配分を掛けた合計。costRollup の PURPOSE と同じ） / Cost per 目的別歳出 class, with shares (as costRollup groups it).',
})
export class ReportCostGroupType {
  @Field(() => ID, { description: 'グループのID / Group id.' })
  id!: string;
  @Field(() => String, { nullable: true, description: '分類のコード（未分類は値なし） / Class code; null = unmapped (未分類).' })
  code!: string | null;
  @Field(() => String, { nullable: true, description: '分類名（未分類は値なし） / Class name; null = unmapped.' })
  name!: string | null;
  @Field(() => Float, { nullable: true, description: 'コストの合計（千円、根拠は costBasis） / Cost.' })
  cost!: number | null;
  @Field(() => CostBasisEnum, { nullable: true, description: 'コストの根拠 / What the cost is.' })
  costBasis!: CostBasisEnum | null;
  @Field(() => Int, { description: 'コストが分かる事業の数 / Projects with a known cost.' })
  costProjects!: number;
  @Field(() => Int, { description: '事業の数（配分先ごと） / Projects (per node they serve).' })
  projectCount!: number;
}

/** The year's roll-ups the report prints: by top-level node (its areas, by id) and by 目的別歳出 class. */
export async function reportCostGroups(em: EntityManager, municipalityId: number, fiscalYear: number) {
  const args = { municipalityId, fiscalYear, stage: 'secondary', depth: 1 };
  const [areaRows, purposeRows] = await Promise.all([costRollup(em, { ...args, groupBy: 'node' }), costRollup(em, { ...args, groupBy: 'purpose' })]);
  const prefix = `${municipalityId}:${fiscalYear}`;
  const areas = new Map(areaRows.map((r) => CostGroupType.fromRow(r, `${prefix}:node`)).map((g) => [g.key, g]));
  const purposes: ReportCostGroupType[] = purposeRows
    .map((r) => CostGroupType.fromRow(r, `${prefix}:purpose`))
    .map((g) => Object.assign(new ReportCostGroupType(), { id: g.id, code: g.code ?? null, name: g.name ?? null, ...groupCost(g) }));
  return { areaCost: (areaId: string) => groupCost(areas.get(areaId)), purposes };
}
