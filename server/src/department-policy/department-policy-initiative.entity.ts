import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { DepartmentPolicy } from './department-policy.entity.js';

/** One initiative of a department policy, in a fixed category (財務体質の強化 …) or 個別課題. */
@Entity({ tableName: 'department_policy_initiative' })
@Unique({ properties: ['policy', 'sortOrder'] })
export class DepartmentPolicyInitiative extends Imported {
  @ManyToOne(() => DepartmentPolicy, { deleteRule: 'cascade' })
  policy!: DepartmentPolicy;

  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'integer' })
  sortOrder!: number;
}
