import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';
import { Department } from '../department/department.entity.js';

/** 事業: a project with its amounts per fiscal year and an outcome indicator. */
@Entity({ tableName: 'project' })
@Unique({ properties: ['municipality', 'key'] })
export class Project extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => PolicyNode, { nullable: true, deleteRule: 'set null', index: true })
  policyNode?: PolicyNode | null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null', index: true })
  department?: Department | null;

  @Property({ type: 'integer', default: 0 })
  sortOrder: number = 0;
}
