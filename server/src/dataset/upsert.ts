/**
 * Set-based upserts by natural key for the importer: load what the city already has, compare
 * in memory, then insert the new rows and update the changed ones in batches. The counts
 * (added / changed / unchanged) come from the comparison, so a dry run reports them exactly.
 */
import type { Knex } from '@mikro-orm/postgresql';

export interface TableCounts {
  added: number;
  changed: number;
  unchanged: number;
}

export interface TableSpec {
  table: string;
  /** Columns that identify a row within the municipality (besides municipality_id). */
  keyColumns: string[];
  /** Columns compared and written. Key columns are written too. */
  columns: string[];
  /** Columns written on insert but not compared (e.g. a path recomputed afterwards). */
  insertOnly?: Record<string, unknown>;
  /** A filter on the rows loaded for comparison, when the key columns do not include municipality_id. */
  scope?: { sql: string; bindings: unknown[] };
}

export type Row = Record<string, unknown>;

const BATCH_ROWS = 1000;
const INSERT_BATCH_ROWS = 10_000;

/** Runs parameterised SQL (knex `?` values and `??` identifiers) in the transaction. */
export function sql(trx: Knex.Transaction, text: string, bindings: unknown[] = []): Promise<{ rows: Row[] }> {
  return trx.raw(text, bindings as Knex.RawBinding[]) as unknown as Promise<{ rows: Row[] }>;
}

/** JSON with sorted keys: jsonb comes back with its keys reordered. */
export function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const keyOf = (row: Row, keyColumns: string[]) => canonical(keyColumns.map((c) => row[c] ?? null));

/**
 * Upserts `rows` (each with municipality_id, key columns and data columns). Returns the id of
 * every row by its key and the counts.
 */
export async function upsertRows(
  trx: Knex.Transaction,
  municipalityId: number,
  spec: TableSpec,
  rows: Row[],
  onBatch?: (done: number) => void,
): Promise<{ ids: Map<string, number>; counts: TableCounts }> {
  const ids = new Map<string, number>();
  const counts: TableCounts = { added: 0, changed: 0, unchanged: 0 };
  if (rows.length === 0) return { ids, counts };

  const selectCols = ['id', ...spec.keyColumns, ...spec.columns.filter((c) => !spec.keyColumns.includes(c))];
  const scope = spec.scope ?? { sql: '?? = ?', bindings: ['municipality_id', municipalityId] };
  const existing = await sql(trx, 
    `select ${selectCols.map(() => '??').join(', ')} from ?? where ${scope.sql}`,
    [...selectCols, spec.table, ...scope.bindings],
  );
  const byKey = new Map<string, Row>();
  for (const r of existing.rows as Row[]) byKey.set(keyOf(r, spec.keyColumns), r);

  const toInsert: Row[] = [];
  const toUpdate: Row[] = [];
  for (const row of rows) {
    const k = keyOf(row, spec.keyColumns);
    const old = byKey.get(k);
    if (!old) {
      toInsert.push(row);
      continue;
    }
    ids.set(k, old.id as number);
    const same = spec.columns.every((c) => canonical(normalise(old[c])) === canonical(normalise(row[c])));
    if (same) counts.unchanged++;
    else {
      toUpdate.push({ ...row, id: old.id });
      counts.changed++;
    }
  }

  const insertCols = ['municipality_id', ...new Set([...spec.keyColumns, ...spec.columns]), ...Object.keys(spec.insertOnly ?? {})].filter(
    (c, i, a) => a.indexOf(c) === i,
  );
  let done = 0;
  if (toInsert.length > 0) {
    // One array parameter per column, unnested server-side: far fewer parameters to parse than
    // a VALUES list, so batches can be large. Ids come back with the key, not by position.
    const types = await columnTypes(trx, spec.table, insertCols);
    const valueOf = (row: Row, c: string) =>
      c === 'municipality_id' ? municipalityId : spec.insertOnly && c in spec.insertOnly && !(c in row) ? spec.insertOnly[c] : toDb(row[c]);
    for (let i = 0; i < toInsert.length; i += INSERT_BATCH_ROWS) {
      const batch = toInsert.slice(i, i + INSERT_BATCH_ROWS);
      const arrays = insertCols.map((c) => batch.map((row) => valueOf(row, c)));
      const res = await sql(
        trx,
        `insert into ?? (${insertCols.map(() => '??').join(', ')})
         select * from unnest(${insertCols.map((c) => `?::${types.get(c)}[]`).join(', ')})
         returning id, ${spec.keyColumns.map(() => '??').join(', ')}`,
        [spec.table, ...insertCols, ...arrays, ...spec.keyColumns],
      );
      for (const r of res.rows) ids.set(keyOf(r, spec.keyColumns), r.id as number);
      counts.added += batch.length;
      done += batch.length;
      onBatch?.(done);
    }
  }

  const updateCols = spec.columns.filter((c) => !spec.keyColumns.includes(c));
  if (updateCols.length > 0 && toUpdate.length > 0) {
    // VALUES columns are cast to the target columns' types so enums, dates and jsonb assign.
    const types = await columnTypes(trx, spec.table, updateCols);
    const setSql = updateCols.map(() => '?? = v.??').join(', ');
    const setBindings = updateCols.flatMap((c) => [c, c]);
    for (let i = 0; i < toUpdate.length; i += BATCH_ROWS) {
      const batch = toUpdate.slice(i, i + BATCH_ROWS);
      const tuple = `(?::int, ${updateCols.map((c) => `?::${types.get(c)}`).join(', ')})`;
      const valueBindings = batch.flatMap((row) => [row.id, ...updateCols.map((c) => toDb(row[c]))]);
      await sql(trx, 
        `update ?? as t set ${setSql} from (values ${batch.map(() => tuple).join(', ')}) as v(id, ${updateCols
          .map(() => '??')
          .join(', ')}) where t.id = v.id`,
        [spec.table, ...setBindings, ...valueBindings, ...updateCols],
      );
      done += batch.length;
      onBatch?.(done);
    }
  }
  return { ids, counts };
}

const typeCache = new Map<string, Map<string, string>>();
async function columnTypes(trx: Knex.Transaction, table: string, cols: string[]): Promise<Map<string, string>> {
  let types = typeCache.get(table);
  if (!types) {
    const res = await sql(trx, 
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped`,
      [table],
    );
    types = new Map((res.rows as { name: string; type: string }[]).map((r) => [r.name, r.type]));
    typeCache.set(table, types);
  }
  for (const c of cols) if (!types.has(c)) throw new Error(`unknown column ${table}.${c}`);
  return types;
}

/** Values as the database returns them, for comparison. */
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

/** Values as bindings: objects and arrays go to jsonb as text. */
function toDb(v: unknown): unknown {
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return v;
}
