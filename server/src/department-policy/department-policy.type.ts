import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('Initiative', { description: '部局運営方針の取組（区分ごと） / One initiative of a department policy, in a fixed category or 個別課題.' })
export class InitiativeType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: '区分（財務体質の強化、個別課題…） / Category.' })
  category!: string;

  @Field(() => String, { description: '表題 / Title.' })
  title!: string;

  @Field(() => String, { description: '本文 / Body.' })
  body!: string;

  @Field(() => Int, { description: '並び順 / Order within the policy.' })
  order!: number;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal id. */
  policyId!: number;

  static fromRow(r: SqlRow): InitiativeType {
    return Object.assign(new InitiativeType(), {
      id: String(r.id),
      category: r.category,
      title: r.title,
      body: r.body,
      order: r.sort_order,
      provenance: ProvenanceType.fromRow(r),
      policyId: r.policy_id,
    });
  }
}

@ObjectType('DepartmentPolicy', { description: '部局運営方針（組織・年度ごと） / A department’s operating policy for one fiscal year.' })
export class DepartmentPolicyType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => String, { description: '部局運営に関する基本的考え方 / Basic approach.' })
  basicApproach!: string;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids. */
  municipalityId!: number;
  departmentId!: number;

  static fromRow(r: SqlRow): DepartmentPolicyType {
    return Object.assign(new DepartmentPolicyType(), {
      id: String(r.id),
      key: r.key,
      fiscalYear: FiscalYear.of(r.fiscal_year),
      basicApproach: r.basic_approach,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      departmentId: r.department_id,
    });
  }
}
