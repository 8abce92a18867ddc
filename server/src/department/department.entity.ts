import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { DEPARTMENT_KINDS } from '../dataset/format.js';

export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** 組織: a department (部, 課, 室, 局 …) in the city's tree, named as printed. */
@Entity({ tableName: 'department' })
@Unique({ properties: ['municipality', 'key'] })
@Index({ name: 'department_path_idx', expression: 'create index department_path_idx on department (municipality_id, path text_pattern_ops)' })
export class Department extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => [...DEPARTMENT_KINDS], nativeEnumName: 'department_kind' })
  kind!: DepartmentKind;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'cascade' })
  parent?: Department | null;

  /** Materialised path of ids from the root, e.g. "/3/17/", for sub-department filters. */
  @Property({ type: 'text' })
  path!: string;
}
