/**
 * A GraphQL result as a table a person reads in Excel: the first list becomes the rows (a
 * connection's nodes, an aggregation's groups …), a nested list of objects inside each item is
 * unwound into one row per element, and every cell and header is Japanese:
 * - headers from a label map, else the field's description in the schema (its Japanese half);
 * - enum values by their description (SELF → 一次評価, HIGHER_IS_BETTER → 高いほど良い), never raw;
 * - true/false as はい/いいえ; an achievement as the report prints it (one decimal, never rounded
 *   up onto a band's threshold), a share as a percent, a mean score with two decimals.
 * - no opaque ids (selected for clients' caches) or keys beside a name; a record in a cell by its name.
 * Nothing here knows a domain: the schema and the field names say what a value is.
 */
import {
  Kind,
  getNamedType,
  getOperationAST,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLEnumType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { displayPercent } from '../analytics/rules.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Row = Map<string, Json>;

/** What the schema says about one selected field. */
export interface FieldInfo {
  /** The field's name (the response key may be an alias). */
  fieldName: string;
  /** `Type.field` ("RuleCheck.value"), or the field's name without a schema. */
  coordinate: string;
  /** Japanese half of the field's description ("達成率（%）"), or null. */
  label: string | null;
  /** The field's enum type, when its values are enum values. */
  enumType: GraphQLEnumType | null;
  /** True for a scalar or enum (a column), false for an object (a path segment). */
  leaf: boolean;
  /** True for an opaque id (the schema's ID type; without a schema, a field named `id`). */
  opaque: boolean;
}

/**
 * The Japanese half of a bilingual description, without a trailing note in brackets
 * ("一次評価（主管課による自己評価） / Self-evaluation" → "一次評価"); a short bracket that is
 * part of the name stays ("達成率（%）").
 */
export function japaneseHalf(description: string | null | undefined): string | null {
  const ja = description?.split(' / ')[0]?.trim().replace(/。$/, '');
  if (!ja || !/[\u3040-\u30ff\u4e00-\u9fff]/.test(ja)) return null;
  return ja.replace(/（[^（）]{5,}）$/, '') || ja;
}

/** An enum value as a person reads it: its description's Japanese half (一次評価), else the value. */
export function enumLabel(type: GraphQLEnumType, value: string): string {
  return japaneseHalf(type.getValue(value)?.description) ?? value;
}

/**
 * Every response path selected in the operation (dotted, from the root; list levels add no
 * segment), fragments expanded, in selection order, with what the schema says about its field
 * (without a schema: the paths and names only).
 */
export function selectionInfo(schema: GraphQLSchema | undefined, document: DocumentNode, operationName?: string): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  const op = getOperationAST(document, operationName);
  if (!op) return out;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const typeNamed = (name: string | undefined, fallback: GraphQLCompositeType | undefined): GraphQLCompositeType | undefined => {
    const t = name ? schema?.getType(name) : undefined;
    return t && isCompositeType(t) ? t : fallback;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType | undefined, prefix: string, seen: ReadonlySet<string>, depth: number) => {
    if (depth > 24) return;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet, typeNamed(s.typeCondition?.name.value, parent), prefix, seen, depth);
        continue;
      }
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) walk(f.selectionSet, typeNamed(f.typeCondition.name.value, parent), prefix, new Set([...seen, f.name.value]), depth);
        continue;
      }
      const name = s.name.value;
      if (name === '__typename') continue;
      const key = s.alias?.value ?? name;
      const path = prefix ? `${prefix}.${key}` : key;
      const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      const named = def ? getNamedType(def.type) : undefined;
      if (!out.has(path)) {
        out.set(path, {
          fieldName: name,
          coordinate: parent ? `${parent.name}.${name}` : name,
          label: japaneseHalf(def?.description),
          enumType: named && isEnumType(named) ? named : null,
          leaf: !s.selectionSet,
          opaque: named ? named.name === 'ID' : name === 'id',
        });
      }
      if (s.selectionSet) walk(s.selectionSet, named && isCompositeType(named) ? named : undefined, path, seen, depth + 1);
    }
  };
  walk(op.selectionSet, schema?.getRootType(op.operation) ?? undefined, '', new Set(), 0);
  return out;
}

/** Leaf paths (response keys) selected below `path` in the operation, relative to it. */
export function selectionPaths(info: ReadonlyMap<string, FieldInfo>, path: readonly string[]): string[] {
  const prefix = path.length ? `${path.join('.')}.` : '';
  return [...info.entries()].filter(([p, f]) => f.leaf && p.startsWith(prefix)).map(([p]) => p.slice(prefix.length));
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

/** Fields that identify a record to a program (a cache, a join), not to a person reading the table. */
const OPAQUE_FIELDS = new Set(['id', 'key']);

/** An object of a second nested list in one cell: its name (a scale by 進捗状況評価, never "3:進捗状況評価"), else its values without ids. */
function summary(x: Json): string {
  if (!isObject(x)) return x === null ? '' : String(x);
  const named = x.name ?? x.label;
  if (typeof named === 'string' || typeof named === 'number') return String(named);
  return Object.entries(x)
    .filter(([k, y]) => !OPAQUE_FIELDS.has(k) && y !== null && !isObject(y) && !Array.isArray(y))
    .map(([, y]) => String(y))
    .join(':');
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
        else base.set(path, v.map(summary).join('; '));
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

/** Floating-point noise off a number read from the API (0.1 + 0.2 → 0.3); data keeps its digits. */
const clean = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(12)));

/** Numbers people read in a fixed way, by field (`Type.field`) or field name. */
const NUMBER_FORMATS: Record<string, (n: number) => number> = {
  achievement: (n) => displayPercent(n),
  // An achievement (percent) or a mean score, as the explanation beside it prints it.
  'RuleCheck.value': (n) => displayPercent(n, 2),
  value: clean,
  // A share 0..1 is shown as a percent with one decimal (the header says （%）).
  share: (n) => Math.round(n * 1000) / 10,
  meanScore: (n) => Math.round(n * 100) / 100,
  // Money (issue 22): rates 0..1 as percents with one decimal, amounts in 千円 and scores with two.
  executionRate: (n) => Math.round(n * 1000) / 10,
  changeRate: (n) => Math.round(n * 1000) / 10,
  'UnitCost.value': (n) => Math.round(n * 100) / 100,
  costPerScorePoint: (n) => Math.round(n * 100) / 100,
  normalizedScore: (n) => Math.round(n * 100) / 100,
  totalCost: (n) => Math.round(n * 100) / 100,
  settled: (n) => Math.round(n * 100) / 100,
  budget: (n) => Math.round(n * 100) / 100,
  previousTotalCost: (n) => Math.round(n * 100) / 100,
  comparableTotalCost: (n) => Math.round(n * 100) / 100,
  cost: (n) => Math.round(n * 100) / 100,
  previousCost: (n) => Math.round(n * 100) / 100,
};

/** Fields whose null is a value of its own, written as the dashboard shows it (重点 the document does not settle). */
const NULL_LABELS: Record<string, string> = { 'PolicyNode.priority': '不明', 'ReportMeasure.priority': '不明' };

/**
 * The data with every leaf as a person reads it: enum values by their Japanese label, booleans
 * as はい/いいえ, numbers per NUMBER_FORMATS. `info` keys are paths from the data's root.
 */
export function presentValues(data: Json, info: ReadonlyMap<string, FieldInfo> = new Map(), path = ''): Json {
  if (Array.isArray(data)) return data.map((x) => presentValues(x, info, path));
  if (isObject(data)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(data)) out[k] = presentValues(v, info, path ? `${path}.${k}` : k);
    return out;
  }
  const f = info.get(path);
  if (data === null && f && NULL_LABELS[f.coordinate]) return NULL_LABELS[f.coordinate]!;
  if (typeof data === 'string' && f?.enumType) return enumLabel(f.enumType, data);
  if (typeof data === 'boolean') return data ? 'はい' : 'いいえ';
  if (typeof data === 'number') {
    const format = (f && NUMBER_FORMATS[f.coordinate]) ?? NUMBER_FORMATS[f?.fieldName ?? path.split('.').at(-1) ?? ''];
    return format ? format(data) : clean(data);
  }
  return data;
}

/** Labels for single path segments. An empty label drops the segment (list wrappers). */
export const SEGMENT_LABELS: Record<string, string> = {
  id: 'ID',
  key: 'キー',
  code: 'コード',
  name: '名称',
  label: '名称',
  count: '件数',
  share: '割合（%）',
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
  executionRate: '執行率（%）',
  changeRate: '前年度比（%）',
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

/**
 * A Japanese column name for a field path (`policyNode.leadDepartment.name` → 施策・主管課).
 * A segment the maps lack takes its field's description (`describe(i)`: the path's first i+1
 * segments), else stays as it is.
 */
export function columnLabel(path: string, describe: (segments: number) => string | null = () => null): string {
  const seg = path.split('.');
  const parts: string[] = [];
  for (let i = 0; i < seg.length; ) {
    const pair = i + 1 < seg.length ? PAIR_LABELS[`${seg[i]}.${seg[i + 1]}`] : undefined;
    if (pair !== undefined) {
      parts.push(pair);
      i += 2;
    } else {
      parts.push(SEGMENT_LABELS[seg[i]!] ?? describe(i + 1) ?? seg[i]!);
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

/** An id Excel keeps as text (="32879974612827674258"), not as a number (3.29E+19) or a time (2:20:0:00). */
function textCell(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /^[\w.:-]+$/.test(s) ? `"=""${s}"""` : cell(s);
}

/**
 * The CSV text of a GraphQL result's data: BOM, Japanese header row, CRLF. With the query's
 * document (and the schema), an empty list still gets its header row, and enum values, headers
 * the label map lacks, booleans and computed numbers are written as a person reads them.
 */
export function toCsv(data: Json, document?: DocumentNode, operationName?: string, schema?: GraphQLSchema): string {
  const info = document ? selectionInfo(schema, document, operationName) : new Map<string, FieldInfo>();
  const shown = presentValues(data, info);
  const list = firstList(shown);
  const rows = list ? list.items.flatMap((item) => flattenItem(item)) : flattenItem(shown);
  const base = list ? list.path : [];
  const paths: string[] = [];
  const seen = new Set<string>();
  const add = (k: string) => {
    if (!seen.has(k)) {
      seen.add(k);
      paths.push(k);
    }
  };
  if (list && list.items.length === 0) for (const p of selectionPaths(info, list.path)) add(p);
  for (const r of rows) for (const k of r.keys()) add(k);
  // A null object (department: null) leaves its own column only when no row has its fields.
  for (let i = paths.length - 1; i >= 0; i--) if (paths.some((p) => p.startsWith(`${paths[i]}.`))) paths.splice(i, 1);
  // Ids are selected for clients' caches (a 20-digit one Excel turns into 3.29E+19), a group's key
  // beside its name for programs: a person reads the names and figures beside them. A table of
  // nothing but ids keeps them, written so that Excel keeps them as text.
  const opaque = (p: string) => {
    const f = info.get([...base, p].join('.'));
    const last = p.split('.').at(-1)!;
    if (f ? f.opaque : last === 'id') return true;
    return last === 'key' && paths.includes(p.replace(/key$/, 'name'));
  };
  const readable = paths.filter((p) => !opaque(p));
  const asText = new Set(readable.length ? [] : paths);
  if (readable.length) paths.splice(0, paths.length, ...readable);
  const labels = paths.map((p) => {
    const seg = p.split('.');
    return columnLabel(p, (n) => info.get([...base, ...seg.slice(0, n)].join('.'))?.label ?? null);
  });
  // Two columns with one label are numbered (評価, 評価（2）), never told apart by their raw paths.
  const count = new Map<string, number>();
  const header = labels.map((l) => {
    const n = (count.get(l) ?? 0) + 1;
    count.set(l, n);
    return n > 1 ? `${l}（${n}）` : l;
  });
  const lines = [header.map((h) => cell(h)).join(',')];
  for (const r of rows) lines.push(paths.map((p) => (asText.has(p) ? textCell(r.get(p)) : cell(r.get(p)))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
