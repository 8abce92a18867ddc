/** Department-policy helpers. */
/** The initiatives of a policy by category, in printed order (the categories in the order they first appear). */
export function byCategory<T extends { category: string; order: number }>(items: readonly T[]): { category: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const it of [...items].sort((a, b) => a.order - b.order)) {
    const list = groups.get(it.category) ?? [];
    list.push(it);
    groups.set(it.category, list);
  }
  return [...groups].map(([category, list]) => ({ category, items: list }));
}
