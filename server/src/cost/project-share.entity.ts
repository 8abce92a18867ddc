import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Project } from '../project/project.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';

/** A project's share of a policy node it serves (a project's shares sum to 1). */
@Entity({ tableName: 'project_share' })
@Unique({ properties: ['project', 'policyNode'] })
@Check({ name: 'project_share_range', expression: 'share > 0 and share <= 1' })
export class ProjectShare extends Imported {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project!: Project;

  @ManyToOne(() => PolicyNode, { deleteRule: 'cascade', index: true })
  policyNode!: PolicyNode;

  @Property({ type: 'double' })
  share!: number;
}
