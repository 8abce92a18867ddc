import { Field, ID, ObjectType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('Department', { description: '組織（部・課・室・局…、その年度の文書の表記どおり） / A department (部, 課, 室, 局 …), named as printed.' })
export class DepartmentType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '名称（健康づくり課） / Name as printed.' })
  name!: string;

  @Field(() => String, { description: '種類（部、課、室、局、事務局、委員会、学校、その他） / Kind (部, 課, 室 …).' })
  kind!: string;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  parentId!: number | null;
  /** Materialised path of ids from the root ("/3/17/"). */
  pathIds!: number[];

  static fromRow(r: SqlRow): DepartmentType {
    return Object.assign(new DepartmentType(), {
      id: String(r.id),
      key: r.key,
      name: r.name,
      kind: r.kind,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      parentId: r.parent_id ?? null,
      pathIds: pathIds(r.path),
    });
  }
}

/** "/1/4/19/" → [1, 4, 19]. */
export function pathIds(path: string | null | undefined): number[] {
  return (path ?? '').split('/').filter(Boolean).map(Number);
}
