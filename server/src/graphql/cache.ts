/**
 * Response cache (issue 8): whole query results, keyed by the query text, operation name,
 * variables, the caller's scope, and the `data_version` of the municipalities the operation
 * involves. Imports (and evaluation edits, through `bumpDataVersion` in
 * server/src/analytics/rollups.ts) bump a city's version, so its cached answers are never
 * served again and age out of the LRU; nothing else has to be told. Versions are read from
 * the database on every request (one small statement), so an import run by another process
 * (the CLI) invalidates just as well.
 *
 * Which cities an operation involves: when every top-level field names cities by code (an
 * argument or input field `code`, `municipalityCode` or `municipalityCodes`, literal or
 * variable), those cities; otherwise every city (the key then carries a digest of all versions).
 * The scope: `ctx.cacheScope` when the context has one (an opaque string), else one made of the
 * city scope and the principal, so callers who see different rows never share an entry.
 *
 * Only queries without errors are stored; the cache is an LRU bounded by the bytes of the
 * stored JSON (RESPONSE_CACHE_MB, default 64; 0 turns it off).
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode, type ValueNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from './loaders.js';

export const DEFAULT_CACHE_MB = 64;
const CODE_KEYS = new Set(['code', 'municipalityCode', 'municipalityCodes']);

interface Entry {
  data: unknown;
  bytes: number;
}

/** A Map in recency order, bounded by the total bytes of its entries. */
export class ByteLru {
  private readonly map = new Map<string, Entry>();
  private total = 0;
  hits = 0;
  misses = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string): unknown {
    const e = this.map.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    this.hits++;
    return e.data;
  }

  set(key: string, data: unknown, bytes: number): void {
    if (bytes > this.maxBytes / 4) return; // one answer may not push out most of the others
    const old = this.map.get(key);
    if (old) {
      this.total -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, { data, bytes });
    this.total += bytes;
    for (const [k, e] of this.map) {
      if (this.total <= this.maxBytes) break;
      this.map.delete(k);
      this.total -= e.bytes;
    }
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }
}

/** The process's caches (normally one), so `clearResponseCaches` can empty them all. */
const caches = new Set<ByteLru>();

/** Empties every response cache of this process (versions already make stale entries unreachable). */
export function clearResponseCaches(): void {
  for (const c of caches) c.clear();
}

/** JSON with sorted object keys, so equal variables give equal keys. */
export function stableJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** Codes found under the code keys of a JSON value (variables). */
function codesInJson(v: unknown, out: Set<string>, underCodeKey = false): boolean {
  let found = false;
  if (typeof v === 'string') {
    if (underCodeKey) {
      out.add(v);
      return true;
    }
    return false;
  }
  if (Array.isArray(v)) {
    for (const x of v) found = codesInJson(x, out, underCodeKey) || found;
    return found;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) found = codesInJson(x, out, CODE_KEYS.has(k)) || found;
  }
  return found;
}

/** Codes named by an argument's value (literals, variables, inside input objects and lists). */
function codesInValue(node: ValueNode, variables: Record<string, unknown>, out: Set<string>, underCodeKey: boolean): boolean {
  switch (node.kind) {
    case Kind.STRING:
      if (underCodeKey) out.add(node.value);
      return underCodeKey;
    case Kind.VARIABLE:
      return codesInJson(variables[node.name.value], out, underCodeKey);
    case Kind.LIST: {
      let found = false;
      for (const v of node.values) found = codesInValue(v, variables, out, underCodeKey) || found;
      return found;
    }
    case Kind.OBJECT: {
      let found = false;
      for (const f of node.fields) found = codesInValue(f.value, variables, out, CODE_KEYS.has(f.name.value)) || found;
      return found;
    }
    default:
      return false;
  }
}

/**
 * The municipality codes an operation is limited to, or null when some top-level field is not
 * limited by code (then every city's version counts).
 */
export function involvedCodes(op: OperationDefinitionNode, variables: Record<string, unknown>): string[] | null {
  const out = new Set<string>();
  for (const s of op.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) return null;
    if (s.name.value === '__typename') continue;
    let found = false;
    for (const a of s.arguments ?? []) found = codesInValue(a.value, variables, out, CODE_KEYS.has(a.name.value)) || found;
    if (!found) return null;
  }
  return [...out].sort();
}

interface CacheContext {
  em: EntityManager;
  ownerEm?: EntityManager;
  cacheScope?: string;
  scope?: { all: boolean; municipalityIds: number[]; publishedOnly: boolean };
  principal?: { kind: string; user?: { id: number; role: string }; publicMode?: boolean; admin?: boolean };
  admin?: boolean;
}

/** The caller's scope as a string: callers with equal strings see equal data. */
export function scopeKey(ctx: CacheContext): string {
  if (typeof ctx.cacheScope === 'string') return ctx.cacheScope;
  const s = ctx.scope;
  const p = ctx.principal;
  const user = p && 'user' in p && p.user ? `${p.user.id}:${p.user.role}` : '';
  return [
    s ? (s.all ? '*' : s.municipalityIds.join(',')) : '*',
    s?.publishedOnly ? 'published' : '',
    p?.kind ?? '',
    user,
    ctx.admin ? 'admin' : '',
  ].join('|');
}

/** The versions the key depends on: of the named cities, or a digest of every visible city's. */
async function versionsKey(em: EntityManager, codes: string[] | null): Promise<string> {
  if (codes) {
    if (!codes.length) return '';
    const rows = await execute<{ code: string; data_version: number }[]>(em, 'select code, data_version from municipality where code = any(?)', [codes]);
    const v = new Map(rows.map((r) => [r.code, r.data_version]));
    return codes.map((c) => `${c}:${v.get(c) ?? '-'}`).join(',');
  }
  const [r] = await execute<{ d: string | null; n: number }[]>(
    em,
    `select md5(string_agg(id || ':' || data_version, ',' order by id)) as d, count(*)::int as n from municipality`,
  );
  return `*:${r?.n ?? 0}:${r?.d ?? ''}`;
}

export interface ResponseCacheOptions {
  /** Bytes of stored JSON (default RESPONSE_CACHE_MB or 64 MB); 0 disables the cache. */
  maxBytes?: number;
  /** The caller's scope (default `scopeKey`). */
  scopeOf?: (ctx: CacheContext) => string;
  /** The cache itself (tests). */
  cache?: ByteLru;
}

export function cacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = env.RESPONSE_CACHE_MB === undefined || env.RESPONSE_CACHE_MB === '' ? DEFAULT_CACHE_MB : Number(env.RESPONSE_CACHE_MB);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`RESPONSE_CACHE_MB must be a number of megabytes (0 = off), got "${env.RESPONSE_CACHE_MB}"`);
  return Math.round(mb * 1024 * 1024);
}

/** The Apollo plugin; answers from the cache carry the header `x-response-cache: hit`. */
export function responseCachePlugin<TContext extends CacheContext>(opts: ResponseCacheOptions = {}): ApolloServerPlugin<TContext> {
  const maxBytes = opts.maxBytes ?? cacheBytesFromEnv();
  const cache = opts.cache ?? new ByteLru(maxBytes);
  caches.add(cache);
  const scopeOf = opts.scopeOf ?? scopeKey;
  if (maxBytes <= 0 && !opts.cache) return {};
  return {
    async requestDidStart() {
      let key: string | undefined;
      return {
        async responseForOperation(rc: GraphQLRequestContext<TContext>) {
          const op = rc.operation;
          if (!op || op.operation !== 'query' || !rc.source) return null;
          const variables = (rc.request.variables ?? {}) as Record<string, unknown>;
          const ctx = rc.contextValue;
          const versions = await versionsKey(ctx.em, involvedCodes(op, variables));
          key = createHash('sha256')
            .update(rc.source)
            .update('\0')
            .update(rc.operationName ?? '')
            .update('\0')
            .update(stableJson(variables))
            .update('\0')
            .update(scopeOf(ctx))
            .update('\0')
            .update(versions)
            .digest('base64url');
          const data = cache.get(key);
          if (data === undefined) return null;
          rc.response.http.headers.set('x-response-cache', 'hit');
          return { http: { status: undefined, headers: new HeaderMap([['x-response-cache', 'hit']]) }, body: { kind: 'single', singleResult: { data: data as Record<string, unknown> } } };
        },
        async willSendResponse(rc) {
          if (!key || rc.response.body.kind !== 'single') return;
          const r = rc.response.body.singleResult;
          if (r.errors?.length || !r.data || rc.response.http.headers.get('x-response-cache') === 'hit') return;
          cache.set(key, r.data, Buffer.byteLength(JSON.stringify(r.data)));
        },
      };
    },
  };
}
