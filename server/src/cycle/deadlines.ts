/**
 * A department's deadline in a cycle: its own (`cycle_deadline`), else its nearest parent's,
 * else the cycle's default. Used by the progress page and the reminders alike.
 */

/** The deadline for a department with materialised `path` ("/1/4/19/"). */
export function departmentDeadline(own: Map<number, string>, defaultDeadline: string, path: string | null): string {
  const ids = (path ?? '').split('/').filter(Boolean).map(Number).reverse();
  for (const id of ids) {
    const d = own.get(id);
    if (d) return d;
  }
  return defaultDeadline;
}

/** A date column as YYYY-MM-DD (the driver gives a Date at local midnight or a string). */
export function isoDate(v: unknown): string {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}
