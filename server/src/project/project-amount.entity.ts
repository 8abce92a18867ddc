import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Project } from './project.entity.js';
import { AMOUNT_KINDS } from '../dataset/format.js';

export type AmountKind = (typeof AMOUNT_KINDS)[number];

/** A project's settled amount (決算額) or budget (予算額) for one fiscal year, in thousand yen. */
@Entity({ tableName: 'project_amount' })
@Unique({ properties: ['project', 'fiscalYear', 'kind'] })
@Check({ name: 'project_amount_year', expression: 'fiscal_year between 1989 and 2100' })
export class ProjectAmount extends Imported {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project!: Project;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  @Enum({ items: () => [...AMOUNT_KINDS], nativeEnumName: 'amount_kind' })
  kind!: AmountKind;

  @Property({ type: 'double', nullable: true })
  thousandYen?: number | null;

  /** As printed. */
  @Property({ type: 'text' })
  text!: string;
}
