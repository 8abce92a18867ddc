import { Entity, ManyToOne, Unique } from '@mikro-orm/core';
import { CityOwned } from '../shared/base.entity.js';
import { PolicyNode } from './policy-node.entity.js';
import { Department } from '../department/department.entity.js';

/** 関係課: a department related to a policy node (besides its lead department). */
@Entity({ tableName: 'policy_node_related_department' })
@Unique({ properties: ['policyNode', 'department'] })
export class PolicyNodeRelatedDepartment extends CityOwned {
  @ManyToOne(() => PolicyNode, { deleteRule: 'cascade' })
  policyNode!: PolicyNode;

  @ManyToOne(() => Department, { deleteRule: 'cascade', index: true })
  department!: Department;
}
