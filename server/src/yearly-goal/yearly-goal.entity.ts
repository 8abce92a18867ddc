import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';

/** 各年度の目標: the goal a policy node states for one fiscal year, as printed (所沢 H27–H30). */
@Entity({ tableName: 'yearly_goal' })
@Unique({ properties: ['policyNode', 'fiscalYear'] })
@Check({ name: 'yearly_goal_year', expression: 'fiscal_year between 1989 and 2100' })
export class YearlyGoal extends Imported {
  @ManyToOne(() => PolicyNode, { deleteRule: 'cascade' })
  policyNode!: PolicyNode;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  @Property({ type: 'text' })
  goal!: string;
}
