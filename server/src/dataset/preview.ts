/**
 * The import preview (取込のプレビュー): what an import would do to the city, record by record,
 * told by the importer's comparison (`ImportOptions.onRow`) during a dry run and put in words
 * before the dry run rolls back: each record by its sheet and key, each changed field by its
 * Japanese header with the value before and after (codes as their Japanese labels, ids as keys).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { SHEETS, type ColumnSpec } from './xlsx.js';
import { sql, type Row, type RowOutcome } from './upsert.js';
import { TABLE_LABELS } from './importer.js';
import { fiscalYearLabel } from '../shared/fiscal-year.js';

/** Records listed per outcome (the counts are always whole). */
export const PREVIEW_LIST_LIMIT = 500;

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface PreviewRecord {
  table: string;
  label: string;
  changes: FieldChange[];
}

export interface PreviewCounts {
  table: string;
  added: number;
  changed: number;
  unchanged: number;
  missing: number;
}

export interface ImportPreview {
  tables: PreviewCounts[];
  added: PreviewRecord[];
  changed: PreviewRecord[];
  unchanged: PreviewRecord[];
  missing: PreviewRecord[];
}

/** Columns no person set (kept by the database), left out of the comparison shown. */
const HIDDEN = new Set(['id', 'municipality_id', 'path', 'effective_department_id', 'version', 'status', 'created_at', 'updated_at', 'sort_order']);

/** Tables each id column points at. */
const REFERENCES: Record<string, string> = {
  source_document_id: 'source_document',
  plan_id: 'plan',
  department_id: 'department',
  lead_department_id: 'department',
  scale_id: 'rating_scale',
  policy_node_id: 'policy_node',
  project_id: 'project',
  indicator_id: 'indicator',
};

/** The link column of each child sheet (`@parent` in xlsx.ts). */
const PARENT_COLUMN: Record<string, string> = { indicator_value: 'indicator_id', project_amount: 'project_id', project_cost: 'project_id', project_share: 'project_id', rating_level: 'scale_id' };

const snake = (f: string) => f.replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const PROVENANCE: Record<string, string> = {
  'provenance.document': 'source_document_id',
  'provenance.line': 'source_line',
  'provenance.lineEnd': 'source_line_end',
  'provenance.note': 'source_note',
  'provenance.uncertain': 'uncertain',
};

/** Table → database column → the workbook column that fills it. */
const COLUMNS: Map<string, Map<string, ColumnSpec>> = new Map(
  Object.entries(TABLE_LABELS).map(([table, sheetName]) => {
    const sheet = SHEETS.find((s) => s.name === sheetName);
    const map = new Map<string, ColumnSpec>();
    for (const c of sheet?.columns ?? []) {
      if (c.field === '@parent') {
        if (PARENT_COLUMN[table]) map.set(PARENT_COLUMN[table], c);
        continue;
      }
      const s = PROVENANCE[c.field] ?? snake(c.field);
      map.set(s, c);
      map.set(`${s}_id`, c);
    }
    if (table === 'plan') map.set('level_names', sheet!.columns.find((c) => c.field === 'levels')!);
    if (table === 'evaluation') {
      const subject = sheet!.columns.find((c) => c.field === '@subjectKey')!;
      for (const col of ['policy_node_id', 'indicator_id', 'project_id']) map.set(col, subject);
      map.set('subject_kind', sheet!.columns.find((c) => c.field === '@subjectKind')!);
      map.set('level_id', sheet!.columns.find((c) => c.field === 'level')!);
    }
    return [table, map];
  }),
);

/** Collects what the importer tells, bounded. */
export class PreviewCollector {
  private readonly counts = new Map<string, PreviewCounts>();
  private readonly raw: Record<RowOutcome, { table: string; old?: Row; row?: Row }[]> = { added: [], changed: [], unchanged: [], missing: [] };

  /** The importer's `onRow`. */
  readonly onRow = (table: string, kind: RowOutcome, old: Row | undefined, row: Row | undefined): void => {
    let c = this.counts.get(table);
    if (!c) this.counts.set(table, (c = { table, added: 0, changed: 0, unchanged: 0, missing: 0 }));
    c[kind]++;
    const list = this.raw[kind];
    if (list.length < PREVIEW_LIST_LIMIT) list.push({ table, old, row });
  };

  /** Puts the records in words; runs in the import's transaction, where new records have their ids too. */
  async render(trx: Knex.Transaction, municipalityId: number): Promise<ImportPreview> {
    const keys = await keyNames(trx, municipalityId);
    const levels = new Map((await sql(trx, `select l.id, l.code from rating_level l join rating_scale s on s.id = l.scale_id where s.municipality_id = ?`, [municipalityId])).rows.map((r) => [Number(r.id), String(r.code)]));
    const show = (table: string, column: string, v: unknown): string => {
      if (v === null || v === undefined || v === '') return '（空欄）';
      const ref = column === 'parent_id' ? table : REFERENCES[column];
      if (ref) return keys.get(ref)?.get(Number(v)) ?? '（不明な記録）';
      if (column === 'level_id') return levels.get(Number(v)) ?? '（不明な段階）';
      const spec = COLUMNS.get(table)?.get(column);
      if (spec?.enumOf) return spec.enumOf.ja[String(v)] ?? String(v);
      if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
      if (spec?.year && typeof v === 'number') return fiscalYearLabel(v);
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (Array.isArray(v) && column === 'level_names') return v.join(' > ');
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
    };
    const fieldName = (table: string, column: string) => COLUMNS.get(table)?.get(column)?.header ?? '（その他の項目）';
    const label = (table: string, r: Row): string => {
      if (table === 'municipality') return String(r.name ?? '');
      if ('key' in r) return r.name ? `${String(r.key)}（${String(r.name)}）` : String(r.key);
      const parts: string[] = [];
      const order = [PARENT_COLUMN[table], 'policy_node_id', 'indicator_id', 'project_id', 'fiscal_year', 'kind', 'stage', 'code'].filter((x): x is string => !!x);
      for (const col of [...new Set(order)]) if (r[col] !== null && r[col] !== undefined) parts.push(show(table, col, r[col]));
      return parts.join(' ');
    };
    const record = (kind: RowOutcome, e: { table: string; old?: Row; row?: Row }): PreviewRecord => {
      const base = e.row ?? e.old!;
      const changes: FieldChange[] = [];
      if (kind === 'changed' && e.old && e.row) {
        for (const col of Object.keys(e.row)) {
          if (HIDDEN.has(col)) continue;
          const before = show(e.table, col, e.old[col]);
          const after = show(e.table, col, e.row[col]);
          if (before !== after) changes.push({ field: fieldName(e.table, col), before, after });
        }
      }
      // A changed row's ids in its key are the stored ones (new rows of the file have theirs in `row`).
      return { table: TABLE_LABELS[e.table] ?? '（その他）', label: label(e.table, { ...base, ...(e.old ?? {}) }), changes };
    };
    const out: ImportPreview = { tables: [...this.counts.values()].map((c) => ({ ...c, table: TABLE_LABELS[c.table] ?? '（その他）' })), added: [], changed: [], unchanged: [], missing: [] };
    for (const kind of ['added', 'changed', 'unchanged', 'missing'] as const) out[kind] = this.raw[kind].map((e) => record(kind, e));
    return out;
  }
}

/** Each referenced table's keys by id, for the city (one statement per table). */
async function keyNames(trx: Knex.Transaction, municipalityId: number): Promise<Map<string, Map<number, string>>> {
  const out = new Map<string, Map<number, string>>();
  for (const table of new Set(Object.values(REFERENCES))) {
    const res = await sql(trx, 'select id, key from ?? where municipality_id = ?', [table, municipalityId]);
    out.set(table, new Map(res.rows.map((r) => [Number(r.id), String(r.key)])));
  }
  return out;
}
