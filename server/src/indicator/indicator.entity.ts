import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';
import { Project } from '../project/project.entity.js';
import { DIRECTIONS, INDICATOR_KINDS } from '../dataset/format.js';

export type Direction = (typeof DIRECTIONS)[number];
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** 指標 / KPI: what a policy node or project is measured by. */
@Entity({ tableName: 'indicator' })
@Unique({ properties: ['municipality', 'key'] })
@Index({ properties: ['policyNode'] })
@Index({ properties: ['project'] })
export class Indicator extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => PolicyNode, { nullable: true, deleteRule: 'cascade' })
  policyNode?: PolicyNode | null;

  @ManyToOne(() => Project, { nullable: true, deleteRule: 'cascade' })
  project?: Project | null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'text', nullable: true })
  unit?: string | null;

  @Enum({ items: () => [...DIRECTIONS], nativeEnumName: 'indicator_direction' })
  direction!: Direction;

  @Enum({ items: () => [...INDICATOR_KINDS], nativeEnumName: 'indicator_kind' })
  kind!: IndicatorKind;

  /** 出典 (〇〇課調べ). */
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @Property({ type: 'boolean', default: false })
  isKpi: boolean = false;

  @Property({ type: 'integer', default: 0 })
  sortOrder: number = 0;
}
