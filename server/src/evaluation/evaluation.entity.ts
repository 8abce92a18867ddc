import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';
import { Indicator } from '../indicator/indicator.entity.js';
import { Project } from '../project/project.entity.js';
import { RatingScale } from '../rating/rating-scale.entity.js';
import { RatingLevel } from '../rating/rating-level.entity.js';
import { STAGES, type Stage } from '../dataset/format.js';
import type { SubjectKind } from '../rating/rating-scale.entity.js';

export { type Stage };

/**
 * 評価: a rating of one subject (policy node, indicator or project) for a fiscal year and a
 * stage (一次評価 self, 二次評価 secondary, 外部評価 external, 政策会議 council), with its texts.
 */
@Entity({ tableName: 'evaluation' })
@Check({
  name: 'evaluation_one_subject',
  expression:
    "(subject_kind = 'policy_node' and policy_node_id is not null and indicator_id is null and project_id is null) or " +
    "(subject_kind = 'indicator' and indicator_id is not null and policy_node_id is null and project_id is null) or " +
    "(subject_kind = 'project' and project_id is not null and policy_node_id is null and indicator_id is null)",
})
@Check({ name: 'evaluation_year', expression: 'fiscal_year between 1989 and 2100' })
@Check({ name: 'evaluation_level_needs_scale', expression: 'level_id is null or scale_id is not null' })
@Index({
  name: 'evaluation_subject_unique',
  expression:
    'create unique index evaluation_subject_unique on evaluation (policy_node_id, indicator_id, project_id, fiscal_year, stage, scale_id) nulls not distinct',
})
@Index({ properties: ['municipality', 'fiscalYear', 'stage'] })
@Index({ properties: ['indicator'] })
@Index({ properties: ['project'] })
export class Evaluation extends Imported {
  @Enum({ items: () => ['policy_node', 'indicator', 'project'], nativeEnumName: 'evaluation_subject_kind' })
  subjectKind!: SubjectKind;

  @ManyToOne(() => PolicyNode, { nullable: true, deleteRule: 'cascade' })
  policyNode?: PolicyNode | null;

  @ManyToOne(() => Indicator, { nullable: true, deleteRule: 'cascade' })
  indicator?: Indicator | null;

  @ManyToOne(() => Project, { nullable: true, deleteRule: 'cascade' })
  project?: Project | null;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  @Enum({ items: () => [...STAGES], nativeEnumName: 'evaluation_stage' })
  stage!: Stage;

  /** Null for a text-only evaluation (the document prints no rating). */
  @ManyToOne(() => RatingScale, { nullable: true, deleteRule: 'cascade' })
  scale?: RatingScale | null;

  /** Null where the sheet has no rating ("-"). */
  @ManyToOne(() => RatingLevel, { nullable: true, deleteRule: 'restrict' })
  level?: RatingLevel | null;

  /** 達成状況 */
  @Property({ type: 'text', nullable: true })
  achievement?: string | null;

  /** 課題 */
  @Property({ type: 'text', nullable: true })
  issues?: string | null;

  /** 課題への対応 */
  @Property({ type: 'text', nullable: true })
  response?: string | null;

  /** 評価コメント */
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  /** 要望・意見 */
  @Property({ type: 'text', nullable: true })
  request?: string | null;

  @Property({ type: 'json', nullable: true })
  otherTexts?: Record<string, string> | null;

  @Property({ type: 'text', nullable: true })
  evaluator?: string | null;

  @Property({ type: 'date', nullable: true })
  evaluatedOn?: string | null;
}
