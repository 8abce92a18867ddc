import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Department } from '../department/department.entity.js';

/** 部局運営方針: a department's operating policy for one fiscal year. */
@Entity({ tableName: 'department_policy' })
@Unique({ properties: ['municipality', 'key'] })
@Unique({ properties: ['department', 'fiscalYear'] })
@Check({ name: 'department_policy_year', expression: 'fiscal_year between 1989 and 2100' })
export class DepartmentPolicy extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => Department, { deleteRule: 'cascade' })
  department!: Department;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  /** 部局運営に関する基本的考え方 */
  @Property({ type: 'text' })
  basicApproach!: string;
}
