import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { PLAN_KINDS } from '../dataset/format.js';
import type { SqlRow } from '../provenance/provenance.type.js';

export enum PlanKindEnum {
  COMPREHENSIVE = 'comprehensive',
  BASIC = 'basic',
  IMPLEMENTATION = 'implementation',
  STRATEGIC = 'strategic',
  PRIORITY = 'priority',
  OTHER = 'other',
}
registerEnumType(PlanKindEnum, {
  name: 'PlanKind',
  description: '計画の種類 / Kind of plan',
  valuesConfig: {
    COMPREHENSIVE: { description: '総合計画 / Comprehensive plan' },
    BASIC: { description: '基本計画（前期・後期） / Basic plan' },
    IMPLEMENTATION: { description: '実施計画 / Implementation plan' },
    STRATEGIC: { description: '戦略プロジェクト / Strategic projects' },
    PRIORITY: { description: '重点課題 / Priority issues' },
    OTHER: { description: 'その他 / Other' },
  },
});
void (PLAN_KINDS satisfies readonly `${PlanKindEnum}`[]);

@ObjectType('PriorityCount', { description: '重点の数（不明は重点にも重点以外にも数えない） / Counts of 重点: unknown ones are counted on their own, in neither of the others.' })
export class PriorityCountType {
  @Field(() => Int, { description: '重点のノード / Priority nodes.' })
  priority!: number;

  @Field(() => Int, { description: '重点でないノード / Nodes that are not priority.' })
  notPriority!: number;

  @Field(() => Int, { description: '重点かどうか不明なノード / Nodes whose 重点 the document does not settle.' })
  unknown!: number;
}

@ObjectType('Plan', { description: '計画（総合計画、基本計画、戦略PJ、重点課題…） / A plan: comprehensive, basic, strategic projects, priority issues …' })
export class PlanType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => PlanKindEnum, { description: '種類 / Kind.' })
  kind!: PlanKindEnum;

  @Field(() => Int, { description: '計画期間の初年度（西暦） / First fiscal year of the period.' })
  startYear!: number;

  @Field(() => Int, { description: '計画期間の最終年度（西暦） / Last fiscal year of the period.' })
  endYear!: number;

  @Field(() => [String], { description: '施策体系の階層名（上から：基本政策、政策、施策…） / Names of the tree levels from the top.' })
  levelNames!: string[];

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  parentId!: number | null;

  @Field(() => [FiscalYear], { description: '計画期間の年度 / The fiscal years of the period.' })
  get period(): FiscalYear[] {
    const out: FiscalYear[] = [];
    for (let y = this.startYear; y <= this.endYear; y++) out.push(FiscalYear.of(y));
    return out;
  }

  static fromRow(r: SqlRow): PlanType {
    return Object.assign(new PlanType(), {
      id: String(r.id),
      key: r.key,
      name: r.name,
      kind: r.kind as PlanKindEnum,
      startYear: r.start_year,
      endYear: r.end_year,
      levelNames: (typeof r.level_names === 'string' ? JSON.parse(r.level_names) : r.level_names) ?? [],
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      parentId: r.parent_id ?? null,
    });
  }
}
