import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** 自治体: a city in the database, identified by its 全国地方公共団体コード. */
@Entity({ tableName: 'municipality' })
@Check({ name: 'municipality_code_format', expression: "code ~ '^[0-9]{6}$'" })
export class Municipality {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** 全国地方公共団体コード (6 digits with check digit). */
  @Property({ type: 'string', length: 6, unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  nameKana?: string | null;

  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  @Property({ type: 'text' })
  prefecture!: string;

  /** Made by the generator, not a real city's data: always shown with a badge. */
  @Property({ type: 'boolean', default: false })
  generated: boolean = false;

  /** 人口 and its reference date (attributes for choosing peers; see `attributesSource`). */
  @Property({ type: 'integer', nullable: true })
  population?: number | null;

  @Property({ type: 'date', nullable: true })
  populationAsOf?: string | null;

  /** 面積 in km² and its reference date. */
  @Property({ type: 'double', nullable: true, fieldName: 'area_km2' })
  areaKm2?: number | null;

  @Property({ type: 'date', nullable: true })
  areaAsOf?: string | null;

  /** 政令指定都市 / 中核市 / 施行時特例市 / 一般市 / 町村 (codes in comparison/city-attributes.ts). */
  @Property({ type: 'text', nullable: true })
  category?: string | null;

  /** 類似団体 group, where known. */
  @Property({ type: 'text', nullable: true })
  similarGroup?: string | null;

  @Property({ type: 'text', nullable: true })
  attributesSource?: string | null;

  @Property({ type: 'text', nullable: true })
  attributesNote?: string | null;

  @Property({ type: 'boolean', default: false })
  attributesUncertain: boolean = false;

  /** Bumped by every import and edit; part of the API's cache key. */
  @Property({ type: 'integer', default: 0 })
  dataVersion: number = 0;
}
