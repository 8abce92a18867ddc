/**
 * Limits the API enforces, in one module (the dashboard's checks import the same constants).
 *
 * Everything here runs before any resolver or SQL: over HTTP `checkRequest` runs in an express
 * guard before Apollo (server/src/http/request-guards.ts): the document's size and token count,
 * then depth, aliases, page sizes and cost of the operation with the request's variables; the
 * Apollo plugin checks again at didResolveOperation for in-process operations. A refused query
 * gets one error with `extensions.code` LIMIT_EXCEEDED naming the limit, the value and the maximum.
 *
 * Only `graphql` is imported at runtime (Apollo types are type-only), so the dashboard can import
 * the constants without pulling in the server.
 */
import {
  GraphQLError,
  Kind,
  getNullableType as nullable,
  isInputObjectType,
  typeFromAST,
  type GraphQLInputType,
  type VariableDefinitionNode,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  getOperationAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';

/** Page size when a connection's `first` is not given. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest `first` a connection accepts; more is a BAD_USER_INPUT error. */
export const MAX_PAGE_SIZE = 500;

/** Deepest field nesting (`{ a { b } }` is 2). Introspection fields (`__schema`, `__type`) are not counted. */
export const MAX_DEPTH = 10;
/**
 * Largest estimated cost. A composite field costs 1 plus its selection, times its multiplier:
 * its page size `first` (or DEFAULT_PAGE_SIZE) when it takes `first`; ASSUMED_LIST_SIZE for other
 * lists; 1 for single objects and for a connection's `nodes`/`edges` (already counted by the
 * connection). Scalars cost LEAF_COST.
 */
export const MAX_COST = 5_000;
/** Cost of a scalar or enum field. */
export const LEAF_COST = 0;
/** Items assumed for a list field without `first` (children, plans, groups …) unless LIST_SIZE_HINTS knows better. */
export const ASSUMED_LIST_SIZE = 10;
/**
 * Sizes of lists that are short by nature (one entry per rating level or band). An aggregation's
 * `groups` is one group when the aggregation was given no `groupBy`.
 */
export const LIST_SIZE_HINTS: Readonly<Record<string, number>> = {
  'RatingGroup.counts': 5,
  'BandGroup.counts': 6,
  'AchievementBandDistribution.bands': 6,
  'RatingScale.levels': 5,
  'TransitionMatrix.levels': 5,
  'TransitionMatrix.scales': 2,
  'TransitionMatrix.cells': 25,
  'Plan.period': 12,
  'IndicatorSeries.points': 12,
  // A project has one to a few indicators.
  'ProjectYearFigures.unitCosts': 3,
};
/** Aliased fields in one document. */
export const MAX_ALIASES = 30;
/** Lexical tokens in one document (also graphql's parser `maxTokens`). */
export const MAX_TOKENS = 2_000;
/** Size of the query document in bytes (UTF-8). Variables are not counted. */
export const MAX_DOCUMENT_BYTES = 20 * 1024;
/**
 * Operations in one HTTP request. Batching (a JSON array body) is off: an array is refused
 * with 400; send one operation per request.
 */
export const MAX_BATCH_OPERATIONS = 1;
/** Nesting of introspection lists (`types { fields { args } }` is 3), so introspection cannot multiply the schema. */
export const MAX_INTROSPECTION_LIST_NESTING = 3;
/**
 * The time budget of one request (GraphQL, CSV, reports): every statement of the request runs
 * under what is left of it, and the request fails once, with QUERY_TIMEOUT, when it is spent
 * (auth/request-scope.ts). Also every API connection's statement_timeout. REQUEST_BUDGET_MS.
 */
export const REQUEST_BUDGET_MS = 5_000;
/** The budget of an administrator's import (GraphQL `importDataset`, `npm run import`): IMPORT_BUDGET_MS. */
export const IMPORT_BUDGET_MS = 10 * 60_000;

// ---- Input: everything a client sends is bounded before work grows with it ------------------

/** Bytes of a request body (POST /graphql, POST /csv), checked before it is read. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Bytes of a dataset file imported through the API (`importDataset`, administrators). */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
/** Data rows of a CSV imported on its own (one record kind). */
export const MAX_CSV_ROWS = 200_000;
/** Characters of that file as Base64 (4 per 3 bytes). */
export const MAX_IMPORT_BASE64_CHARS = 4 * Math.ceil(MAX_IMPORT_FILE_BYTES / 3);
/** Entries in an imported workbook (.xlsx is a ZIP archive; a dataset workbook has about 75). */
export const MAX_XLSX_ENTRIES = 1_000;
/** Bytes an imported workbook may inflate to, in all (the generated sample city's: 3.1 MB), checked before it is inflated. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/** Bytes of an administrator's request body: an import carries its file in it. Others get MAX_BODY_BYTES. */
export const MAX_ADMIN_BODY_BYTES = MAX_IMPORT_BASE64_CHARS + MAX_BODY_BYTES;
/** Nesting of arrays and objects in a JSON body, checked on its bytes before it is parsed (a body of brackets took 150 ms to parse). */
export const MAX_JSON_DEPTH = 32;
/** Bytes of the variables as JSON, besides a variable given to an argument whose own limit is larger (the import's file). */
export const MAX_VARIABLES_BYTES = 64 * 1024;
/** Items of any list a client sends (ids, codes, years, stages …): one limit for every list argument and input field. */
export const MAX_LIST_ITEMS = 500;
/** Characters of any string argument or input field that STRING_LIMITS does not name. */
export const MAX_STRING_CHARS = 1_000;
/** Characters of a free text written by a person (an evaluation's texts, a return's reason). */
export const MAX_FREE_TEXT_CHARS = 4_000;
/** Characters of a search term. */
export const MAX_SEARCH_CHARS = 200;
/**
 * String arguments and input fields with a limit other than MAX_STRING_CHARS, by schema
 * coordinate (`Type.field(arg:)`, `Input.field`). A coordinate that is not in the schema fails a
 * test (tests/integration/input-bounds.test.ts); a new long text needs its line here.
 */
export const STRING_LIMITS: Readonly<Record<string, number>> = {
  'Mutation.signIn(email:)': 254,
  'Mutation.createUser(email:)': 254,
  'Mutation.signIn(password:)': 1_024,
  'Mutation.createUser(password:)': 1_024,
  'Mutation.createUser(displayName:)': 200,
  'Mutation.createApiToken(name:)': 200,
  'Mutation.importDataset(fileName:)': 255,
  'Mutation.importDataset(contentBase64:)': MAX_IMPORT_BASE64_CHARS,
  'Mutation.startImport(fileName:)': 255,
  'Mutation.startImport(contentBase64:)': MAX_IMPORT_BASE64_CHARS,
  'Mutation.startImport(municipalityCode:)': 6,
  'Mutation.returnEvaluation(comment:)': MAX_FREE_TEXT_CHARS,
  'Mutation.saveIndicatorActual(text:)': 200,
  'SaveEvaluationInput.achievement': MAX_FREE_TEXT_CHARS,
  'SaveEvaluationInput.issues': MAX_FREE_TEXT_CHARS,
  'SaveEvaluationInput.response': MAX_FREE_TEXT_CHARS,
  'SaveEvaluationInput.comment': MAX_FREE_TEXT_CHARS,
  'SaveEvaluationInput.request': MAX_FREE_TEXT_CHARS,
  'EvaluationFilter.search': MAX_SEARCH_CHARS,
  'IndicatorFilter.search': MAX_SEARCH_CHARS,
  'PolicyNodeFilter.search': MAX_SEARCH_CHARS,
  'ProjectFilter.search': MAX_SEARCH_CHARS,
  'SubjectFilter.search': MAX_SEARCH_CHARS,
  'DepartmentPolicyFilter.search': MAX_SEARCH_CHARS,
};

export type LimitName =
  | 'depth'
  | 'cost'
  | 'aliases'
  | 'tokens'
  | 'documentBytes'
  | 'pageSize'
  | 'batch'
  | 'introspection'
  | 'bodyBytes'
  | 'jsonDepth'
  | 'variablesBytes'
  | 'listItems'
  | 'stringLength';

const MESSAGES: Record<LimitName, (value: number, max: number, where?: string) => string> = {
  depth: (v, m) => `クエリの深さ ${v} が上限 ${m} を超えています / query depth ${v} exceeds the limit ${m}`,
  cost: (v, m) =>
    `クエリのコスト ${v} が上限 ${m} を超えています（first を小さくしてページ分けしてください） / query cost ${v} exceeds the limit ${m} (request smaller pages with first)`,
  aliases: (v, m) => `別名（alias）の数 ${v} が上限 ${m} を超えています / ${v} aliases exceed the limit ${m}`,
  tokens: (v, m) => `クエリのトークン数 ${v} が上限 ${m} を超えています / the query has ${v} tokens, over the limit ${m}`,
  documentBytes: (v, m) =>
    `クエリの大きさ ${v} バイトが上限 ${m} バイトを超えています / the query document has ${v} bytes, over the limit ${m}`,
  pageSize: (v, m, where) =>
    `${where ?? ''} の first ${v} が上限 ${m} を超えています / first ${v} on ${where ?? 'a list'} exceeds the limit ${m}`,
  batch: (v, m) =>
    `一括リクエスト（${v} 件の配列）は受け付けません。1リクエストに1操作を送ってください（上限 ${m}） / batched requests (an array of ${v}) are not accepted: send one operation per request (limit ${m})`,
  introspection: (v, m) =>
    `イントロスペクションの一覧の入れ子 ${v} が上限 ${m} を超えています / introspection list nesting ${v} exceeds the limit ${m}`,
  bodyBytes: (v, m) => `リクエストの本文 ${v} バイトが上限 ${m} バイトを超えています / the request body has ${v} bytes, over the limit ${m}`,
  jsonDepth: (v, m) => `JSON の入れ子の深さ ${v} が上限 ${m} を超えています / JSON nesting depth ${v} exceeds the limit ${m}`,
  variablesBytes: (v, m) => `変数（variables）の大きさ ${v} バイトが上限 ${m} バイトを超えています / the variables have ${v} bytes, over the limit ${m}`,
  listItems: (v, m, where) => `${where ?? '一覧'} の要素 ${v} 件が上限 ${m} 件を超えています / ${where ?? 'a list'} has ${v} items, over the limit ${m}`,
  stringLength: (v, m, where) => `${where ?? '文字列'} の ${v} 文字が上限 ${m} 文字を超えています / ${where ?? 'a string'} has ${v} characters, over the limit ${m}`,
};

/** A refused query: `extensions { code: LIMIT_EXCEEDED, limit, value, max }`. */
export class LimitExceededError extends GraphQLError {
  constructor(limit: LimitName, value: number, max: number, opts: { where?: string; status?: number; variable?: string } = {}) {
    super(MESSAGES[limit](value, max, opts.where), {
      extensions: {
        code: 'LIMIT_EXCEEDED',
        limit,
        value,
        max,
        ...(opts.where ? { field: opts.where } : {}),
        // Where in the variables (`$filter.search`), when the value came in one.
        ...(opts.variable ? { variable: opts.variable } : {}),
        // Apollo reads (and strips) `http` for the response status.
        ...(opts.status ? { http: { status: opts.status } } : {}),
      },
    });
  }
}

/** Size and token count of a document, before it is parsed. Throws LimitExceededError. */
export function checkSource(source: string, status?: number): void {
  const bytes = utf8Length(source);
  if (bytes > MAX_DOCUMENT_BYTES) throw new LimitExceededError('documentBytes', bytes, MAX_DOCUMENT_BYTES, { status });
  const tokens = countTokens(source);
  if (tokens > MAX_TOKENS) throw new LimitExceededError('tokens', tokens, MAX_TOKENS, { status });
}

/** Bytes of a string in UTF-8 (no Buffer, so browsers can use this module too). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Tokens as graphql's parser counts them (comments excluded); a lexical error stops counting (the parser reports it). */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) n++;
  } catch {
    /* a syntax error: the parser will say where */
  }
  return n;
}

/** What an operation would cost; `pageSize` is the first `first` over the maximum, if any. */
export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  introspectionNesting: number;
  pageSize?: { value: number; field: string };
}

interface Measure {
  cost: number;
  depth: number;
  intro: number;
}

/**
 * Depth, cost, aliases and introspection nesting of one operation of a validated document
 * (fragments expanded, each fragment measured once, so a fragment used many times costs its
 * measure each time without being walked again).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Measure>();
  const visiting = new Set<string>();
  const result: OperationMeasure = { depth: 0, cost: 0, aliases: countAliases(document), introspectionNesting: 0 };

  const varDefaults = new Map<string, ValueNode | undefined>();
  for (const v of operation.variableDefinitions ?? []) varDefaults.set(v.variable.name.value, v.defaultValue);

  const firstValue = (node: ValueNode | undefined): number | undefined => {
    if (!node) return undefined;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      const given = variables[name];
      if (typeof given === 'number') return given;
      if (given === undefined) return firstValue(varDefaults.get(name));
      return undefined;
    }
    return undefined;
  };

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, intro: boolean, ungrouped = false): Measure => {
    let cost = 0;
    let depth = 0;
    let introNest = 0;
    for (const sel of set.selections) {
      let m: Measure;
      if (sel.kind === Kind.FIELD) {
        m = measureField(sel, parent, intro, ungrouped);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        m = t && isCompositeType(t) ? walk(sel.selectionSet, t, intro, ungrouped) : { cost: 0, depth: 0, intro: 0 };
      } else {
        const name = sel.name.value;
        const key = `${name}\u0000${intro}\u0000${ungrouped}`;
        const known = memo.get(key);
        if (known) m = known;
        else {
          const frag = fragments.get(name);
          const t = frag && schema.getType(frag.typeCondition.name.value);
          // A cycle is refused by validation (NoFragmentCyclesRule); never loop here.
          if (!frag || !t || !isCompositeType(t) || visiting.has(name)) m = { cost: 0, depth: 0, intro: 0 };
          else {
            visiting.add(name);
            m = walk(frag.selectionSet, t, intro, ungrouped);
            visiting.delete(name);
            memo.set(key, m);
          }
        }
      }
      cost += m.cost;
      depth = Math.max(depth, m.depth);
      introNest = Math.max(introNest, m.intro);
    }
    return { cost, depth, intro: introNest };
  };

  const measureField = (sel: FieldNode, parent: GraphQLCompositeType, intro: boolean, ungrouped: boolean): Measure => {
    const name = sel.name.value;
    if (name === '__typename') return { cost: LEAF_COST, depth: intro ? 0 : 1, intro: 0 };
    let def: GraphQLField<unknown, unknown> | undefined;
    if (name === '__schema') def = introspectionField(schema, '__schema');
    else if (name === '__type') def = introspectionField(schema, '__type');
    else if (isObjectType(parent) || isInterfaceType(parent)) def = parent.getFields()[name];
    if (!def) return { cost: 0, depth: intro ? 0 : 1, intro: 0 };
    const inIntro = intro || name === '__schema' || name === '__type';
    const named = getNamedType(def.type);
    if (!sel.selectionSet || !isCompositeType(named)) return { cost: inIntro ? 0 : LEAF_COST, depth: inIntro ? 0 : 1, intro: 0 };
    // An aggregation given no groupBy returns one group.
    const hasGroupBy = def.args.some((a) => a.name === 'groupBy');
    const groupByArg = sel.arguments?.find((a) => a.name.value === 'groupBy');
    const childUngrouped = hasGroupBy && (!groupByArg || isEmptyList(groupByArg.value, variables, varDefaults));
    const child = walk(sel.selectionSet, named, inIntro, childUngrouped);
    const list = isListType(getNullableType(def.type));
    if (inIntro) return { cost: 0, depth: 0, intro: child.intro + (list ? 1 : 0) };
    let multiplier = 1;
    if (def.args.some((a) => a.name === 'first')) {
      const arg = sel.arguments?.find((a) => a.name.value === 'first');
      const argDef = def.args.find((a) => a.name === 'first');
      const given = arg ? firstValue(arg.value) : typeof argDef?.defaultValue === 'number' ? argDef.defaultValue : undefined;
      multiplier = given ?? DEFAULT_PAGE_SIZE;
      if (multiplier > MAX_PAGE_SIZE && !result.pageSize) result.pageSize = { value: multiplier, field: `${parent.name}.${name}` };
      if (multiplier < 0) multiplier = 0;
    } else if (list) {
      const inConnection = parent.name.endsWith('Connection') && (name === 'nodes' || name === 'edges');
      multiplier = inConnection || (ungrouped && name === 'groups') ? 1 : (LIST_SIZE_HINTS[`${parent.name}.${name}`] ?? ASSUMED_LIST_SIZE);
    }
    return { cost: multiplier * (1 + child.cost), depth: 1 + child.depth, intro: child.intro };
  };

  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (root) {
    const m = walk(operation.selectionSet, root, false);
    result.depth = m.depth;
    result.cost = m.cost;
    result.introspectionNesting = m.intro;
  }
  return result;
}

function isEmptyList(v: ValueNode, variables: Record<string, unknown>, defaults: Map<string, ValueNode | undefined>): boolean {
  if (v.kind === Kind.NULL) return true;
  if (v.kind === Kind.LIST) return v.values.length === 0;
  if (v.kind === Kind.VARIABLE) {
    const given = variables[v.name.value];
    if (given === undefined) {
      const d = defaults.get(v.name.value);
      return d ? isEmptyList(d, variables, defaults) : true;
    }
    return given === null || (Array.isArray(given) && given.length === 0);
  }
  return false;
}

function introspectionField(schema: GraphQLSchema, name: '__schema' | '__type'): GraphQLField<unknown, unknown> | undefined {
  const type = schema.getType(name === '__schema' ? '__Schema' : '__Type');
  if (!type || !isObjectType(type)) return undefined;
  return {
    name,
    description: undefined,
    type,
    args: [],
    deprecationReason: undefined,
    extensions: {},
    astNode: undefined,
  };
}

/** Aliased fields anywhere in the document. */
export function countAliases(document: DocumentNode): number {
  let n = 0;
  const visit = (set: SelectionSetNode | undefined) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.alias) n++;
        visit(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) visit(d.selectionSet);
  return n;
}

/** Throws LimitExceededError for the first limit an operation breaks. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>,
  status?: number,
): OperationMeasure {
  const m = measureOperation(schema, document, operation, variables);
  if (m.aliases > MAX_ALIASES) throw new LimitExceededError('aliases', m.aliases, MAX_ALIASES, { status });
  if (m.depth > MAX_DEPTH) throw new LimitExceededError('depth', m.depth, MAX_DEPTH, { status });
  if (m.introspectionNesting > MAX_INTROSPECTION_LIST_NESTING)
    throw new LimitExceededError('introspection', m.introspectionNesting, MAX_INTROSPECTION_LIST_NESTING, { status });
  if (m.pageSize) throw new LimitExceededError('pageSize', m.pageSize.value, MAX_PAGE_SIZE, { where: m.pageSize.field, status });
  if (m.cost > MAX_COST) throw new LimitExceededError('cost', m.cost, MAX_COST, { status });
  return m;
}

/** One GraphQL request as it arrives (POST body or GET parameters). */
export interface RequestParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** Documents whose size and tokens passed, by text (the operation checks, which read variables, run every time). */
const checkedDocuments = new Map<string, DocumentNode>();

/**
 * Every limit for one request, before Apollo parses it: size and tokens of the source, then
 * (when it parses) depth, aliases, page sizes and cost of the operation with its variables.
 * Throws LimitExceededError; returns the parsed document (undefined when it does not parse: the
 * parser's own error follows in the pipeline).
 */
export function checkRequest(schema: GraphQLSchema, r: RequestParams, status?: number): DocumentNode | undefined {
  let doc = checkedDocuments.get(r.query);
  if (!doc) {
    checkSource(r.query, status);
    try {
      doc = parse(r.query, { maxTokens: MAX_TOKENS, noLocation: true });
    } catch {
      return undefined;
    }
    if (checkedDocuments.size >= 500) checkedDocuments.clear();
    checkedDocuments.set(r.query, doc);
  }
  const op = getOperationAST(doc, r.operationName ?? undefined);
  // What the client sent in the variables and the document's literals, before anything walks it again.
  checkInput(schema, doc, op ?? null, r.variables, status);
  if (op) {
    // The same operation with the same variables passes again: a dashboard repeats its requests.
    const key = `${r.operationName ?? ''}\0${JSON.stringify(r.variables ?? {})}`;
    let bySchema = passedOperations.get(schema);
    if (!bySchema) passedOperations.set(schema, (bySchema = new WeakMap()));
    let passed = bySchema.get(doc);
    if (!passed?.has(key)) {
      checkOperation(schema, doc, op, r.variables ?? {}, status);
      if (!passed) bySchema.set(doc, (passed = new Set()));
      if (passed.size >= 200) passed.clear();
      passed.add(key);
    }
  }
  return doc;
}
/** Operation name and variables that passed the checks, per schema and checked document. */
const passedOperations = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Set<string>>>();

// ---------------------------------------------------------------------------------------------
// Input: the variables and the document's literal values.

/**
 * The deepest nesting of arrays and objects in JSON `bytes` (brackets inside strings not
 * counted), read byte by byte without parsing: a body can be refused for its depth before
 * JSON.parse spends time on it.
 */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** A string that contains NUL, which PostgreSQL cannot store or compare: a wrong argument, not an internal error. */
function nulError(where: string, status?: number, variable?: string): GraphQLError {
  return new GraphQLError(`${where}: 使えない文字（NUL, U+0000）が含まれています / contains the NUL character (U+0000), which is not allowed`, {
    extensions: { code: 'BAD_USER_INPUT', field: where, ...(variable ? { variable } : {}), ...(status ? { http: { status } } : {}) },
  });
}

/** The argument or input field a coordinate names (`Mutation.signIn(email:)` → email, `EvaluationFilter.search` → search). */
const fieldOf = (coordinate: string): string => /\(([^:()]+):\)$/.exec(coordinate)?.[1] ?? coordinate.slice(coordinate.lastIndexOf('.') + 1);

/** The string limit of a schema coordinate. */
export const stringLimit = (coordinate: string | null | undefined): number => (coordinate ? (STRING_LIMITS[coordinate] ?? MAX_STRING_CHARS) : MAX_STRING_CHARS);

/** Where each variable is used, and the first problem of the document's own literal values. */
interface InputPlan {
  /** By variable: its declared type and the tightest string limit of the places it is given to. */
  variables: Map<string, { type: GraphQLInputType | undefined; limit: number; coordinate: string | undefined }>;
  literal?: { kind: 'nul'; where: string } | { kind: 'list'; where: string; value: number } | { kind: 'string'; where: string; value: number; max: number };
}
const inputPlans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, InputPlan>>>();

function inputPlan(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | null): InputPlan {
  let bySchema = inputPlans.get(schema);
  if (!bySchema) inputPlans.set(schema, (bySchema = new WeakMap()));
  let byOp = bySchema.get(document);
  if (!byOp) bySchema.set(document, (byOp = new Map()));
  const name = operation?.name?.value ?? '';
  let plan = byOp.get(name);
  if (plan) return plan;
  plan = { variables: new Map() };
  const defs = new Map<string, VariableDefinitionNode>();
  for (const d of operation?.variableDefinitions ?? []) defs.set(d.variable.name.value, d);
  for (const [v, d] of defs) plan.variables.set(v, { type: typeFromAST(schema, d.type as never) as GraphQLInputType | undefined, limit: Infinity, coordinate: undefined });
  const typeInfo = new TypeInfo(schema);
  // The coordinate a value is given to: the innermost argument or input field around it.
  const places: string[] = [];
  const p = plan;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: {
        enter(node) {
          const directive = typeInfo.getDirective();
          places.push(directive ? `@${directive.name}(${node.name.value}:)` : `${typeInfo.getParentType()?.name}.${typeInfo.getFieldDef()?.name}(${node.name.value}:)`);
        },
        leave: () => void places.pop(),
      },
      ObjectField: {
        enter(node) {
          places.push(`${getNamedType(typeInfo.getParentInputType())?.name}.${node.name.value}`);
        },
        leave: () => void places.pop(),
      },
      Variable(node) {
        const v = p.variables.get(node.name.value);
        const where = places.at(-1);
        if (v && where !== undefined) {
          const limit = stringLimit(where);
          if (v.coordinate === undefined || limit < v.limit) Object.assign(v, { limit, coordinate: where });
        }
      },
      StringValue(node) {
        const where = places.at(-1) ?? 'query';
        if (p.literal) return;
        if (node.value.includes('\0')) p.literal = { kind: 'nul', where };
        else if (node.value.length > stringLimit(where)) p.literal = { kind: 'string', where, value: node.value.length, max: stringLimit(where) };
      },
      ListValue(node) {
        if (!p.literal && node.values.length > MAX_LIST_ITEMS) p.literal = { kind: 'list', where: places.at(-1) ?? 'query', value: node.values.length };
      },
    }),
  );
  for (const v of plan.variables.values()) if (v.coordinate === undefined) v.limit = MAX_STRING_CHARS;
  if (byOp.size > 50) byOp.clear();
  byOp.set(name, plan);
  return plan;
}

/**
 * What a client sent, before anything else walks it: the nesting depth of the variables
 * (MAX_JSON_DEPTH), the items of every list (MAX_LIST_ITEMS), the characters of every string
 * (STRING_LIMITS by the argument or input field it is given to, else MAX_STRING_CHARS), no NUL
 * character, and the size of the variables (MAX_VARIABLES_BYTES, besides a variable given to an
 * argument whose own limit is larger: the import's file); the document's literal values the same
 * way. Throws LimitExceededError (LIMIT_EXCEEDED, with the limit and the amount) or a
 * BAD_USER_INPUT error for a NUL.
 */
export function checkInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null,
  variables: Record<string, unknown> | null | undefined,
  status?: number,
): void {
  const plan = inputPlan(schema, document, operation);
  const lit = plan.literal;
  if (lit?.kind === 'nul') throw nulError(fieldOf(lit.where), status);
  if (lit?.kind === 'list') throw new LimitExceededError('listItems', lit.value, MAX_LIST_ITEMS, { where: fieldOf(lit.where), status });
  if (lit?.kind === 'string') throw new LimitExceededError('stringLength', lit.value, lit.max, { where: fieldOf(lit.where), status });
  if (!variables || typeof variables !== 'object') return;

  // One walk without recursion (a value of any depth cannot overflow the stack here); the depth is
  // measured to the bottom so the answer says how deep the value is.
  // `where`: the path in the variables; `field`: the argument or input field it is given to, when known.
  type Item = { value: unknown; type: GraphQLInputType | undefined; where: string; field: string; limit: number; depth: number };
  const stack: Item[] = [];
  const large: string[] = [];
  const names = Object.keys(variables);
  if (names.length > MAX_LIST_ITEMS) throw new LimitExceededError('listItems', names.length, MAX_LIST_ITEMS, { where: 'variables', status });
  for (const [name, value] of Object.entries(variables)) {
    const v = plan.variables.get(name);
    if (v && v.limit > MAX_VARIABLES_BYTES) large.push(name);
    stack.push({ value, type: v?.type, where: `$${name}`, field: v?.coordinate ? fieldOf(v.coordinate) : `$${name}`, limit: v?.limit ?? MAX_STRING_CHARS, depth: 1 });
  }
  let deepest = 0;
  let first: GraphQLError | undefined;
  while (stack.length) {
    const it = stack.pop()!;
    if (it.depth > deepest) deepest = it.depth;
    const { value } = it;
    if (typeof value === 'string') {
      if (first) continue;
      if (value.includes('\0')) first = nulError(it.field, status, it.where);
      else if (value.length > it.limit) first = new LimitExceededError('stringLength', value.length, it.limit, { where: it.field, variable: it.where, status });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const type = it.type && nullable(it.type);
    if (Array.isArray(value)) {
      if (!first && value.length > MAX_LIST_ITEMS) first = new LimitExceededError('listItems', value.length, MAX_LIST_ITEMS, { where: it.field, variable: it.where, status });
      const of = type && isListType(type) ? (type.ofType as GraphQLInputType) : type;
      for (let i = 0; i < value.length && i <= MAX_LIST_ITEMS; i++) stack.push({ ...it, value: value[i], type: of, where: `${it.where}[${i}]`, depth: it.depth + 1 });
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (!first && entries.length > MAX_LIST_ITEMS) first = new LimitExceededError('listItems', entries.length, MAX_LIST_ITEMS, { where: it.field, variable: it.where, status });
    const fields = type && isInputObjectType(type) ? type.getFields() : undefined;
    for (const [k, v] of entries.slice(0, MAX_LIST_ITEMS + 1)) {
      const field = fields?.[k];
      const coordinate = field ? `${(type as { name: string }).name}.${k}` : undefined;
      stack.push({ value: v, type: field?.type, where: `${it.where}.${k}`, field: field ? k : `${it.where}.${k}`, limit: coordinate ? stringLimit(coordinate) : it.limit, depth: it.depth + 1 });
    }
  }
  if (deepest > MAX_JSON_DEPTH) throw new LimitExceededError('jsonDepth', deepest, MAX_JSON_DEPTH, { status });
  if (first) throw first;
  const rest = large.length ? Object.fromEntries(Object.entries(variables).filter(([k]) => !large.includes(k))) : variables;
  const bytes = utf8Length(JSON.stringify(rest));
  if (bytes > MAX_VARIABLES_BYTES) throw new LimitExceededError('variablesBytes', bytes, MAX_VARIABLES_BYTES, { status });
}

// ---------------------------------------------------------------------------------------------
// HTTP: content negotiation as GraphQL over HTTP describes it.

export const MEDIA_JSON = 'application/json';
export const MEDIA_GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * The response media type an Accept header prefers among application/json and
 * application/graphql-response+json (the same choice Apollo makes: highest q, then the more
 * specific range, then application/json); null when it accepts neither.
 */
export function preferredMediaType(accept: string | undefined | null): typeof MEDIA_JSON | typeof MEDIA_GRAPHQL_RESPONSE | null {
  if (!accept || !accept.trim()) return MEDIA_JSON;
  const ranges = accept.split(',').map((part, order) => {
    const [range = '', ...params] = part.trim().split(';');
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim().toLowerCase() === 'q' && v !== undefined) q = Number(v.trim());
    }
    return { range: range.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
  });
  const score = (type: string) => {
    const [major] = type.split('/');
    let best: { s: number; q: number; order: number } | undefined;
    for (const r of ranges) {
      const s = r.range === type ? 2 : r.range === `${major}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (s < 0) continue;
      if (!best || s > best.s || (s === best.s && r.q > best.q)) best = { s, q: r.q, order: r.order };
    }
    return best;
  };
  const candidates = [MEDIA_JSON, MEDIA_GRAPHQL_RESPONSE]
    .map((type, i) => ({ type, i, p: score(type) }))
    .filter((c) => c.p && c.p.q > 0)
    .sort((a, b) => b.p!.q - a.p!.q || b.p!.s - a.p!.s || a.p!.order - b.p!.order || a.i - b.i);
  return (candidates[0]?.type as typeof MEDIA_JSON | typeof MEDIA_GRAPHQL_RESPONSE | undefined) ?? null;
}

/**
 * Status for a request error (the request was well-formed GraphQL-over-HTTP but cannot execute):
 * 200 under application/json (the spec's legacy rule), 400 under application/graphql-response+json.
 */
export function requestErrorStatus(accept: string | undefined | null): number {
  return preferredMediaType(accept) === MEDIA_JSON ? 200 : 400;
}

/** Error codes that are request errors in the GraphQL-over-HTTP sense (the document could not be run). */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'LIMIT_EXCEEDED']);

/**
 * The Apollo plugin. Over HTTP the limits are enforced before Apollo sees the request (the
 * express guard in server/src/http/request-guards.ts calls checkRequest, before the context and
 * its SQL); this plugin enforces them again at didResolveOperation for operations that do not come
 * over HTTP (executeOperation), and sets the status code of request errors under
 * application/json to 200 as GraphQL over HTTP asks. (An error thrown at didResolveSource would
 * become a 500, so nothing is refused there.)
 */
export function queryLimitsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          const http = rc.request.http;
          // Status 400 here; willSendResponse turns it into 200 under application/json.
          checkInput(rc.schema, rc.document, rc.operation, rc.request.variables, http ? 400 : undefined);
          checkOperation(rc.schema, rc.document, rc.operation, rc.request.variables ?? {}, http ? 400 : undefined);
        },
        async willSendResponse(rc) {
          setRequestErrorStatus(rc);
        },
      };
    },
  };
}

function setRequestErrorStatus<TContext extends BaseContext>(rc: GraphQLRequestContextWillSendResponse<TContext>): void {
  const head = rc.response.http;
  const body = rc.response.body;
  if (head.status !== 400 || body.kind !== 'single') return;
  const { data, errors } = body.singleResult;
  if (data !== undefined && data !== null) return;
  if (!errors?.length || !errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
  if (preferredMediaType(rc.request.http?.headers.get('accept')) === MEDIA_JSON) head.status = 200;
}

/** Most lines `SourceDocument.lines` returns in one request (a viewer shows a few around a record). */
export const MAX_SOURCE_LINES = 200;
