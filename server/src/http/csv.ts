/**
 * Any list or aggregation as CSV, for Excel:
 *   GET  /csv                          the stored example queries (docs/queries/*.graphql)
 *   GET  /csv/<example>?variables=JSON  runs a stored example query
 *   POST /csv  {query, variables, operationName}  (Content-Type: application/json only, so a
 *              cross-site form cannot send it)
 * The result's first list (a connection's nodes, an aggregation's groups …) becomes the rows; a
 * nested list of objects inside each item (a group's counts per level) is unwound into one row
 * per element. Headers are Japanese (field paths through a label map). UTF-8 with BOM, CRLF.
 * Queries run through the same Apollo pipeline, so the same limits apply before any SQL.
 */
import express, { type Request, type Response, type Router } from 'express';
import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  type DocumentNode,
  type GraphQLSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { LimitExceededError, MAX_BATCH_OPERATIONS, checkRequest } from '../graphql/limits.js';
import { statusOfErrors } from './error-status.js';
import { jsonBody } from './request-guards.js';

export interface CsvDeps {
  apollo: ApolloServer<GraphQLContext>;
  /** The schema (limits are checked against it before the query runs). */
  schema: GraphQLSchema;
  /**
   * A fresh context per request: must be the same as /graphql's (who asks, which cities), since
   * CSV answers the same data.
   */
  context: (req: Request, res: Response) => Promise<GraphQLContext> | GraphQLContext;
  /** Directory of the stored example queries (docs/queries). */
  queriesDir: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;

export function csvRouter(deps: CsvDeps): Router {
  const router = express.Router();

  router.get('/', async (_req, res) => {
    res.json({ examples: await listExamples(deps.queriesDir) });
  });

  router.get('/:name', async (req, res) => {
    const name = String(req.params.name).replace(/\.csv$/, '');
    if (!NAME.test(name)) return void sendError(res, 404, 'NOT_FOUND', `例 ${name} はありません / no example named ${name}`);
    let query: string;
    try {
      query = await readFile(resolve(deps.queriesDir, `${name}.graphql`), 'utf8');
    } catch {
      return void sendError(res, 404, 'NOT_FOUND', `例 ${name} はありません / no example named ${name}`);
    }
    let variables: Record<string, unknown> | undefined;
    if (typeof req.query.variables === 'string' && req.query.variables.trim()) {
      try {
        variables = JSON.parse(req.query.variables) as Record<string, unknown>;
      } catch {
        return void sendError(res, 400, 'BAD_USER_INPUT', 'variables が JSON ではありません / variables is not JSON');
      }
    }
    const operationName = typeof req.query.operationName === 'string' ? req.query.operationName : undefined;
    await runCsv(deps, req, res, name, { query, variables, operationName });
  });

  router.post('/', jsonBody(), async (req: Request, res: Response) => {
    if (!req.is('application/json')) {
      return void sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type: application/json で送ってください / send Content-Type: application/json');
    }
    const body: unknown = req.body;
    if (Array.isArray(body)) {
      const e = new LimitExceededError('batch', body.length, MAX_BATCH_OPERATIONS);
      return void sendError(res, 400, 'LIMIT_EXCEEDED', e.message);
    }
    const b = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof b.query !== 'string' || !b.query.trim()) return void sendError(res, 400, 'BAD_REQUEST', 'query（文字列）が必要です / a string query is required');
    if (b.variables != null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) {
      return void sendError(res, 400, 'BAD_REQUEST', 'variables はオブジェクトです / variables must be an object');
    }
    const operationName = typeof b.operationName === 'string' ? b.operationName : undefined;
    await runCsv(deps, req, res, 'result', { query: b.query, variables: (b.variables ?? undefined) as Record<string, unknown> | undefined, operationName });
  });

  return router;
}

interface CsvRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

async function runCsv(deps: CsvDeps, req: Request, res: Response, fileName: string, r: CsvRequest): Promise<void> {
  // The same limits as /graphql, before the context or any SQL.
  let document: DocumentNode | undefined;
  try {
    document = checkRequest(deps.schema, r);
  } catch (e) {
    if (e instanceof GraphQLError) return void res.status(statusOfErrors([e])).json({ errors: [{ message: e.message, extensions: e.extensions }] });
    throw e;
  }
  const op = document && getOperationAST(document, r.operationName);
  if (op && op.operation !== 'query') {
    return void sendError(res, 400, 'BAD_REQUEST', `CSV は照会（query）のみです / CSV runs queries only, not ${op.operation}`);
  }
  const result = await deps.apollo.executeOperation(
    { query: r.query, variables: r.variables, operationName: r.operationName },
    { contextValue: await deps.context(req, res) },
  );
  if (result.body.kind !== 'single') return void sendError(res, 400, 'BAD_REQUEST', 'incremental delivery is not supported for CSV');
  const { data, errors } = result.body.singleResult;
  if (errors?.length) return void res.status(statusOfErrors(errors)).json({ errors });
  const csv = toCsv((data ?? {}) as Json, document, r.operationName);
  res
    .status(200)
    .setHeader('Content-Type', 'text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${fileName}.csv"`)
    .setHeader('Cache-Control', 'no-store')
    .send(csv);
}

function sendError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Names of the stored example queries. */
export async function listExamples(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.slice(0, -'.graphql'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Flattening and labels

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Row = Map<string, Json>;

/** Leaf paths (response keys) selected below `path` in the operation, fragments expanded. */
export function selectionPaths(document: DocumentNode, operationName: string | undefined, path: string[]): string[] {
  const op = getOperationAST(document, operationName);
  if (!op) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fieldsOf = (set: SelectionSetNode, seen: Set<string> = new Set()): FieldNode[] =>
    set.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return [s];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, seen);
      const f = fragments.get(s.name.value);
      if (!f || seen.has(f.name.value)) return [];
      return fieldsOf(f.selectionSet, new Set([...seen, f.name.value]));
    });
  let set: SelectionSetNode | undefined = op.selectionSet;
  for (const key of path) {
    const field: FieldNode | undefined = set && fieldsOf(set).find((f) => (f.alias?.value ?? f.name.value) === key);
    set = field?.selectionSet;
    if (!set) return [];
  }
  const out: string[] = [];
  const leaves = (s: SelectionSetNode, prefix: string, depth: number) => {
    for (const f of fieldsOf(s)) {
      const key = f.alias?.value ?? f.name.value;
      if (key === '__typename') continue;
      const p = prefix ? `${prefix}.${key}` : key;
      if (f.selectionSet && depth < 12) leaves(f.selectionSet, p, depth + 1);
      else if (!f.selectionSet) out.push(p);
    }
  };
  leaves(set, '', 0);
  return out;
}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first list in the data (depth first, in selection order) and its path of response keys;
 * a connection's edges become their nodes (path ending in `node`).
 */
export function firstList(data: Json, path: string[] = []): { items: Json[]; path: string[] } | undefined {
  if (Array.isArray(data)) {
    if (path.at(-1) === 'edges') return { items: data.map((e) => (isObject(e) && 'node' in e ? e.node : e)), path: [...path, 'node'] };
    return { items: data, path };
  }
  if (isObject(data)) {
    for (const [k, v] of Object.entries(data)) {
      const found = firstList(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** One item as rows: nested objects become dotted paths; the first nested list of objects is unwound. */
export function flattenItem(item: Json, prefix = ''): Row[] {
  const base: Row = new Map();
  let unwind: { path: string; items: Json[] } | undefined;
  const walk = (v: Json, path: string) => {
    if (Array.isArray(v) && v.length === 0) return;
    if (Array.isArray(v)) {
      if (v.some(isObject)) {
        if (!unwind) unwind = { path, items: v };
        else base.set(path, v.map((x) => (isObject(x) ? Object.values(x).filter((y) => !isObject(y) && !Array.isArray(y)).join(':') : String(x))).join('; '));
      } else base.set(path, v.map((x) => (x === null ? '' : String(x))).join('、'));
    } else if (isObject(v)) {
      for (const [k, c] of Object.entries(v)) walk(c, path ? `${path}.${k}` : k);
    } else base.set(path || 'value', v);
  };
  walk(item, prefix);
  if (!unwind) return [base];
  const u = unwind as { path: string; items: Json[] };
  if (!u.items.length) return [base];
  return u.items.flatMap((x) => flattenItem(x, u.path).map((r) => new Map([...base, ...r])));
}

/** Labels for single path segments. An empty label drops the segment (list wrappers). */
export const SEGMENT_LABELS: Record<string, string> = {
  id: 'ID',
  key: 'キー',
  code: 'コード',
  name: '名称',
  label: '名称',
  count: '件数',
  share: '割合',
  total: '総数',
  totalCount: '総件数',
  rated: '評価済み件数',
  meanScore: '平均点',
  fiscalYear: '年度',
  year: '西暦',
  shortLabel: '年度（略）',
  labelEn: '年度（英）',
  municipality: '自治体',
  prefecture: '都道府県',
  nameEn: '英語名',
  plan: '計画',
  department: '組織',
  leadDepartment: '主管課',
  effectiveDepartment: '主管課',
  relatedDepartments: '関係課',
  policyNode: '施策',
  levelName: '階層名',
  depth: '階層',
  priority: '重点',
  indicator: '指標',
  indicators: '指標',
  project: '事業',
  evaluation: '評価',
  level: '評価',
  stage: '段階',
  scale: '評価尺度',
  subjectName: '対象',
  subjectKind: '対象の種類',
  unit: '単位',
  value: '値',
  text: '表記',
  baseline: '基準値',
  target: '目標値',
  targetUsed: '比較した目標値',
  actual: '実績値',
  achievement: '達成率（%）',
  achieved: '達成',
  printedAchievement: '記載の達成率',
  direction: '方向',
  kind: '種類',
  source: '出典',
  isKpi: 'KPI',
  description: '説明',
  issues: '課題',
  response: '課題への対応',
  comment: '評価コメント',
  request: '要望・意見',
  evaluator: '評価者',
  evaluatedOn: '評価日',
  from: '前',
  to: '後',
  base: '基準',
  compare: '比較',
  computed: '規則による評価',
  printed: '記載の評価',
  agrees: '一致',
  explanation: '説明',
  measured: '測定できた件数',
  difference: '差',
  stricter: '厳しい',
  moreLenient: '甘い',
  agreed: '一致',
  compared: '比較した件数',
  onlyFrom: '前のみ',
  onlyTo: '後のみ',
  band: '達成度区分',
  minPercent: '下限（%）',
  maxPercent: '上限（%）',
  order: '順',
  score: '点数',
  color: '色',
  amount: '金額',
  path: '経路',
  nodes: '',
  edges: '',
  node: '',
  groups: '',
  counts: '',
  points: '',
  cells: '',
  subjects: '対象',
  bands: '',
};

/** Labels for two-segment paths, which read better than their parts. */
export const PAIR_LABELS: Record<string, string> = {
  'fiscalYear.label': '年度',
  'fiscalYear.year': '年度（西暦）',
  'fiscalYear.shortLabel': '年度（略）',
  'level.code': '評価',
  'level.label': '評価の説明',
  'level.score': '評価の点数',
  'department.name': '組織',
  'leadDepartment.name': '主管課',
  'effectiveDepartment.name': '主管課',
  'policyNode.name': '施策',
  'policyNode.code': '施策番号',
  'indicator.name': '指標',
  'project.name': '事業',
  'municipality.name': '自治体',
  'plan.name': '計画',
  'scale.name': '評価尺度',
  'from.code': '前の評価',
  'to.code': '後の評価',
  'computed.code': '規則による評価',
  'printed.code': '記載の評価',
  'baseline.value': '基準値',
  'target.value': '目標値',
  'targetUsed.value': '比較した目標値',
  'actual.value': '実績値',
  'band.label': '達成度区分',
};

/** A Japanese column name for a field path (`policyNode.leadDepartment.name` → 施策・主管課). */
export function columnLabel(path: string): string {
  const seg = path.split('.');
  const parts: string[] = [];
  for (let i = 0; i < seg.length; ) {
    const pair = i + 1 < seg.length ? PAIR_LABELS[`${seg[i]}.${seg[i + 1]}`] : undefined;
    if (pair !== undefined) {
      parts.push(pair);
      i += 2;
    } else {
      parts.push(SEGMENT_LABELS[seg[i]!] ?? seg[i]!);
      i++;
    }
  }
  // 指標・指標・単位 (indicators → indicator) reads as 指標・単位.
  const label = parts.filter((p, i) => p && p !== parts[i - 1]).join('・');
  return label || path;
}

function cell(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A text cell Excel would run as a formula gets a leading apostrophe.
  if (typeof v === 'string' && /^[=+@\t\r]|^-(?![\d.]*$)/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV text of a GraphQL result's data: BOM, Japanese header row, CRLF. With the query's
 * document, an empty list still gets its header row (from the selection).
 */
export function toCsv(data: Json, document?: DocumentNode, operationName?: string): string {
  const list = firstList(data);
  const rows = list ? list.items.flatMap((item) => flattenItem(item)) : flattenItem(data);
  const paths: string[] = [];
  const seen = new Set<string>();
  const add = (k: string) => {
    if (!seen.has(k)) {
      seen.add(k);
      paths.push(k);
    }
  };
  if (list && document && list.items.length === 0) for (const p of selectionPaths(document, operationName, list.path)) add(p);
  for (const r of rows) for (const k of r.keys()) add(k);
  // A null object (department: null) leaves its own column only when no row has its fields.
  for (let i = paths.length - 1; i >= 0; i--) if (paths.some((p) => p.startsWith(`${paths[i]}.`))) paths.splice(i, 1);
  const labels = paths.map(columnLabel);
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  const header = labels.map((l, i) => (count.get(l)! > 1 ? `${l}（${paths[i]}）` : l));
  const lines = [header.map((h) => cell(h)).join(',')];
  for (const r of rows) lines.push(paths.map((p) => cell(r.get(p))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
