import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';

/**
 * 市民意識調査の結果: one row of a citizen survey's table about a policy node, as numbers
 * (所沢: 718 of 2,197 respondents, 32.7 %, rank 29 of 42) with the row as printed.
 */
@Entity({ tableName: 'survey_result' })
@Unique({ properties: ['municipality', 'key'] })
@Index({ properties: ['policyNode'] })
@Check({ name: 'survey_result_year', expression: 'fiscal_year between 1989 and 2100' })
@Check({ name: 'survey_result_rank', expression: 'rank is null or rank_of is null or rank <= rank_of' })
export class SurveyResult extends Imported {
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => PolicyNode, { nullable: true, deleteRule: 'cascade' })
  policyNode?: PolicyNode | null;

  /** The year the survey was held. */
  @Property({ type: 'smallint' })
  fiscalYear!: number;

  /** The survey's name as printed. */
  @Property({ type: 'text' })
  survey!: string;

  /** What was counted. */
  @Property({ type: 'text' })
  question!: string;

  /** The section or item the row is about. */
  @Property({ type: 'text' })
  item!: string;

  @Property({ type: 'integer', nullable: true })
  respondents?: number | null;

  @Property({ type: 'integer', nullable: true })
  count?: number | null;

  @Property({ type: 'double', nullable: true })
  percent?: number | null;

  @Property({ type: 'integer', nullable: true })
  rank?: number | null;

  @Property({ type: 'integer', nullable: true })
  rankOf?: number | null;

  /** The row as printed. */
  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'integer', default: 0 })
  sortOrder: number = 0;
}
