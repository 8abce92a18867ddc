import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { pathIds } from '../department/department.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('PolicyNode', { description: '施策体系のノード（基本政策…主な取組） / A node of a plan’s policy tree at any depth.' })
export class PolicyNodeType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { nullable: true, description: '市が印字するコード（1-2-3、6-1、①） / The code the city prints.' })
  code?: string | null;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '説明 / Description.' })
  description?: string | null;

  @Field(() => Int, { description: '深さ（1 = 最上位） / Depth, 1 = top level.' })
  depth!: number;

  @Field(() => Boolean, { nullable: true, description: '重点なら true、重点でなければ false、文書から決められなければ null（不明） / True for a priority (重点) node, false for one that is not, null where the document does not settle it (unknown).' })
  priority!: boolean | null;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  planId!: number;
  parentId!: number | null;
  leadDepartmentId!: number | null;
  effectiveDepartmentId!: number | null;
  sortOrder!: number;
  /** Ids from the root to this node ("/1/4/19/" → [1, 4, 19]). */
  pathIds!: number[];

  static fromRow(r: SqlRow): PolicyNodeType {
    return Object.assign(new PolicyNodeType(), {
      id: String(r.id),
      key: r.key,
      code: r.code ?? null,
      name: r.name,
      description: r.description ?? null,
      depth: r.depth,
      priority: r.priority == null ? null : Boolean(r.priority),
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      planId: r.plan_id,
      parentId: r.parent_id ?? null,
      leadDepartmentId: r.lead_department_id ?? null,
      effectiveDepartmentId: r.effective_department_id ?? null,
      sortOrder: r.sort_order ?? 0,
      pathIds: pathIds(r.path),
    });
  }
}
