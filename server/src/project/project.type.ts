import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { AMOUNT_KINDS } from '../dataset/format.js';
import type { SqlRow } from '../provenance/provenance.type.js';

export enum AmountKindEnum {
  SETTLED = 'settled',
  BUDGET = 'budget',
}
registerEnumType(AmountKindEnum, {
  name: 'AmountKind',
  description: '金額の種類 / Kind of amount',
  valuesConfig: {
    SETTLED: { description: '決算額 / Settled amount' },
    BUDGET: { description: '予算額 / Budget' },
  },
});
void (AMOUNT_KINDS satisfies readonly `${AmountKindEnum}`[]);

@ObjectType('Project', { description: '事業（年度ごとの金額と成果指標） / A project with its amounts per fiscal year and an outcome indicator.' })
export class ProjectType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '説明 / Description.' })
  description?: string | null;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  policyNodeId!: number | null;
  departmentId!: number | null;
  sortOrder!: number;

  static fromRow(r: SqlRow): ProjectType {
    return Object.assign(new ProjectType(), {
      id: String(r.id),
      key: r.key,
      name: r.name,
      description: r.description ?? null,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      policyNodeId: r.policy_node_id ?? null,
      departmentId: r.department_id ?? null,
      sortOrder: r.sort_order ?? 0,
    });
  }
}

@ObjectType('ProjectAmount', { description: '事業の金額（年度ごとの決算額・予算額、千円） / A project’s settled amount or budget for a fiscal year, in thousand yen.' })
export class ProjectAmountType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => AmountKindEnum, { description: '決算額か予算額か / Settled or budget.' })
  kind!: AmountKindEnum;

  @Field(() => Float, { nullable: true, description: '金額（千円） / Amount in thousand yen.' })
  thousandYen?: number | null;

  @Field(() => String, { description: '印字どおりの文字列 / The text as printed.' })
  text!: string;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal id. */
  projectId!: number;

  static fromRow(r: SqlRow): ProjectAmountType {
    return Object.assign(new ProjectAmountType(), {
      id: String(r.id),
      fiscalYear: FiscalYear.of(r.fiscal_year),
      kind: r.kind as AmountKindEnum,
      thousandYen: r.thousand_yen ?? null,
      text: r.text,
      provenance: ProvenanceType.fromRow(r),
      projectId: r.project_id,
    });
  }
}
