/**
 * The importer: writes a validated dataset in one transaction, by natural keys, so that the same
 * file twice changes nothing and next year's file adds to what is there. Nothing is deleted
 * except parts of a record the file restates (a node's related departments, a policy's
 * initiatives). Any failure rolls everything back; a dry run rolls back on purpose.
 */
import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import type { Dataset, IndicatorValueRecord, Provenance } from './format.js';
import { pageOfLine } from '../provenance/pages.js';
import { canonical, insertRows, keyFor, sql, upsertRows, type ChangedRow, type Row, type RowOutcome, type RowSource, type TableCounts, type TableSpec } from './upsert.js';
import { AuditAction, auditInsert, type AuditActor } from '../audit/audit.sql.js';
import { afterCityWrite, dataChanged } from '../analytics/rollups.js';
import { IMPORT_BUDGET_MS } from '../graphql/limits.js';
import { normalizeLevels } from '../rating/normalized.js';
import { writeClassMappings } from '../comparison/class-mappings.js';

export interface ImportOptions {
  dryRun?: boolean;
  /** Reports progress per table: rows written so far and the table's total. */
  onProgress?: (table: string, done: number, total: number) => void;
  /**
   * Who imports which file: written to the audit log (file name, SHA-256, what was added, changed
   * and left alone) and to the history of every evaluation the import changes. Without it the
   * history names the system and no audit entry is written (tests, benchmarks).
   */
  audit?: { actor: AuditActor; fileName: string; sha256: string };
  /** Milliseconds each statement may take (what is left of the import's budget; default IMPORT_BUDGET_MS). */
  budgetMs?: number;
  /**
   * Told of every record compared, per table: added, changed, unchanged, and (after the writes)
   * the records the city has that the file lacks (the dashboard's preview).
   */
  onRow?: (table: string, kind: RowOutcome, old: Row | undefined, row: Row | undefined) => void;
  /** Delete the records the city has that the file lacks: an explicit choice, never the default. */
  removeMissing?: boolean;
  /**
   * The city's `data_version` the file was previewed against (null: the city did not exist yet).
   * When the city has moved on since, the import is refused with DataChangedError and nothing is
   * written. Absent: no check (the command line, tests).
   */
  expectDataVersion?: number | null;
  /** Runs in the import's transaction after the writes, before commit (or a dry run's rollback). */
  beforeEnd?: (trx: Knex.Transaction, summary: ImportSummary) => Promise<void>;
}

export interface ImportSummary {
  municipality: { code: string; name: string; id: number };
  /** The city's `data_version` when the import began (null: the import creates the city). */
  dataVersion: number | null;
  dryRun: boolean;
  tables: Record<string, TableCounts>;
  totals: TableCounts;
  /** Records deleted because the file lacked them (only with `removeMissing`), per table. */
  removed: Record<string, number>;
}

/** Indicator values for a city already in the database (a CSV of the 指標値 sheet), each naming its indicator by key. */
export interface IndicatorValuesFile {
  municipalityCode: string;
  values: (IndicatorValueRecord & { indicator: string })[];
  /** The file's row of each value (a CSV's row numbers), for problems. */
  rows?: number[];
  /**
   * The fields the file has columns for (`value`, `provenance.document` …): a stored value's
   * other columns stay as they are. Absent: every field.
   */
  fields?: string[];
}

/** An indicator value's database columns by the field that states them. */
const INDICATOR_VALUE_FIELDS: Record<string, string[]> = {
  value: ['value'],
  text: ['text'],
  observedYear: ['observed_year'],
  yearNote: ['year_note'],
  qualifier: ['qualifier'],
  spanFrom: ['span_from'],
  spanTo: ['span_to'],
  printedAchievement: ['printed_achievement'],
  printedAchievementText: ['printed_achievement_text'],
  'provenance.document': ['source_document_id'],
  'provenance.line': ['source_line'],
  'provenance.lineEnd': ['source_line_end'],
  'provenance.note': ['source_note'],
  'provenance.uncertain': ['uncertain'],
};

/** A problem found against what the database already holds (the file itself was valid). */
export class ImportConflictError extends Error {
  constructor(
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'ImportConflictError';
  }
}

/** The city's data changed after the file was previewed: nothing was written; preview again. */
export class DataChangedError extends ImportConflictError {
  constructor(name: string) {
    super(
      `プレビューの後に${name}のデータが変わりました（ほかの取込や編集があったため）。何も書き込んでいません。もう一度プレビューして、変更点を確かめてから確定してください`,
      `${name}'s data changed after the preview (another import or edit); nothing was written. Preview the file again and confirm`,
    );
    this.name = 'DataChangedError';
  }
}

/** Refuses an import whose city is not at the version previewed (see `ImportOptions.expectDataVersion`). */
function checkDataVersion(opts: ImportOptions, city: { name: string; data_version: number } | undefined, name: string): void {
  if (opts.expectDataVersion === undefined) return;
  const now = city ? Number(city.data_version) : null;
  if (now !== opts.expectDataVersion) throw new DataChangedError(city?.name ?? name);
}

class DryRunRollback extends Error {}

const PROVENANCE_COLUMNS = ['source_document_id', 'source_line', 'source_line_end', 'source_page', 'source_note', 'uncertain'];
const PROJECT_COST_COLUMNS = [
  'business_cost', 'staff', 'cost_per_staff', 'personnel_cost', 'other_cost', 'printed_total',
  'fund_national', 'fund_bonds', 'fund_other_specific', 'fund_general', 'direction', 'direction_text', 'validity', 'effectiveness', 'efficiency',
];

/** Writes `data` into the database; see the module comment. */
export function importDataset(db: MikroORM | EntityManager, data: Dataset, opts: ImportOptions = {}): Promise<ImportSummary> {
  return inImportTransaction(db, opts, (trx) => write(trx, data, opts));
}

/**
 * Writes indicator values (one record kind, as a CSV of the 指標値 sheet brings them) into a
 * city that is already there, in the same transaction, audit and rollups as a whole file.
 * Records the city has that the file lacks are its other indicator values.
 */
export function importIndicatorValues(db: MikroORM | EntityManager, file: IndicatorValuesFile, opts: ImportOptions = {}): Promise<ImportSummary> {
  return inImportTransaction(db, opts, (trx) => writeIndicatorValues(trx, file, opts));
}

/** One import's transaction: the writes, the audit entry, the dry run's rollback, the cache's news. */
async function inImportTransaction(db: MikroORM | EntityManager, opts: ImportOptions, body: (trx: Knex.Transaction) => Promise<ImportSummary>): Promise<ImportSummary> {
  const knex = ('em' in db ? db.em : db).getKnex();
  let summary: ImportSummary | undefined;
  try {
    await knex.transaction(async (trx) => {
      // An import has its own budget, larger than a read's (IMPORT_BUDGET_MS).
      await sql(trx, `select set_config('statement_timeout', ?, true)`, [String(Math.max(1, Math.floor(opts.budgetMs ?? IMPORT_BUDGET_MS)))]);
      // Foreign-key checks run plans that the connection made when it first checked each table
      // and keeps until that table's statistics change: made while a table was small (a
      // sequential scan is then the cheapest check), a pooled connection would go on scanning
      // the grown table for every row of later imports (rating levels at 40 cities: 25 µs a row
      // instead of 4). Planned afresh here, for the tables as they are now.
      await sql(trx, 'discard plans');
      summary = await body(trx);
      if (opts.audit && !opts.dryRun) {
        const { actor, fileName, sha256 } = opts.audit;
        const removed = Object.values(summary.removed).reduce((a, b) => a + b, 0);
        await sql(
          trx,
          ...auditInsert(actor, {
            municipalityId: summary.municipality.id,
            action: AuditAction.IMPORT,
            target: fileName,
            details: { sha256, totals: summary.totals, tables: summary.tables, municipalityCode: summary.municipality.code, ...(removed ? { removed } : {}) },
          }),
        );
      }
      await opts.beforeEnd?.(trx, summary);
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  if (!opts.dryRun && summary && summary.totals.added + summary.totals.changed + removedCount(summary) > 0) dataChanged(); // committed: the response cache re-reads the versions
  return summary!;
}

const removedCount = (s: ImportSummary) => Object.values(s.removed).reduce((a, b) => a + b, 0);

/**
 * The records a file lacks, per table: a table written in several calls (a tree, level by level)
 * reports every other level's rows as missing each time, so a row is missing only if no call saw it.
 */
class MissingRows {
  private readonly candidates = new Map<string, Map<number, Row>>();
  private readonly seen = new Map<string, Set<number>>();

  constructor(private readonly opts: ImportOptions) {}

  /** The `onRow` for one table's upsert, or nothing when nobody asks. */
  listener(table: string): ((kind: RowOutcome, old: Row | undefined, row: Row | undefined) => void) | undefined {
    if (!this.opts.onRow && !this.opts.removeMissing) return undefined;
    return (kind, old, row) => {
      const id = old ? Number(old.id) : undefined;
      if (kind === 'missing') {
        let m = this.candidates.get(table);
        if (!m) this.candidates.set(table, (m = new Map()));
        m.set(id!, old!);
        return;
      }
      if (id !== undefined) {
        let s = this.seen.get(table);
        if (!s) this.seen.set(table, (s = new Set()));
        s.add(id);
      }
      this.opts.onRow?.(table, kind, old, row);
    };
  }

  /** Reports the missing rows and, when asked, deletes them children first. Returns the count per table. */
  async finish(trx: Knex.Transaction): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    const missing = new Map<string, Row[]>();
    for (const [table, rows] of this.candidates) {
      const seen = this.seen.get(table);
      const list = [...rows.entries()].filter(([id]) => !seen?.has(id)).map(([, r]) => r);
      if (!list.length) continue;
      missing.set(table, list);
      for (const r of list) this.opts.onRow?.(table, 'missing', r, undefined);
    }
    if (!this.opts.removeMissing) return removed;
    for (const table of DELETE_ORDER) {
      const rows = missing.get(table);
      if (!rows?.length) continue;
      try {
        await sql(trx, 'delete from ?? where id = any(?::int[])', [table, `{${rows.map((r) => Number(r.id)).join(',')}}`]);
      } catch (e) {
        if ((e as { code?: string }).code !== '23503') throw e;
        const label = TABLE_LABELS[table] ?? table;
        throw new ImportConflictError(
          `ファイルにない${label}を削除できません。ほかの記録がまだ参照しています（${String((e as { detail?: string }).detail ?? '')}）`,
          `cannot remove the ${table} records the file lacks: other records still refer to them`,
        );
      }
      removed[table] = rows.length;
    }
    return removed;
  }
}

/** Tables whose missing records may be removed, children before the records they point at. */
const DELETE_ORDER = [
  'department_policy',
  'evaluation',
  'indicator_value',
  'project_amount',
  'indicator',
  'project',
  'policy_node',
  'rating_level',
  'rating_scale',
  'department',
  'plan',
  'source_document',
];

/** Each table's name as a person reads it (the sheet it comes from; every sheet of xlsx.ts is one). */
export const TABLE_LABELS: Record<string, string> = {
  municipality: '自治体',
  source_document: '出典文書',
  plan: '計画',
  department: '組織',
  rating_scale: '評価尺度',
  rating_level: '評価段階',
  policy_node: '施策体系',
  policy_node_related_department: '関連組織',
  project: '事業',
  project_amount: '事業費',
  indicator: '指標',
  indicator_value: '指標値',
  evaluation: '評価',
  department_policy: '部局運営方針',
  department_policy_initiative: '取組',
  project_cost: '事業コスト',
  project_share: '事業の施策配分',
  survey_result: '市民意識調査',
  yearly_goal: '年度目標',
  policy_node_class: '共通分類',
};

const INDICATOR_VALUE_COLUMNS = ['value', 'text', 'observed_year', 'year_note', 'qualifier', 'span_from', 'span_to', 'printed_achievement', 'printed_achievement_text', ...['source_document_id', 'source_line', 'source_line_end', 'source_note', 'uncertain']];

async function writeIndicatorValues(trx: Knex.Transaction, file: IndicatorValuesFile, opts: ImportOptions): Promise<ImportSummary> {
  const found = await sql(trx, 'select id, name, data_version from municipality where code = ? for update', [file.municipalityCode]);
  const city = found.rows[0] as { id: number; name: string; data_version: number } | undefined;
  if (!city) throw new ImportConflictError(`自治体コード ${file.municipalityCode} の自治体はまだ登録されていません`, `no municipality with code ${file.municipalityCode}`);
  checkDataVersion(opts, city, city.name);
  const municipalityId = Number(city.id);
  const keys = (await sql(trx, 'select id, key from indicator where municipality_id = ?', [municipalityId])).rows;
  const indicatorIds = new Map(keys.map((r) => [String(r.key), Number(r.id)]));
  const unknown = file.values.flatMap((v, i) => (indicatorIds.has(v.indicator) ? [] : [`${file.rows ? `${file.rows[i]}行目の` : ''}「${v.indicator}」`])).slice(0, 10);
  if (unknown.length)
    throw new ImportConflictError(`${city.name}にない指標です: ${unknown.join('、')}`, `${city.name} has no such indicator: ${unknown.join(', ')}`);
  const docKeys = [...new Set(file.values.flatMap((v) => (v.provenance ? [v.provenance.document] : [])))];
  const docs = docKeys.length ? (await sql(trx, 'select id, key from source_document where municipality_id = ? and key = any(?)', [municipalityId, docKeys])).rows : [];
  const docIds = new Map(docs.map((r) => [String(r.key), Number(r.id)]));
  const unknownDocs = docKeys.filter((k) => !docIds.has(k));
  if (unknownDocs.length)
    throw new ImportConflictError(`${city.name}にない出典文書です: 「${unknownDocs.slice(0, 10).join('」「')}」`, `${city.name} has no such source document: ${unknownDocs.slice(0, 10).join(', ')}`);
  const missing = new MissingRows(opts);
  const columns = file.fields ? INDICATOR_VALUE_COLUMNS.filter((c) => file.fields!.some((f) => INDICATOR_VALUE_FIELDS[f]?.includes(c))) : INDICATOR_VALUE_COLUMNS;
  const stated = ['indicator_id', 'fiscal_year', 'kind', ...columns];
  const res = await upsertRows(
    trx,
    municipalityId,
    { table: 'indicator_value', keyColumns: ['indicator_id', 'fiscal_year', 'kind'], columns, scope: municipalityScope(municipalityId), returnIds: false },
    file.values.map((v) =>
      pick(stated, {
        ...indicatorValueRow(indicatorIds.get(v.indicator)!, v),
        source_document_id: v.provenance ? docIds.get(v.provenance.document) : null,
        source_line: v.provenance?.line ?? null,
        source_line_end: v.provenance?.lineEnd ?? null,
        source_note: v.provenance?.note ?? null,
        uncertain: v.provenance?.uncertain ?? false,
      }),
    ),
    { onBatch: (done) => opts.onProgress?.('indicator_value', done, file.values.length), onRow: missing.listener('indicator_value') },
  );
  const removed = await missing.finish(trx);
  const tables = { indicator_value: res.counts };
  if (res.counts.added + res.counts.changed + (removed.indicator_value ?? 0) > 0) await afterCityWrite(trx, municipalityId);
  return { municipality: { code: file.municipalityCode, name: city.name, id: municipalityId }, dataVersion: Number(city.data_version), dryRun: !!opts.dryRun, tables, totals: { ...res.counts }, removed };
}

async function write(trx: Knex.Transaction, d: Dataset, opts: ImportOptions): Promise<ImportSummary> {
  const tables: Record<string, TableCounts> = {};
  const m = d.municipality;

  // The city: one row per code; a file must not rename another city.
  const found = await sql(trx, 'select id, name, data_version from municipality where code = ? for update', [m.code]);
  checkDataVersion(opts, found.rows[0] as { name: string; data_version: number } | undefined, m.name);
  const dataVersion = found.rows[0] ? Number(found.rows[0].data_version) : null;
  let municipalityId: number;
  // A city this transaction creates has no rows anywhere yet: nothing to load and compare.
  const newCity = found.rows.length === 0;
  if (!newCity) {
    const existing = found.rows[0] as { id: number; name: string };
    if (existing.name !== m.name)
      throw new ImportConflictError(
        `自治体コード ${m.code} はデータベースでは「${existing.name}」です（ファイルは「${m.name}」）`,
        `municipality code ${m.code} is "${existing.name}" in the database, but the file says "${m.name}"`,
      );
    municipalityId = existing.id;
  } else {
    const ins = await sql(trx, 'insert into municipality (code, name, name_kana, name_en, prefecture, generated) values (?, ?, ?, ?, ?, ?) returning id', [
      m.code,
      m.name,
      m.nameKana ?? null,
      m.nameEn ?? null,
      m.prefecture,
      m.generated,
    ]);
    municipalityId = ins.rows[0]!.id as number;
  }
  // A city that was there: its other columns as the file states them.
  tables.municipality = newCity
    ? { added: 1, changed: 0, unchanged: 0 }
    : (
        await upsertRows(
          trx,
          municipalityId,
          { table: 'municipality', keyColumns: ['code'], columns: ['name', 'name_kana', 'name_en', 'prefecture', 'generated'], scope: { sql: 'id = ?', bindings: [municipalityId] } },
          [{ code: m.code, name: m.name, name_kana: m.nameKana, name_en: m.nameEn, prefecture: m.prefecture, generated: m.generated }],
        )
      ).counts;
  // Its attributes as the file states them (left as stored when it states none).
  if (m.attributes) {
    const a = m.attributes;
    const changed = await sql(
      trx,
      `update municipality set population = ?, population_as_of = ?, area_km2 = ?, area_as_of = ?, category = ?, similar_group = ?,
              attributes_source = ?, attributes_note = ?, attributes_uncertain = ?
        where id = ? and (population, population_as_of, area_km2, area_as_of, category, similar_group, attributes_source, attributes_note, attributes_uncertain)
              is distinct from (?::int, ?::date, ?::float8, ?::date, ?::text, ?::text, ?::text, ?::text, ?::boolean)
        returning id`,
      ((v: unknown[]) => [...v, municipalityId, ...v])([
        a.population ?? null,
        a.populationAsOf ?? null,
        a.areaKm2 ?? null,
        a.areaAsOf ?? null,
        a.category ?? null,
        a.similarGroup ?? null,
        a.source ?? null,
        a.note ?? null,
        a.uncertain ?? false,
      ]),
    );
    if (changed.rows.length && !newCity) {
      tables.municipality = { ...tables.municipality, changed: 1, unchanged: 0 };
    }
  }

  const missing = new MissingRows(opts);
  const run = async (spec: TableSpec, rows: RowSource) => {
    const res = await upsertRows(trx, municipalityId, spec, rows, {
      newCity,
      onBatch: (done) => opts.onProgress?.(spec.table, done, rows.length),
      onRow: missing.listener(spec.table),
    });
    const t = (tables[spec.table] ??= { added: 0, changed: 0, unchanged: 0 });
    t.added += res.counts.added;
    t.changed += res.counts.changed;
    t.unchanged += res.counts.unchanged;
    if (spec.trackChanges) changedRows.push(...res.changed);
    return res.ids;
  };
  /** Rows changed in tables that ask for it (evaluations: their history). */
  const changedRows: ChangedRow[] = [];
  const idFor = (ids: Map<string, number>, ...key: unknown[]) => {
    const id = ids.get(keyFor(key));
    if (id === undefined) throw new Error(`internal: no id for ${JSON.stringify(key)}`);
    return id;
  };

  // Documents first: every other record points at one.
  const docIds = await run(
    { table: 'source_document', keyColumns: ['key'], columns: ['title', 'file', 'url', 'issued_on', 'generated', 'pages'] },
    d.documents.map((doc) => ({ key: doc.key, title: doc.title, file: doc.file, url: doc.url, issued_on: doc.issuedOn, generated: doc.generated, pages: doc.pages ?? null })),
  );
  const pagesOf = new Map(d.documents.map((doc) => [doc.key, doc.pages]));
  const prov = (p: Provenance | undefined): Row =>
    p
      ? {
          source_document_id: idFor(docIds, p.document),
          source_line: p.line ?? null,
          source_line_end: p.lineEnd ?? null,
          // The page the provenance names, else the one its line falls on.
          source_page: p.page ?? pageOfLine(pagesOf.get(p.document), p.line),
          source_note: p.note ?? null,
          uncertain: p.uncertain ?? false,
        }
      : { source_document_id: null, source_line: null, source_line_end: null, source_page: null, source_note: null, uncertain: false };

  // Trees are written parents first, so every parent id is known when its child is written.
  const planIds = new Map<string, number>();
  for (const level of byDepth(d.plans, (p) => p.parent)) {
    const ids = await run(
      { table: 'plan', keyColumns: ['key'], columns: ['name', 'kind', 'parent_id', 'start_year', 'end_year', 'level_names', ...PROVENANCE_COLUMNS] },
      level.map((p) => ({
        key: p.key,
        name: p.name,
        kind: p.kind,
        parent_id: p.parent ? planIds.get(p.parent) : null,
        start_year: p.startYear,
        end_year: p.endYear,
        level_names: p.levels,
        ...prov(p.provenance),
      })),
    );
    level.forEach((p) => planIds.set(p.key, idFor(ids, p.key)));
  }

  const deptIds = new Map<string, number>();
  for (const level of byDepth(d.departments, (r) => r.parent)) {
    const ids = await run(
      { table: 'department', keyColumns: ['key'], columns: ['name', 'kind', 'parent_id', ...PROVENANCE_COLUMNS], insertOnly: { path: '' } },
      level.map((r) => ({ key: r.key, name: r.name, kind: r.kind, parent_id: r.parent ? deptIds.get(r.parent) : null, ...prov(r.provenance) })),
    );
    level.forEach((r) => deptIds.set(r.key, idFor(ids, r.key)));
  }
  await recomputePaths(trx, 'department', municipalityId);

  const scaleIds = await run(
    { table: 'rating_scale', keyColumns: ['key'], columns: ['name', 'description', 'subject_kind', 'rule', ...PROVENANCE_COLUMNS] },
    d.ratingScales.map((s) => ({ key: s.key, name: s.name, description: s.description, subject_kind: s.subjectKind, rule: s.rule ?? null, ...prov(s.provenance) })),
  );
  const levelIds = await run(
    { table: 'rating_level', keyColumns: ['scale_id', 'code'], columns: ['label', 'description', 'sort_order', 'score', 'color', 'on_track', 'normalized_score'] },
    d.ratingScales.flatMap((s) => {
      const normalized = normalizeLevels(s.levels);
      return s.levels.map((l, i) => ({
        scale_id: idFor(scaleIds, s.key),
        code: l.code,
        label: l.label,
        description: l.description,
        sort_order: i + 1,
        score: l.score,
        color: l.color,
        on_track: normalized[i]!.onTrack,
        normalized_score: normalized[i]!.normalizedScore,
      }));
    }),
  );

  const nodeIds = new Map<string, number>();
  const nodeIndex = new Map(d.policyNodes.map((n, i) => [n, i]));
  for (const level of byDepth(d.policyNodes, (n) => n.parent)) {
    const ids = await run(
      {
        table: 'policy_node',
        keyColumns: ['key'],
        columns: ['plan_id', 'parent_id', 'depth', 'code', 'name', 'description', 'lead_department_id', 'priority', 'sort_order', ...PROVENANCE_COLUMNS],
        insertOnly: { path: '' },
      },
      level.map((n) => ({
        key: n.key,
        plan_id: planIds.get(n.plan),
        parent_id: n.parent ? nodeIds.get(n.parent) : null,
        depth: n.depth,
        code: n.code,
        name: n.name,
        description: n.description,
        lead_department_id: n.leadDepartment ? deptIds.get(n.leadDepartment) : null,
        priority: n.priority,
        sort_order: n.sortOrder ?? nodeIndex.get(n),
        ...prov(n.provenance),
      })),
    );
    level.forEach((n) => nodeIds.set(n.key, idFor(ids, n.key)));
  }
  await recomputeNodePathsAndDepartments(trx, municipalityId);
  tables.policy_node_related_department = await replaceChildren(
    trx,
    municipalityId,
    newCity,
    'policy_node_related_department',
    'policy_node_id',
    ['department_id'],
    d.policyNodes.map((n) => ({
      parentId: nodeIds.get(n.key)!,
      rows: [...new Set(n.relatedDepartments)].map((k) => ({ department_id: deptIds.get(k) })),
    })),
  );

  const projectIds = await run(
    { table: 'project', keyColumns: ['key'], columns: ['policy_node_id', 'name', 'description', 'department_id', 'sort_order', ...PROVENANCE_COLUMNS] },
    d.projects.map((p, i) => ({
      key: p.key,
      policy_node_id: p.policyNode ? nodeIds.get(p.policyNode) : null,
      name: p.name,
      description: p.description,
      department_id: p.department ? deptIds.get(p.department) : null,
      sort_order: i,
      ...prov(p.provenance),
    })),
  );
  await run(
    {
      table: 'project_amount',
      keyColumns: ['project_id', 'fiscal_year', 'kind'],
      columns: ['thousand_yen', 'text', ...PROVENANCE_COLUMNS],
      scope: municipalityScope(municipalityId),
      returnIds: false,
    },
    d.projects.flatMap((p) =>
      p.amounts.map((a) => ({
        project_id: idFor(projectIds, p.key),
        fiscal_year: a.fiscalYear,
        kind: a.kind,
        thousand_yen: a.thousandYen,
        text: a.text,
        ...prov(a.provenance ?? p.provenance),
      })),
    ),
  );

  await run(
    {
      table: 'project_cost',
      keyColumns: ['project_id', 'fiscal_year'],
      columns: [...PROJECT_COST_COLUMNS, ...PROVENANCE_COLUMNS],
      scope: municipalityScope(municipalityId),
      returnIds: false,
    },
    d.projects.flatMap((p) =>
      p.costs.map((c) => ({
        project_id: idFor(projectIds, p.key),
        fiscal_year: c.fiscalYear,
        business_cost: c.businessCost,
        staff: c.staff,
        cost_per_staff: c.costPerStaff,
        personnel_cost: c.personnelCost,
        other_cost: c.otherCost,
        printed_total: c.printedTotal,
        fund_national: c.fundNational,
        fund_bonds: c.fundBonds,
        fund_other_specific: c.fundOtherSpecific,
        fund_general: c.fundGeneral,
        direction: c.direction,
        direction_text: c.directionText,
        validity: c.validity,
        effectiveness: c.effectiveness,
        efficiency: c.efficiency,
        ...prov(c.provenance ?? p.provenance),
      })),
    ),
  );
  // A project's shares are restated whole by the file (none = it counts wholly at its node).
  tables.project_share = await replaceChildren(
    trx,
    municipalityId,
    newCity,
    'project_share',
    'project_id',
    ['policy_node_id', 'share', ...PROVENANCE_COLUMNS],
    d.projects.map((p) => ({
      parentId: idFor(projectIds, p.key),
      rows: p.shares.map((x) => ({ policy_node_id: nodeIds.get(x.policyNode), share: x.share, ...prov(x.provenance ?? p.provenance) })),
    })),
  );

  const outcomeOf = new Map(d.projects.filter((p) => p.outcomeIndicator).map((p) => [p.outcomeIndicator!, p.key]));
  const indicatorIds = await run(
    {
      table: 'indicator',
      keyColumns: ['key'],
      columns: ['policy_node_id', 'project_id', 'name', 'description', 'unit', 'direction', 'kind', 'source', 'is_kpi', 'sort_order', ...PROVENANCE_COLUMNS],
    },
    d.indicators.map((ind, i) => ({
      key: ind.key,
      policy_node_id: ind.policyNode ? nodeIds.get(ind.policyNode) : null,
      // An indicator named as a project's outcome belongs to that project too.
      project_id: (ind.project ?? outcomeOf.get(ind.key)) ? idFor(projectIds, ind.project ?? outcomeOf.get(ind.key)) : null,
      name: ind.name,
      description: ind.description,
      unit: ind.unit,
      direction: ind.direction,
      kind: ind.kind,
      source: ind.source,
      is_kpi: ind.isKpi,
      sort_order: ind.sortOrder ?? i,
      ...prov(ind.provenance),
    })),
  );
  // Made as they are written: a file may hold a million values.
  const valueRows = lazyRows(
    d.indicators.reduce((n, ind) => n + ind.values.length, 0),
    function* () {
      for (const ind of d.indicators) {
        const indicatorId = idFor(indicatorIds, ind.key);
        const indicatorProvenance = prov(ind.provenance);
        for (const v of ind.values)
          yield {
            ...indicatorValueRow(indicatorId, v),
            ...(v.provenance ? prov(v.provenance) : indicatorProvenance),
          };
      }
    },
  );
  await run(
    {
      table: 'indicator_value',
      keyColumns: ['indicator_id', 'fiscal_year', 'kind'],
      columns: ['value', 'text', 'observed_year', 'year_note', 'qualifier', 'span_from', 'span_to', 'printed_achievement', 'printed_achievement_text', 'parts', ...PROVENANCE_COLUMNS],
      scope: municipalityScope(municipalityId),
      returnIds: false,
    },
    valueRows,
  );
  const levelId = (scaleKey: string, code: string) => idFor(levelIds, idFor(scaleIds, scaleKey), code);
  await run(
    {
      table: 'evaluation',
      keyColumns: ['policy_node_id', 'indicator_id', 'project_id', 'fiscal_year', 'stage', 'scale_id'],
      columns: ['subject_kind', 'level_id', 'achievement', 'issues', 'response', 'comment', 'request', 'other_texts', 'evaluator', 'evaluated_on', ...PROVENANCE_COLUMNS],
      returnIds: false,
      // Evaluations are edited in the dashboard too: a change by import moves their version and is in their history.
      versioned: true,
      trackChanges: true,
    },
    lazyRows(d.evaluations.length, function* () {
      for (const e of d.evaluations) {
        const s = e.subject as { policyNode?: string; indicator?: string; project?: string };
        yield {
          subject_kind: s.policyNode ? 'policy_node' : s.indicator ? 'indicator' : 'project',
          policy_node_id: s.policyNode ? nodeIds.get(s.policyNode) : null,
          indicator_id: s.indicator ? idFor(indicatorIds, s.indicator) : null,
          project_id: s.project ? idFor(projectIds, s.project) : null,
          fiscal_year: e.fiscalYear,
          stage: e.stage,
          scale_id: e.scale ? idFor(scaleIds, e.scale) : null,
          level_id: e.scale && e.level !== null ? levelId(e.scale, e.level) : null,
          achievement: e.achievement,
          issues: e.issues,
          response: e.response,
          comment: e.comment,
          request: e.request,
          other_texts: e.otherTexts ?? null,
          evaluator: e.evaluator,
          evaluated_on: e.evaluatedOn,
          ...prov(e.provenance),
        };
      }
    }),
  );

  await writeEvaluationHistory(trx, municipalityId, changedRows, opts.audit);

  const policyIds = await run(
    { table: 'department_policy', keyColumns: ['key'], columns: ['department_id', 'fiscal_year', 'basic_approach', ...PROVENANCE_COLUMNS] },
    d.departmentPolicies.map((p) => ({
      key: p.key,
      department_id: deptIds.get(p.department),
      fiscal_year: p.fiscalYear,
      basic_approach: p.basicApproach,
      ...prov(p.provenance),
    })),
  );
  tables.department_policy_initiative = await replaceChildren(
    trx,
    municipalityId,
    newCity,
    'department_policy_initiative',
    'policy_id',
    ['sort_order', 'category', 'title', 'body', ...PROVENANCE_COLUMNS],
    d.departmentPolicies.map((p) => ({
      parentId: idFor(policyIds, p.key),
      rows: p.initiatives.map((it, i) => ({ sort_order: i + 1, category: it.category, title: it.title, body: it.body, ...prov(it.provenance ?? p.provenance) })),
    })),
  );

  await run(
    {
      table: 'survey_result',
      keyColumns: ['key'],
      columns: ['policy_node_id', 'fiscal_year', 'survey', 'question', 'item', 'respondents', 'count', 'percent', 'rank', 'rank_of', 'text', 'sort_order', ...PROVENANCE_COLUMNS],
      returnIds: false,
    },
    d.surveyResults.map((r, i) => ({
      key: r.key,
      policy_node_id: r.policyNode ? nodeIds.get(r.policyNode) : null,
      fiscal_year: r.fiscalYear,
      survey: r.survey,
      question: r.question,
      item: r.item,
      respondents: r.respondents,
      count: r.count,
      percent: r.percent,
      rank: r.rank,
      rank_of: r.rankOf,
      text: r.text,
      sort_order: i,
      ...prov(r.provenance),
    })),
  );
  await run(
    {
      table: 'yearly_goal',
      keyColumns: ['policy_node_id', 'fiscal_year'],
      columns: ['goal', ...PROVENANCE_COLUMNS],
      scope: municipalityScope(municipalityId),
      returnIds: false,
    },
    d.yearlyGoals.map((g) => ({ policy_node_id: nodeIds.get(g.policyNode), fiscal_year: g.fiscalYear, goal: g.goal, ...prov(g.provenance) })),
  );

  const mapped = await writeClassMappings(trx, municipalityId, newCity, d, nodeIds, prov);
  if (mapped.missing.length)
    throw new ImportConflictError(
      `分類の対応づけの施策 ${mapped.missing.join('、')} がファイルにもデータベースにもありません`,
      `class mappings name policy nodes found neither in the file nor in the database: ${mapped.missing.join(', ')}`,
    );
  if (d.classMappings.length) tables.policy_node_class = mapped.counts;

  const removed = await missing.finish(trx);
  const totals = Object.values(tables).reduce(
    (acc, t) => ({ added: acc.added + t.added, changed: acc.changed + t.changed, unchanged: acc.unchanged + t.unchanged }),
    { added: 0, changed: 0, unchanged: 0 },
  );
  if (totals.added + totals.changed + Object.keys(removed).length > 0) {
    // Statistics first (not in a dry run: it rolls back), so that the rollup's query below is
    // planned for this city's rows.
    if (!opts.dryRun) await analyzeWritten(trx, municipalityId, tables);
    // The city's rating rollup and record counts (server/src/analytics/rollups.ts), then its
    // data_version: the API's response cache is keyed by it.
    await afterCityWrite(trx, municipalityId);
    // The rating rollup is rebuilt with the evaluations.
    const e = tables.evaluation;
    if (!opts.dryRun && e && e.added + e.changed > 0) await analyzeWritten(trx, municipalityId, { rating_rollup: e });
  }
  return { municipality: { code: m.code, name: m.name, id: municipalityId }, dataVersion, dryRun: !!opts.dryRun, tables, totals, removed };
}

/** The fields of an evaluation its history shows before and after (as workflow.resolver.ts writes them). */
const TRACKED_TEXTS = ['achievement', 'issues', 'response', 'comment', 'request'] as const;

/**
 * One `evaluation_history` entry per evaluation the import changed (action `import`, the file as
 * the comment, who imported), with the rating as its level code and the texts before and after,
 * and the version it had and has (the update moved it).
 */
async function writeEvaluationHistory(trx: Knex.Transaction, municipalityId: number, changed: ChangedRow[], audit: ImportOptions['audit']): Promise<void> {
  if (!changed.length) return;
  const ids = changed.map((c) => Number(c.old.id));
  const now = await sql(trx, `select id, status, version from evaluation where id = any(?::int[])`, [`{${ids.join(',')}}`]);
  const current = new Map(now.rows.map((r) => [Number(r.id), r]));
  const levelIdsUsed = [...new Set(changed.flatMap((c) => [c.old.level_id, c.row.level_id]).filter((x): x is number => x !== null && x !== undefined).map(Number))];
  const levels = levelIdsUsed.length ? (await sql(trx, `select id, code from rating_level where id = any(?::int[])`, [`{${levelIdsUsed.join(',')}}`])).rows : [];
  const codeOf = new Map(levels.map((l) => [Number(l.id), String(l.code)]));
  const snapshot = (r: Row, status: unknown, version: number) => ({
    status,
    level_code: r.level_id === null || r.level_id === undefined ? null : (codeOf.get(Number(r.level_id)) ?? null),
    ...Object.fromEntries(TRACKED_TEXTS.map((k) => [k, r[k] ?? null])),
    version,
  });
  const actor = audit?.actor ?? { userId: null, userName: 'システム' };
  const entries = changed.map((c) => {
    const e = current.get(Number(c.old.id))!;
    return {
      evaluation_id: Number(c.old.id),
      before: snapshot(c.old, e.status, Number(e.version) - 1),
      after: snapshot(c.row, e.status, Number(e.version)),
    };
  });
  await sql(
    trx,
    `insert into evaluation_history (municipality_id, evaluation_id, user_id, user_name, action, comment, before, after)
     select ?, (x->>'evaluation_id')::int, ?::int, ?, 'import', ?, x->'before', x->'after' from jsonb_array_elements(?::jsonb) x`,
    [municipalityId, actor.userId, actor.userName, audit?.fileName ?? null, JSON.stringify(entries)],
  );
}

/** An indicator value's columns but its provenance. */
function indicatorValueRow(indicatorId: number, v: IndicatorValueRecord): Row {
  return {
    indicator_id: indicatorId,
    fiscal_year: v.fiscalYear,
    kind: v.kind,
    value: v.value,
    text: v.text,
    observed_year: v.observedYear,
    year_note: v.yearNote,
    qualifier: v.qualifier,
    span_from: v.spanFrom,
    span_to: v.spanTo,
    printed_achievement: v.printedAchievement,
    printed_achievement_text: v.printedAchievementText,
    parts: v.parts ?? null,
  };
}

/** The row with only these columns. */
function pick(columns: string[], row: Row): Row {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}

/** A RowSource whose rows are made as the upsert reads them. */
function lazyRows(length: number, make: () => Iterable<Row>): RowSource {
  return { length, [Symbol.iterator]: () => make()[Symbol.iterator]() };
}

function municipalityScope(municipalityId: number) {
  return { sql: 'municipality_id = ?', bindings: [municipalityId] };
}

/** Tables the rollup's query (analytics/rollups.ts) joins to each of a city's evaluations. */
const ROLLUP_JOINS = ['indicator', 'project', 'policy_node'];

/**
 * Fresh statistics for the tables that changed, so the planner does not keep plans meant for
 * empty tables (inside the transaction: its raised statement timeout applies). Only where this
 * import is a large part of the table (never analysed, or ≥ 10 %): at national size one more
 * city changes no statistic, and autovacuum analyses as tables grow. A table never analysed gets
 * every column's statistics; one that has them gets its municipality_id column's, the one a city
 * added changes most (and a fifth of the time: the text columns' statistics are the slow part),
 * while autovacuum, whose count of changes a one-column analyse leaves as it is, renews the rest.
 *
 * And the tables the rollup joins, where the statistics do not know this city yet: while every
 * city analysed so far is among a column's most common values (a few dozen cities), the planner
 * expects about one row of a city it has not seen, and joins each of the city's evaluations to
 * all of its indicators, projects and nodes in turn (a second per city instead of 0.1 s).
 * Statistics of those three tables' municipality_id are enough for it to look rows up by id.
 */
async function analyzeWritten(trx: Knex.Transaction, municipalityId: number, tables: Record<string, TableCounts>) {
  const written = Object.entries(tables).filter(([, c]) => c.added + c.changed > 0);
  const sizes = written.length
    ? await sql(trx, `select relname, reltuples from pg_class where relnamespace = 'public'::regnamespace and relname = any(?)`, [written.map(([t]) => t)])
    : { rows: [] };
  const tuples = new Map(sizes.rows.map((r) => [String(r.relname), Number(r.reltuples)]));
  /** Table → whether every column's statistics are wanted (else municipality_id's). */
  const targets = new Map<string, boolean>();
  for (const [table, c] of written) {
    const known = tuples.get(table) ?? -1;
    if (known > 0 && c.added + c.changed < known / 10) continue;
    targets.set(table, known <= 0 || table === 'municipality');
  }
  const evaluations = tables.evaluation;
  if (evaluations && evaluations.added + evaluations.changed + evaluations.unchanged > 0) {
    for (const table of ROLLUP_JOINS) {
      const c = tables[table];
      const rows = c ? c.added + c.changed + c.unchanged : 0;
      if (rows === 0 || targets.has(table)) continue;
      const plan = await sql(trx, 'explain (format json) select 1 from ?? where municipality_id = ?', [table, municipalityId]);
      const estimate = Number((plan.rows[0]?.['QUERY PLAN'] as [{ Plan: { 'Plan Rows': number } }] | undefined)?.[0]?.Plan['Plan Rows'] ?? 0);
      if (estimate * 10 < rows) targets.set(table, false);
    }
  }
  // In one order for every import: ANALYZE in a transaction holds its table's lock (which
  // conflicts with itself) until commit, so two imports analysing the same tables in different
  // orders deadlocked (one had analysed evaluation and waited for indicator, the other the reverse).
  for (const table of [...targets.keys()].sort()) {
    await sql(trx, targets.get(table) ? 'analyze ??' : 'analyze ?? (municipality_id)', [table]);
  }
}

/** Groups records so that every parent comes in an earlier group than its children. */
function byDepth<T extends { key: string }>(records: T[], parentOf: (r: T) => string | undefined): T[][] {
  const depth = new Map<string, number>();
  const byKey = new Map(records.map((r) => [r.key, r]));
  const depthOf = (r: T): number => {
    const known = depth.get(r.key);
    if (known !== undefined) return known;
    const parent = parentOf(r);
    const p = parent ? byKey.get(parent) : undefined;
    const d = p ? depthOf(p) + 1 : 0;
    depth.set(r.key, d);
    return d;
  };
  const groups: T[][] = [];
  for (const r of records) (groups[depthOf(r)] ??= []).push(r);
  return groups.filter(Boolean);
}

/** Materialised paths ("/1/4/19/") for a city's tree, recomputed where they differ. */
async function recomputePaths(trx: Knex.Transaction, table: 'department' | 'policy_node', municipalityId: number) {
  await sql(trx, 
    `with recursive t(id, path) as (
       select id, '/' || id || '/' from ?? where municipality_id = ? and parent_id is null
       union all
       select c.id, t.path || c.id || '/' from ?? c join t on c.parent_id = t.id
     )
     update ?? as x set path = t.path from t where x.id = t.id and x.path is distinct from t.path`,
    [table, municipalityId, table, table],
  );
}

/**
 * A city's policy nodes: their paths (as recomputePaths) and each node's effective department,
 * its own lead department or its nearest ancestor's (see PolicyNode.effectiveDepartment), in
 * one pass over the tree and one new version of each row that differs.
 */
async function recomputeNodePathsAndDepartments(trx: Knex.Transaction, municipalityId: number) {
  await sql(
    trx,
    `with recursive t(id, path, dept) as (
       select id, '/' || id || '/', lead_department_id from policy_node where municipality_id = ? and parent_id is null
       union all
       select c.id, t.path || c.id || '/', coalesce(c.lead_department_id, t.dept) from policy_node c join t on c.parent_id = t.id
     )
     update policy_node as x set path = t.path, effective_department_id = t.dept from t
      where x.id = t.id and (x.path is distinct from t.path or x.effective_department_id is distinct from t.dept)`,
    [municipalityId],
  );
}

/**
 * Makes a record's child rows exactly the file's: rows that are the same stay, others are
 * replaced. Counts a parent as changed when its set of children changed.
 */
async function replaceChildren(
  trx: Knex.Transaction,
  municipalityId: number,
  newCity: boolean,
  table: string,
  parentColumn: string,
  columns: string[],
  groups: { parentId: number; rows: Row[] }[],
): Promise<TableCounts> {
  const counts: TableCounts = { added: 0, changed: 0, unchanged: 0 };
  if (groups.length === 0) return counts;
  const parentIds = groups.map((g) => g.parentId);
  const existing = newCity
    ? { rows: [] }
    : await sql(trx, `select ?? as parent_id, ${columns.map(() => '??').join(', ')} from ?? where ?? = any(?) order by id`, [
        parentColumn,
        ...columns,
        table,
        parentColumn,
        parentIds,
      ]);
  const current = new Map<number, string[]>();
  for (const r of existing.rows as Row[]) {
    const list = current.get(r.parent_id as number) ?? [];
    list.push(canonical(columns.map((c) => r[c] ?? null)));
    current.set(r.parent_id as number, list);
  }
  const toRewrite: { parentId: number; rows: Row[] }[] = [];
  for (const g of groups) {
    const wanted = g.rows.map((r) => canonical(columns.map((c) => r[c] ?? null)));
    const have = current.get(g.parentId) ?? [];
    const same = wanted.length === have.length && [...wanted].sort().join('\n') === [...have].sort().join('\n');
    if (same) counts.unchanged += wanted.length;
    else {
      toRewrite.push(g);
      if (have.length === 0) counts.added += wanted.length;
      else counts.changed += wanted.length;
    }
  }
  if (toRewrite.length === 0) return counts;
  if (!newCity) await sql(trx, 'delete from ?? where ?? = any(?)', [table, parentColumn, toRewrite.map((g) => g.parentId)]);
  const rows = toRewrite.flatMap((g) => g.rows.map((r) => ({ ...r, municipality_id: municipalityId, [parentColumn]: g.parentId })));
  await insertRows(trx, table, ['municipality_id', parentColumn, ...columns], rows);
  return counts;
}
