/**
 * Set-based upserts by natural key for the importer: load what the city already has, compare
 * in memory, then insert the new rows and update the changed ones in batches. The counts
 * (added / changed / unchanged) come from the comparison, so a dry run reports them exactly.
 *
 * Speed (bench/import.ts, bench/load.ts): per row the database does what COPY does (the
 * foreign-key checks and index entries dominate), so the importer keeps its own share small:
 * - rows go in (and changes) as one array parameter per column, unnested server-side, 10,000 a
 *   statement, the arrays' text made here rather than by node-pg;
 * - ids come back only from tables that other records point at (`TableSpec.returnIds`);
 * - a city created by this import has nothing to compare with: nothing is loaded (`newCity`);
 * - keys and comparisons build no JSON for plain values;
 * - while the database runs one statement, this process compares and prepares the next batch
 *   (one statement in flight at a time, on the transaction's connection).
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
  /** False for tables no other record points at: their ids are neither returned nor collected. */
  returnIds?: boolean;
  /** The table has a `version` column: every row changed moves it by one (optimistic locking sees the change). */
  versioned?: boolean;
  /** Return the rows changed, with what they held before (the importer writes their history). */
  trackChanges?: boolean;
}

/** A row the upsert changed: what the table held (`id`, key and compared columns) and what was written. */
export interface ChangedRow {
  old: Row;
  row: Row;
}

export interface UpsertOptions {
  /** The city was created in this transaction, so it has no rows yet: nothing is loaded to compare with. */
  newCity?: boolean;
  /** Called after each statement with the number of rows written so far. */
  onBatch?: (done: number) => void;
  /**
   * Told of every row as it is compared (added, changed, unchanged) and, after the file's rows,
   * of every row the city has that the file lacks (`missing`): the import preview and the
   * removal of missing records read this.
   */
  onRow?: (kind: RowOutcome, old: Row | undefined, row: Row | undefined) => void;
}

/** What the comparison made of a row. */
export type RowOutcome = 'added' | 'changed' | 'unchanged' | 'missing';

export type Row = Record<string, unknown>;

/**
 * Rows to write, with their number: an array, or rows made one at a time as they are written
 * (a large table need not be built whole before its first batch goes in).
 */
export interface RowSource extends Iterable<Row> {
  readonly length: number;
}

/** Rows a statement writes. */
const BATCH_ROWS = 10_000;
/** Rows of a table's first insert: few, so that the database starts while the rest are prepared. */
const FIRST_BATCH_ROWS = 1_000;

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

/**
 * The key of a row made of these values: `canonical(values)`. For plain values (strings,
 * numbers, booleans, nulls: every key column there is) that is exactly JSON.stringify's text,
 * which the engine builds without a call per value.
 */
export function keyFor(values: unknown[]): string {
  for (const v of values) if (v !== null && typeof v === 'object') return canonical(values);
  return JSON.stringify(values);
}

export const keyOf = (row: Row, keyColumns: string[]) => keyFor(keyColumns.map((c) => row[c]));

/** Whether a stored value and the file's are the same: canonical(normalise(…)) equal; identical values need no JSON. */
function sameValue(stored: unknown, given: unknown): boolean {
  return stored === given || canonical(normalise(stored)) === canonical(normalise(given));
}

/**
 * Upserts `rows` (each with municipality_id, key columns and data columns). Returns the id of
 * every row by its key (unless `spec.returnIds` is false) and the counts.
 */
export async function upsertRows(
  trx: Knex.Transaction,
  municipalityId: number,
  spec: TableSpec,
  rows: RowSource,
  opts: UpsertOptions = {},
): Promise<{ ids: Map<string, number>; counts: TableCounts; changed: ChangedRow[] }> {
  const ids = new Map<string, number>();
  const counts: TableCounts = { added: 0, changed: 0, unchanged: 0 };
  const changed: ChangedRow[] = [];
  const onRow = opts.onRow;
  if (rows.length === 0 && !onRow) return { ids, counts, changed };
  const wantIds = spec.returnIds !== false;

  // What the city already has, by key.
  const byKey = new Map<string, Row>();
  if (!opts.newCity) {
    const selectCols = ['id', ...spec.keyColumns, ...spec.columns.filter((c) => !spec.keyColumns.includes(c))];
    const scope = spec.scope ?? { sql: '?? = ?', bindings: ['municipality_id', municipalityId] };
    const existing = await sql(
      trx,
      // sql-safe: scope.sql is a fixed condition from the importer's TableSpec; its values are ? bindings
      `select ${selectCols.map(() => '??').join(', ')} from ?? where ${scope.sql}`,
      [...selectCols, spec.table, ...scope.bindings],
    );
    for (const r of existing.rows) byKey.set(keyOf(r, spec.keyColumns), r);
  }
  /** Keys the file gave that the city had (only kept when someone asks for the missing ones). */
  const seen = onRow ? new Set<string>() : undefined;

  const insertCols = ['municipality_id', ...new Set([...spec.keyColumns, ...spec.columns]), ...Object.keys(spec.insertOnly ?? {})].filter(
    (c, i, a) => a.indexOf(c) === i,
  );
  const updateCols = spec.columns.filter((c) => !spec.keyColumns.includes(c));
  // Looked up before any statement is in flight (one statement at a time on the connection).
  const types = await columnTypes(trx, spec.table);
  // How each inserted column gets its value from a row.
  const insertValue = insertCols.map((c): ((row: Row) => unknown) => {
    if (c === 'municipality_id') return () => municipalityId;
    const fallback = spec.insertOnly && c in spec.insertOnly ? spec.insertOnly[c] : undefined;
    if (fallback !== undefined) return (row) => (c in row ? toDb(row[c]) : fallback);
    return (row) => toDb(row[c]);
  });

  const statements = new OneInFlight();
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onBatch?.(done);
  };
  // One array parameter per column, unnested server-side: far fewer parameters to parse than a
  // VALUES list, so batches can be large. Ids come back with the key, not by position.
  let insertText: string | undefined;
  const insert = async (batch: Row[]) => {
    insertText ??=
      // sql-safe: the casts are types read from pg_attribute for the spec's own columns; the rows are ? bindings
      `insert into ?? (${insertCols.map(() => '??').join(', ')}) select * from unnest(${insertCols.map((c) => `?::${typeOf(types, spec.table, c)}[]`).join(', ')})` +
      (wantIds ? ` returning id, ${spec.keyColumns.map(() => '??').join(', ')}` : '');
    const arrays = insertValue.map((value) => arrayLiteral(batch.map(value)));
    await statements.send(async () => {
      const res = await sql(trx, insertText!, [spec.table, ...insertCols, ...arrays, ...(wantIds ? spec.keyColumns : [])]);
      if (wantIds) for (const r of res.rows) ids.set(keyOf(r, spec.keyColumns), r.id as number);
      progress(batch.length);
    });
  };

  try {
    // Compare row by row; a full batch of new rows is sent at once, and the rows after it are
    // made, compared and prepared while the database inserts it.
    let toInsert: Row[] = [];
    let batchRows = FIRST_BATCH_ROWS;
    const toUpdate: Row[] = [];
    for (const row of rows) {
      // (No key to compute when there is nothing to compare with: new rows' ids come back with their keys.)
      const k = byKey.size > 0 ? keyOf(row, spec.keyColumns) : undefined;
      const old = k === undefined ? undefined : byKey.get(k);
      if (!old) {
        onRow?.('added', undefined, row);
        toInsert.push(row);
        counts.added++;
        if (toInsert.length === batchRows) {
          await insert(toInsert);
          toInsert = [];
          batchRows = BATCH_ROWS;
        }
        continue;
      }
      if (wantIds) ids.set(k!, old.id as number);
      seen?.add(k!);
      if (spec.columns.every((c) => sameValue(old[c], row[c]))) {
        counts.unchanged++;
        onRow?.('unchanged', old, row);
      } else {
        onRow?.('changed', old, row);
        toUpdate.push({ ...row, id: old.id });
        if (spec.trackChanges) changed.push({ old, row });
        counts.changed++;
      }
    }
    if (toInsert.length > 0) await insert(toInsert);
    if (seen) for (const [k, old] of byKey) if (!seen.has(k)) onRow!('missing', old, undefined);

    // Then the changed rows (after every insert, as a row moving away from a unique value may
    // free it for a new one only in that order).
    if (updateCols.length > 0 && toUpdate.length > 0) {
      // The same arrays, cast to the target columns' types so enums, dates and jsonb assign.
      const updateText =
        // sql-safe: placeholders, a fixed version increment, and the casts are types read from pg_attribute for the spec's own columns; the values are ? bindings
        `update ?? as t set ${updateCols.map(() => '?? = v.??').join(', ')}${spec.versioned ? ', version = t.version + 1' : ''} from unnest(?::int[], ${updateCols.map((c) => `?::${typeOf(types, spec.table, c)}[]`).join(', ')}) as v(id, ${updateCols.map(() => '??').join(', ')}) where t.id = v.id`;
      for (let i = 0; i < toUpdate.length; i += BATCH_ROWS) {
        const batch = toUpdate.slice(i, i + BATCH_ROWS);
        const arrays = [arrayLiteral(batch.map((row) => row.id)), ...updateCols.map((c) => arrayLiteral(batch.map((row) => toDb(row[c]))))];
        await statements.send(async () => {
          await sql(trx, updateText, [spec.table, ...updateCols.flatMap((c) => [c, c]), ...arrays, ...updateCols]);
          progress(batch.length);
        });
      }
    }
    await statements.drain();
  } catch (e) {
    await statements.settle(); // never leave a statement running unobserved
    throw e;
  }
  return { ids, counts, changed };
}

/**
 * Inserts rows as they are (no comparison, no ids): one array per column, unnested
 * server-side. For child rows replaced as a whole (importer.ts `replaceChildren`).
 */
export async function insertRows(trx: Knex.Transaction, table: string, cols: string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const types = await columnTypes(trx, table);
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    await sql(
      trx,
      // sql-safe: the casts are types read from pg_attribute for the given columns; the rows are ? bindings
      `insert into ?? (${cols.map(() => '??').join(', ')}) select * from unnest(${cols.map((c) => `?::${typeOf(types, table, c)}[]`).join(', ')})`,
      [table, ...cols, ...cols.map((c) => arrayLiteral(batch.map((r) => toDb(r[c]))))],
    );
  }
}

/**
 * The transaction's statements, one at a time, without waiting for each before preparing the
 * next: `send` waits for the statement before, starts this one and returns once it has gone out
 * to the server, so the caller prepares the next batch while the database works. A failed
 * statement fails the next `send` (or `drain`); its error is held here, never left unhandled.
 */
class OneInFlight {
  private last: Promise<void> = Promise.resolve();
  private error: { cause: unknown } | undefined;

  async send(run: () => Promise<void>): Promise<void> {
    await this.drain();
    this.last = run().catch((cause: unknown) => {
      this.error ??= { cause };
    });
    // knex hands the statement to the connection within the current microtasks: let it, so
    // the server starts on it before this process goes back to preparing.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits for the statement in flight; throws the error of a failed one. */
  async drain(): Promise<void> {
    await this.last;
    if (this.error) throw this.error.cause;
  }

  /** Waits for the statement in flight, whatever its outcome (the caller already has an error to report). */
  settle(): Promise<void> {
    return this.last;
  }
}

/** A table's column types (format_type), read once per process. */
const typeCache = new Map<string, Map<string, string>>();
async function columnTypes(trx: Knex.Transaction, table: string): Promise<Map<string, string>> {
  let types = typeCache.get(table);
  if (!types) {
    const res = await sql(
      trx,
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped`,
      [table],
    );
    types = new Map((res.rows as { name: string; type: string }[]).map((r) => [r.name, r.type]));
    typeCache.set(table, types);
  }
  return types;
}

function typeOf(types: Map<string, string>, table: string, column: string): string {
  const type = types.get(column);
  if (!type) throw new Error(`unknown column ${table}.${column}`);
  return type;
}

/**
 * A column's values as a PostgreSQL array literal: the text node-pg sends for a JS array (every
 * value quoted there; numbers and booleans need no quotes), made by the importer while the
 * previous statement runs instead of by node-pg when this one is sent. Dates are left to node-pg.
 */
function arrayLiteral(values: unknown[]): string | unknown[] {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') parts[i] = String(v);
    else return values;
  }
  return `{${parts.join(',')}}`;
}
const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

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
