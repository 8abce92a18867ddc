import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Imported } from '../shared/base.entity.js';
import { Project } from '../project/project.entity.js';
import { PROJECT_DIRECTIONS } from '../dataset/format.js';

export type ProjectDirectionCode = (typeof PROJECT_DIRECTIONS)[number];

/**
 * 事務事業評価: one project's sheet for one fiscal year: cost by kind and sources of funds in
 * thousand yen (null = not printed, unknown), its own evaluation (妥当性・有効性・効率性 as printed)
 * and its 今後の方向性. The table also has the
 * generated column `total_cost` (トータルコスト, cost-parts.ts's rule in SQL) the roll-ups sum.
 */
@Entity({ tableName: 'project_cost' })
@Unique({ properties: ['project', 'fiscalYear'] })
@Check({ name: 'project_cost_year', expression: 'fiscal_year between 1989 and 2100' })
export class ProjectCost extends Imported {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project!: Project;

  @Property({ type: 'smallint' })
  fiscalYear!: number;

  @Property({ type: 'double', nullable: true })
  businessCost?: number | null;

  @Property({ type: 'double', nullable: true })
  staff?: number | null;

  @Property({ type: 'double', nullable: true })
  costPerStaff?: number | null;

  @Property({ type: 'double', nullable: true })
  personnelCost?: number | null;

  @Property({ type: 'double', nullable: true })
  otherCost?: number | null;

  @Property({ type: 'double', nullable: true })
  printedTotal?: number | null;

  @Property({ type: 'double', nullable: true })
  fundNational?: number | null;

  @Property({ type: 'double', nullable: true })
  fundBonds?: number | null;

  @Property({ type: 'double', nullable: true })
  fundOtherSpecific?: number | null;

  @Property({ type: 'double', nullable: true })
  fundGeneral?: number | null;

  @Enum({ items: () => [...PROJECT_DIRECTIONS], nativeEnumName: 'project_direction', nullable: true })
  direction?: ProjectDirectionCode | null;

  @Property({ type: 'text', nullable: true })
  directionText?: string | null;

  /** 妥当性, as the city prints its mark. */
  @Property({ type: 'text', nullable: true })
  validity?: string | null;

  /** 有効性, as printed. */
  @Property({ type: 'text', nullable: true })
  effectiveness?: string | null;

  /** 効率性, as printed. */
  @Property({ type: 'text', nullable: true })
  efficiency?: string | null;
}
