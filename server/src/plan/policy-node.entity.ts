import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Plan } from './plan.entity.js';
import { Department } from '../department/department.entity.js';

/** 施策体系のノード: a node of a plan's policy tree at any depth (基本政策 … 主な取組). */
@Entity({ tableName: 'policy_node' })
@Unique({ properties: ['municipality', 'key'] })
@Index({ properties: ['plan', 'depth'] })
@Index({ properties: ['leadDepartment'] })
@Index({ name: 'policy_node_path_idx', expression: 'create index policy_node_path_idx on policy_node (plan_id, path text_pattern_ops)' })
@Check({ name: 'policy_node_depth', expression: 'depth between 1 and 10' })
export class PolicyNode extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => Plan, { deleteRule: 'cascade' })
  plan!: Plan;

  @ManyToOne(() => PolicyNode, { nullable: true, deleteRule: 'cascade' })
  parent?: PolicyNode | null;

  @Property({ type: 'smallint' })
  depth!: number;

  /** Materialised path of ids from the root, e.g. "/1/4/19/", for subtree filters. */
  @Property({ type: 'text' })
  path!: string;

  /** The code the city prints (1-2-3, 6-1, ①). */
  @Property({ type: 'text', nullable: true })
  code?: string | null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** 主管課 / 施策代表課 / 主担当課. */
  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null' })
  leadDepartment?: Department | null;

  /**
   * The lead department of this node or, where it names none, of its nearest ancestor that
   * does (a 施策の展開 belongs to its 施策's 施策代表課). Kept by the importer.
   */
  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null', index: true })
  effectiveDepartment?: Department | null;

  /** 重点: null where the document does not settle it (不明). */
  @Property({ type: 'boolean', nullable: true, default: false })
  priority: boolean | null = false;

  @Property({ type: 'integer', default: 0 })
  sortOrder: number = 0;
}
