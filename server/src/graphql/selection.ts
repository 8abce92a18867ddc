/**
 * What an operation selects below the field being resolved, so a resolver can load related
 * records for a whole list at once only when they are asked for.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields named `name` directly in a selection set (through inline and named fragments). */
function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, out: FieldNode[] = []): FieldNode[] {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === name) out.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) fieldsNamed(s.selectionSet, name, info, out);
    else fieldsNamed(info.fragments[s.name.value]?.selectionSet, name, info, out);
  }
  return out;
}

/** Whether the current field's selection reaches `path` (e.g. ['groups', 'department']). */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    level = level.flatMap((f) => fieldsNamed(f.selectionSet, name, info));
    if (!level.length) return false;
  }
  return true;
}
