import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { SUBJECT_KINDS, type RatingRule } from '../dataset/format.js';

export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** 評価尺度: a city's rating scale, with the rule (if the city states one) that derives it. */
@Entity({ tableName: 'rating_scale' })
@Unique({ properties: ['municipality', 'key'] })
export class RatingScale extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Enum({ items: () => [...SUBJECT_KINDS], nativeEnumName: 'subject_kind' })
  subjectKind!: SubjectKind;

  /** The city's rule (achievement bands or a score roll-up), as data. */
  @Property({ type: 'json', nullable: true })
  rule?: RatingRule | null;
}
