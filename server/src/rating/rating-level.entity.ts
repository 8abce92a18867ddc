import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { CityOwned } from '../shared/base.entity.js';
import { RatingScale } from './rating-scale.entity.js';

/** One level of a rating scale (A, B, 高 …) with its order, score and colour. */
@Entity({ tableName: 'rating_level' })
@Unique({ properties: ['scale', 'code'] })
@Check({ name: 'rating_level_color', expression: "color is null or color ~ '^#[0-9a-fA-F]{6}$'" })
export class RatingLevel extends CityOwned {
  @ManyToOne(() => RatingScale, { deleteRule: 'cascade' })
  scale!: RatingScale;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** 1 = best. */
  @Property({ type: 'smallint' })
  sortOrder!: number;

  @Property({ type: 'double', nullable: true })
  score?: number | null;

  @Property({ type: 'string', length: 7, nullable: true })
  color?: string | null;

  /** Counts as on track when cities are compared (the share in the top levels). */
  @Property({ type: 'boolean', nullable: true })
  onTrack?: boolean | null;

  /** 0–100 score of the level when cities are compared; null: not counted (未測定). */
  @Property({ type: 'double', nullable: true })
  normalizedScore?: number | null;
}
