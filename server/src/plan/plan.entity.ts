import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PLAN_KINDS } from '../dataset/format.js';

export type PlanKind = (typeof PLAN_KINDS)[number];

/** 計画: a comprehensive plan, a 基本計画 inside it, or a structure such as 戦略PJ / 重点課題. */
@Entity({ tableName: 'plan' })
@Unique({ properties: ['municipality', 'key'] })
@Check({ name: 'plan_period', expression: 'end_year >= start_year' })
export class Plan extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => [...PLAN_KINDS], nativeEnumName: 'plan_kind' })
  kind!: PlanKind;

  @ManyToOne(() => Plan, { nullable: true, deleteRule: 'cascade' })
  parent?: Plan | null;

  @Property({ type: 'smallint' })
  startYear!: number;

  @Property({ type: 'smallint' })
  endYear!: number;

  /** Names of the tree levels from the top (基本政策, 政策, 施策 …). */
  @Property({ type: 'json' })
  levelNames!: string[];
}
