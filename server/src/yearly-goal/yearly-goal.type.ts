import { Field, ID, ObjectType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('YearlyGoal', { description: '各年度の目標（施策ごと、印字どおり） / The goal a policy node states for one fiscal year, as printed.' })
export class YearlyGoalType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => String, { description: '目標 / The goal.' })
  goal!: string;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids. */
  municipalityId!: number;
  policyNodeId!: number;

  static fromRow(r: SqlRow): YearlyGoalType {
    return Object.assign(new YearlyGoalType(), {
      id: String(r.id),
      fiscalYear: FiscalYear.of(r.fiscal_year),
      goal: r.goal,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      policyNodeId: r.policy_node_id,
    });
  }
}
