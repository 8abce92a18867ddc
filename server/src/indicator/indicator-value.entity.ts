import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Indicator } from './indicator.entity.js';
import { QUALIFIERS, VALUE_KINDS } from '../dataset/format.js';

export type ValueKind = (typeof VALUE_KINDS)[number];
export type Qualifier = (typeof QUALIFIERS)[number];

/** One value of an indicator for a fiscal year: baseline (現状値), target (目標値) or actual (実績値). */
@Entity({ tableName: 'indicator_value' })
@Unique({ properties: ['indicator', 'fiscalYear', 'kind'] })
@Check({ name: 'indicator_value_year', expression: 'fiscal_year between 1989 and 2100' })
@Check({ name: 'indicator_value_span', expression: 'span_from is null or span_to is null or span_to >= span_from' })
export class IndicatorValue extends Imported {
  @ManyToOne(() => Indicator, { deleteRule: 'cascade' })
  indicator!: Indicator;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  @Enum({ items: () => [...VALUE_KINDS], nativeEnumName: 'value_kind' })
  kind!: ValueKind;

  /** The parsed number; null where the document prints none. */
  @Property({ type: 'double', nullable: true })
  value?: number | null;

  /** The text exactly as printed. */
  @Property({ type: 'text' })
  text!: string;

  /** The year the value refers to when it differs from the column's (60.5人(R3年)). */
  @Property({ type: 'smallint', nullable: true })
  observedYear?: number | null;

  @Property({ type: 'text', nullable: true })
  yearNote?: string | null;

  /** 以内 = at_most, 以上 = at_least. */
  @Enum({ items: () => [...QUALIFIERS], nativeEnumName: 'value_qualifier', nullable: true })
  qualifier?: Qualifier | null;

  @Property({ type: 'smallint', nullable: true })
  spanFrom?: number | null;

  @Property({ type: 'smallint', nullable: true })
  spanTo?: number | null;

  /** Achievement rate (%) the document printed beside this value. */
  @Property({ type: 'double', nullable: true })
  printedAchievement?: number | null;

  @Property({ type: 'text', nullable: true })
  printedAchievementText?: string | null;

  /** A value printed in several parts: [{label, value, unit, text}] in printed order (`text` keeps the whole). */
  @Property({ type: 'jsonb', nullable: true })
  parts?: { label: string; value: number | null; unit?: string; text: string }[] | null;
}
