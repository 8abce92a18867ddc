/**
 * What an operation selects below the field being resolved, so a resolver can load related
 * records for a whole list at once only when they are asked for.
 */
import { Kind, valueFromASTUntyped, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields named `name` directly in a selection set (through inline and named fragments).
 * Each named fragment is entered once: a fragment spread twice at every level of thirty would
 * otherwise be walked 2^30 times.
 */
function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, out: FieldNode[] = [], seen = new Set<string>()): FieldNode[] {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === name) out.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) fieldsNamed(s.selectionSet, name, info, out, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      fieldsNamed(info.fragments[s.name.value]?.selectionSet, name, info, out, seen);
    }
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

/**
 * The largest integer given to argument `arg` of the fields at `path` below the current field
 * (a variable's value included); `fallback` where a field omits it; undefined where none is
 * selected. For a resolver that reads only what the most demanding selection shows.
 */
export function largestArg(info: GraphQLResolveInfo, arg: string, fallback: number, ...path: string[]): number | undefined {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) level = level.flatMap((f) => fieldsNamed(f.selectionSet, name, info));
  if (!level.length) return undefined;
  let most = Number.NEGATIVE_INFINITY;
  for (const f of level) {
    const a = f.arguments?.find((x) => x.name.value === arg);
    const v = a ? valueFromASTUntyped(a.value, info.variableValues) : undefined;
    most = Math.max(most, typeof v === 'number' && Number.isInteger(v) ? v : fallback);
  }
  return most;
}
