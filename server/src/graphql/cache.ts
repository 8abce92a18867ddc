/**
 * Response cache (issue 8): whole query results, keyed by the query text, operation name,
 * variables, the response's media type (application/json or application/graphql-response+json,
 * as the Accept header negotiates it), the caller's scope, the `data_version` of the
 * municipalities the operation involves, and the `access_version` (accounts, roles, tokens).
 * Imports, evaluation edits and publishing (through `bumpDataVersion` in
 * server/src/analytics/rollups.ts) bump a city's version; creating or changing a user and
 * creating or revoking a token bump the access version (`BUMP_ACCESS_VERSION`, in the same
 * statement as the change). Either way the cached answers they affect are never served again and
 * age out of the LRU; nothing else has to be told. The versions live in the database, so a change
 * made by another process (the import CLI, admin:create, another API process) invalidates just as
 * well, within VERSION_TTL_MS; in this process at once (`dataChanged()` after the commit).
 *
 * Which cities an operation involves: when every top-level field names cities by code (an
 * argument or input field `code`, `municipalityCode` or `municipalityCodes`, literal or
 * variable), those cities; otherwise every city (the key then carries a digest of all versions).
 * The scope: `ctx.cacheScope` when the context has one (an opaque string), else one made of the
 * city scope and the principal, so callers who see different rows never share an entry.
 *
 * Only queries without errors are stored; the cache is an LRU bounded by the bytes it holds:
 * an answer's JSON until it has been gzipped (for the client it was computed for, or on its first
 * hit that accepts gzip), its gzip from then on (RESPONSE_CACHE_MB, default 32, about 400 MB of
 * the dashboard's answers as JSON; 0 turns it off).
 */
import { createHash } from 'node:crypto';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from './loaders.js';
import { COMPRESS_MIN_BYTES, onGzipped } from '../http/compress-answer.js';
import { preferredMediaType } from './limits.js';
import { parseLsn } from '../db/replicas.js';
import { callerLsn } from './caller-lsn.js';
import { isDatabaseUnavailable } from '../http/database-errors.js';

export const DEFAULT_CACHE_MB = 32;
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const CODE_KEYS = new Set(['code', 'municipalityCode', 'municipalityCodes']);

interface Entry {
  /** The answer's data, kept only when no JSON was given (a parsed object graph is several times its JSON in memory). */
  data?: unknown;
  /** The HTTP body as Apollo sends it (`{"data":…}`) in UTF-8, until its gzip is there (then dropped: the gzip is kept instead). */
  json: Buffer | null;
  /** The body gzipped: the one sent to the client that asked (compress-answer.ts), else made on the first hit that accepts gzip. */
  gzip?: Buffer;
  /** The gzip being made. */
  gzipping?: Promise<Buffer | undefined>;
  /** Its key in the map. */
  key?: string;
  bytes: number;
}

/**
 * A Map in recency order, bounded by the total bytes of its entries. Answers are stored as their
 * JSON only (parsed data would be 5–10 times the bytes counted, and the middleware serves the
 * bytes without serialising again), and once gzipped as their gzip only: a dashboard's answers
 * compress to a tenth, so the same bytes hold about ten times as many. A client that does not
 * accept gzip (an analyst's script) gets the JSON back by gunzip, on zlib's thread pool.
 */
export class ByteLru {
  private readonly map = new Map<string, Entry>();
  private total = 0;
  hits = 0;
  misses = 0;
  constructor(readonly maxBytes: number) {}

  /** The data of an entry (parsed from its JSON, or its gzip, when only that is stored). */
  get(key: string): unknown {
    const e = this.entry(key);
    if (!e) return undefined;
    if (e.data !== undefined) return e.data;
    const json = e.json ?? (e.gzip ? gunzipSync(e.gzip) : null);
    return json ? (JSON.parse(json.toString('utf8')) as { data: unknown }).data : undefined;
  }

  entry(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    this.hits++;
    return e;
  }

  set(key: string, data: unknown, bytes: number, json: Buffer | null = null): Entry | undefined {
    if (bytes > this.maxBytes / 4) return undefined; // one answer may not push out most of the others
    const old = this.map.get(key);
    if (old) {
      this.total -= old.bytes;
      this.map.delete(key);
    }
    const e: Entry = json ? { json, bytes, key } : { data, json, bytes, key };
    this.map.set(key, e);
    this.total += bytes;
    this.evict();
    return e;
  }

  /**
   * Keeps `gzip` (the entry's JSON gzipped) in place of the JSON. Counted only while the entry is
   * still held (it may have been evicted meanwhile).
   */
  keepGzip(e: Entry, gzip: Buffer): void {
    if (!e.json || e.gzip) return;
    e.gzip = gzip;
    const held = e.key !== undefined && this.map.get(e.key) === e;
    const before = e.bytes;
    e.bytes = gzip.length;
    e.json = null;
    if (held) this.total += e.bytes - before;
  }

  /**
   * The entry's body for a client: gzipped when it accepts gzip and the answer is worth it (made
   * once, off the event loop on zlib's thread pool, then kept in place of the JSON), else the
   * JSON (from its gzip when only that is kept). Undefined when the entry holds no body.
   */
  async body(e: Entry, acceptsGzip: boolean): Promise<{ bytes: Buffer; gzip: boolean } | undefined> {
    // (An entry holds its JSON until it has its gzip, then the gzip only.)
    if (e.json && (!acceptsGzip || e.json.length < COMPRESS_MIN_BYTES)) return { bytes: e.json, gzip: false };
    if (acceptsGzip) {
      const z = await this.gzipped(e);
      if (z) return { bytes: z, gzip: true };
      return e.json ? { bytes: e.json, gzip: false } : undefined;
    }
    return e.gzip ? { bytes: await gunzipAsync(e.gzip), gzip: false } : undefined;
  }

  /** The entry's body gzipped (see `body`). */
  async gzipped(e: Entry): Promise<Buffer | undefined> {
    if (e.gzip) return e.gzip;
    const json = e.json;
    if (!json) return undefined;
    e.gzipping ??= gzipAsync(json, { level: 6 }).then(
      (z) => {
        e.gzipping = undefined;
        this.keepGzip(e, z);
        return e.gzip;
      },
      () => {
        e.gzipping = undefined; // sent uncompressed this time; tried again on the next hit
        return undefined;
      },
    );
    return e.gzipping;
  }

  private evict(): void {
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
  principal?: { kind: string; user?: { id: number; role: string }; via?: string; open?: boolean; publicMode?: boolean; admin?: boolean; writeLsn?: string | null };
  admin?: boolean;
  /** Set by a resolver whose answer no version tracks (notifications): not stored. */
  uncacheable?: boolean;
  /** The HTTP exchange, when the operation came over HTTP. */
  http?: { req?: Request; res: Response };
  /** The WAL position the request's data is known to be at least as new as (read-routing.ts). */
  readAt?: bigint;
}

/** The caller's scope as a string: callers with equal strings see equal data and pass the same checks. */
export function scopeKey(ctx: CacheContext): string {
  if (typeof ctx.cacheScope === 'string') return ctx.cacheScope;
  const s = ctx.scope;
  const p = ctx.principal;
  return stableJson({
    cities: s ? (s.all ? '*' : s.municipalityIds) : '*',
    published: s?.publishedOnly ?? false,
    kind: p?.kind ?? null,
    user: p?.user ? [p.user.id, p.user.role] : null,
    via: p?.via ?? null,
    open: p?.open ?? null,
    publicMode: p?.publicMode ?? null,
    principalAdmin: p?.admin ?? null,
    admin: ctx.admin ?? false,
  });
}

interface VersionSnapshot {
  byCode: Map<string, number>;
  /** The primary's WAL position when they were read (the versions are at least that new). */
  lsn: bigint;
  digest: string;
  /** The access version (accounts, roles, tokens) when read. */
  access: string;
  at: number;
  /** Count and sum of the versions when read. */
  signature: string;
}

/** SQL that bumps the access version: run it in the statement or transaction that changes accounts, roles or tokens (a `with` part will do). */
export const BUMP_ACCESS_VERSION = 'update access_version set version = version + 1 where id = 1';

/**
 * Every city's data_version, read at most every VERSION_TTL_MS (one small statement for all
 * requests in that window). `dataChanged()` (bumpDataVersion calls it) drops it at once in this
 * process; a change committed by another process (the import CLI) is seen within the TTL and
 * one check. When the TTL has passed, requests keep the snapshot they have while the check runs
 * (under load every request had waited for it, a pause for all every 250 ms); only after
 * `dataChanged()` do they wait for the versions to be read again.
 */
export const VERSION_TTL_MS = 250;
let snapshot: VersionSnapshot | null = null;
let loading: Promise<VersionSnapshot> | null = null;
let loadingGeneration = -1;
let generation = 0;
/** The WAL position of the latest read that found the versions changed (read-routing.ts: replicas must have replayed it). */
let changedAt = 0n;
let readOnce = false;

let standbyRead: ((sql: string) => Promise<Record<string, unknown>[]>) | null = null;

/** Where the versions are read while the primary cannot be reached (a read replica, as the owner; app.ts); null: nowhere. */
export function readVersionsOnStandby(read: typeof standbyRead): void {
  standbyRead = read;
}

/** The WAL position from which the cached versions may be newer than data read from a point before it. */
export const versionsChangedLsn = (): bigint => changedAt;

/** Forget the versions read so far (call after a city's data or the access version changed, e.g. after an import or a mutation commits). */
export function dataChanged(): void {
  snapshot = null;
  generation++;
}

async function versionSnapshot(em: EntityManager, minLsn = 0n): Promise<VersionSnapshot> {
  // A caller whose last write is newer than the versions read (made through another process): read them again.
  if (snapshot && snapshot.lsn < minLsn) dataChanged();
  if (snapshot && performance.now() - snapshot.at < VERSION_TTL_MS) return snapshot;
  // A check started before dataChanged() may read the versions from before the change: start another.
  if (!loading || loadingGeneration !== generation) {
    const gen = generation;
    // (null after dataChanged(): then everything is read again)
    const previous = snapshot;
    const run = <T>(sql: string): Promise<T> =>
      execute<T>(em, sql).catch((e: unknown) => (standbyRead && isDatabaseUnavailable(e) ? (standbyRead(sql) as Promise<T>).catch(() => Promise.reject(e)) : Promise.reject(e)));
    const load: Promise<VersionSnapshot> = (async () => {
      // Versions only grow and cities are only added: an unchanged count and sum means nothing
      // changed, so the 1,741 rows of a national database are read again only after a change.
      // The position: the primary's, or a standby's replayed one when read there.
      const [sig] = await run<{ n: number; s: string; a: string; l: string }[]>(
        'select count(*)::int as n, coalesce(sum(data_version), 0)::text as s, (select version::text from access_version where id = 1) as a, coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text as l from municipality',
      );
      const lsn = parseLsn(sig?.l) ?? 0n;
      const signature = `${sig?.n}:${sig?.s}`;
      const access = String(sig?.a ?? '');
      let s: VersionSnapshot;
      if (previous && previous.signature === signature && previous.access === access) s = { ...previous, access, lsn, at: performance.now() };
      else {
        const rows = await run<{ code: string; id: number; data_version: number }[]>('select id, code, data_version from municipality order by id');
        const hash = createHash('sha256');
        for (const r of rows) hash.update(`${r.id}:${r.data_version},`);
        s = { byCode: new Map(rows.map((r) => [r.code, r.data_version])), digest: `${rows.length}:${hash.digest('base64url')}`, access, lsn, at: performance.now(), signature };
        // (The first read of all is no change: there was nothing cached to be newer than.)
        if (readOnce && lsn > changedAt) changedAt = lsn;
      }
      readOnce = true;
      if (gen === generation) snapshot = s;
      return s;
    })().finally(() => {
      if (loading === load) loading = null;
    });
    // A failed check (the database down) drops the snapshot: the next requests wait for a check
    // of their own and fail with it (answered 503), rather than being served from the cache on
    // versions nobody can confirm. (Not an unhandled rejection when nobody awaited it.)
    load.catch(() => {
      if (gen === generation && snapshot === previous) snapshot = null;
    });
    loading = load;
    loadingGeneration = gen;
  }
  return snapshot ?? loading;
}

/** The versions the key depends on: the access version, and those of the named cities or a digest of every city's. */
async function versionsKey(em: EntityManager, codes: string[] | null, minLsn?: bigint): Promise<string> {
  const snap = await versionSnapshot(em, minLsn);
  const access = `a:${snap.access};`;
  if (codes) return access + codes.map((c) => `${c}:${snap.byCode.get(c) ?? '-'}`).join(',');
  return `${access}*:${snap.digest}`;
}

/** SHA-256 of query texts seen recently (a dashboard sends the same few dozen documents again and again). */
const digests = new Map<string, string>();
function queryDigest(query: string): string {
  let d = digests.get(query);
  if (d === undefined) {
    d = createHash('sha256').update(query).digest('base64url');
    if (digests.size >= 1000) digests.clear();
    digests.set(query, d);
  }
  return d;
}

/** The cache key of an operation for a caller. */
export async function cacheKey(
  em: EntityManager,
  input: {
    query: string;
    operationName?: string | null;
    variables?: Record<string, unknown> | null;
    operation: OperationDefinitionNode;
    scope: string;
    /** The response's media type as negotiated from the Accept header (`preferredMediaType`). */
    mediaType: string;
    /** The caller's last write (read-routing.ts): versions read before it are read again. */
    minLsn?: bigint;
  },
): Promise<string> {
  const variables = input.variables ?? {};
  const versions = await versionsKey(em, involvedCodes(input.operation, variables), input.minLsn);
  return createHash('sha256')
    .update(queryDigest(input.query))
    .update('\0')
    .update(input.operationName ?? '')
    .update('\0')
    .update(input.mediaType)
    .update('\0')
    .update(stableJson(variables))
    .update('\0')
    .update(input.scope)
    .update('\0')
    .update(versions)
    .digest('base64url');
}

export interface ResponseCacheOptions {
  /** Bytes the cache may hold (default RESPONSE_CACHE_MB or 32 MB); 0 disables the cache. */
  maxBytes?: number;
  /** The caller's scope (default `scopeKey`). */
  scopeOf?: (ctx: CacheContext) => string;
  /** The cache itself (tests). */
  cache?: ByteLru;
  /** Where the cities' versions are read (default the context's owner or own EntityManager). */
  keyEm?: EntityManager;
}

export function cacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = env.RESPONSE_CACHE_MB === undefined || env.RESPONSE_CACHE_MB === '' ? DEFAULT_CACHE_MB : Number(env.RESPONSE_CACHE_MB);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`RESPONSE_CACHE_MB must be a number of megabytes (0 = off), got "${env.RESPONSE_CACHE_MB}"`);
  return Math.round(mb * 1024 * 1024);
}

/** The Apollo plugin; answers from the cache carry the header `x-response-cache: hit`. */
export function responseCachePlugin<TContext extends CacheContext>(opts: ResponseCacheOptions = {}): ApolloServerPlugin<TContext> {
  const maxBytes = opts.maxBytes ?? opts.cache?.maxBytes ?? cacheBytesFromEnv();
  const cache = opts.cache ?? new ByteLru(maxBytes);
  caches.add(cache);
  const scopeOf = opts.scopeOf ?? scopeKey;
  if (cache.maxBytes <= 0) return {};
  return {
    async requestDidStart() {
      let key: string | undefined;
      return {
        async didResolveOperation(rc) {
          // Parsed and validated: from now on the middleware may look this document up.
          if (rc.source) rememberValidDocument(rc.source);
        },
        async responseForOperation(rc: GraphQLRequestContext<TContext>) {
          const op = rc.operation;
          if (!op || op.operation !== 'query' || !rc.source) return null;
          const ctx = rc.contextValue;
          key = await cacheKey(opts.keyEm ?? ctx.ownerEm ?? ctx.em, {
            query: rc.source,
            operationName: rc.request.operationName,
            variables: rc.request.variables as Record<string, unknown> | undefined,
            operation: op,
            scope: scopeOf(ctx),
            mediaType: String(preferredMediaType(rc.request.http?.headers.get('accept'))),
            minLsn: callerLsn(ctx),
          });
          const data = cache.get(key);
          if (data === undefined) return null;
          rc.response.http.headers.set('x-response-cache', 'hit');
          return { http: { status: undefined, headers: new HeaderMap([['x-response-cache', 'hit']]) }, body: { kind: 'single', singleResult: { data: data as Record<string, unknown> } } };
        },
        async willSendResponse(rc) {
          if (!key || rc.response.body.kind !== 'single') return;
          const r = rc.response.body.singleResult;
          if (r.errors?.length || !r.data || r.extensions || rc.contextValue.uncacheable || rc.response.http.headers.get('x-response-cache') === 'hit') return;
          // The versions changed after the answer's data was read (it may predate them): not stored under them.
          const readAt = rc.contextValue.readAt;
          if (readAt !== undefined && versionsChangedLsn() > readAt) return;
          const storeKey = key;
          const store = (json: Buffer) => {
            const e = cache.set(storeKey, r.data, json.length, json);
            return e ? (gzip: Buffer) => cache.keepGzip(e, gzip) : undefined;
          };
          // Over HTTP through the middleware: keep the very string Apollo sends (serialised once),
          // and the gzip made to send it.
          const res = rc.contextValue.http?.res as CapturingResponse | undefined;
          if (res && CAPTURE in res) res[CAPTURE] = store;
          else store(Buffer.from(`${JSON.stringify({ data: r.data })}\n`, 'utf8'));
        },
      };
    },
  };
}

/** Parsed operations by query text (the middleware parses each distinct query once). */
const parsed = new Map<string, DocumentNode | null>();
function operationOf(query: string, operationName: string | undefined): OperationDefinitionNode | null {
  let doc = parsed.get(query);
  if (doc === undefined) {
    try {
      doc = parse(query);
    } catch {
      doc = null;
    }
    if (parsed.size > 500) parsed.clear();
    parsed.set(query, doc);
  }
  if (!doc) return null;
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return (operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined) ?? null;
}

/**
 * Documents Apollo has parsed and validated. The middleware looks up only these: a document it
 * has never seen valid (a typo, a hostile query) cannot have an answer stored, and goes to Apollo
 * without a cache key being made (no statement runs for it).
 */
const validDocuments = new Set<string>();
function rememberValidDocument(source: string): void {
  if (validDocuments.has(source)) return;
  if (validDocuments.size >= 1000) validDocuments.clear();
  validDocuments.add(source);
}

const STASH = Symbol('responseCacheContext');
/** Set by the middleware on a response it passes to Apollo; the plugin puts there what stores the body sent. */
const CAPTURE = Symbol('responseCacheCapture');
type CapturingResponse = Response & { [CAPTURE]?: ((json: Buffer) => ((gzip: Buffer) => void) | undefined) | null };

/**
 * Apollo sends a single result with `res.send(string)` (`{"data":…}` and a newline): when the
 * plugin asked to, that string is encoded once, stored, and the same bytes sent (express would
 * encode it again: a report's 300 KB twice).
 */
function captureBody(res: Response): void {
  const r = res as CapturingResponse;
  r[CAPTURE] = null;
  const send = res.send.bind(res);
  res.send = ((body?: unknown) => {
    const store = r[CAPTURE];
    r[CAPTURE] = null;
    if (store && typeof body === 'string' && res.statusCode === 200 && res.getHeader('content-type')) {
      const json = Buffer.from(body, 'utf8');
      const keepGzip = store(json);
      // The gzip compress-answer.ts makes for this client is kept in the entry's place.
      if (keepGzip) onGzipped(res, keepGzip);
      return send(json);
    }
    return send(body);
  }) as Response['send'];
}
const holdsBody = (e: Entry | undefined): e is Entry => !!e && (e.json !== null || e.gzip !== undefined);

/** Keys whose answer a request is computing now, resolved when its response has been sent. */
const inFlight = new Map<string, Promise<void>>();
/** Requests (document, operation, variables) of documents not validated yet, in Apollo now. */
const firstRequests = new Map<string, Promise<void>>();
const SINGLE_FLIGHT_WAIT_MS = 5_000;
/** Marks `key` as being computed by the request answered with `res`, until that response ends. */
function computing(map: Map<string, Promise<void>>, key: string, res: Response): void {
  let done!: () => void;
  map.set(key, new Promise<void>((r) => (done = r)));
  const finish = () => {
    map.delete(key);
    done();
  };
  res.once('finish', finish);
  res.once('close', finish);
}
const waitBounded = (pending: Promise<void>) => Promise.race([pending, new Promise((r) => setTimeout(r, SINGLE_FLIGHT_WAIT_MS))]);
const firstRequestKey = (body: { query?: unknown; operationName?: unknown; variables?: unknown }) =>
  `${String(body.query)}\0${String(body.operationName ?? '')}\0${JSON.stringify(body.variables ?? null)}`;
/** The context the middleware made for a request it did not answer, for Apollo's context function to reuse. */
export function takeStashedContext<T>(req: Request): T | undefined {
  const r = req as Request & { [STASH]?: T };
  const ctx = r[STASH];
  delete r[STASH];
  return ctx;
}

/**
 * Express middleware in front of Apollo for POST /graphql: answers a query whose entry is in
 * `cache` straight from the stored JSON (no transaction, no execution, no serialisation),
 * otherwise passes the request on (with its context stashed: `takeStashedContext`); equal
 * requests arriving while one is being computed wait for its answer. Mount it
 * after the request guards (limits, batching), so everything it answers passed them.
 */
export function responseCacheMiddleware<TContext extends CacheContext>(opts: {
  cache: ByteLru;
  context: (req: Request, res: Response) => Promise<TContext>;
  scopeOf?: (ctx: TContext) => string;
  /** Where the cities' versions are read (default the context's owner or own EntityManager). */
  keyEm?: EntityManager;
}): RequestHandler {
  const scopeOf = opts.scopeOf ?? scopeKey;
  const handle = (req: Request, res: Response, next: NextFunction, waited: boolean): void => {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
    if (opts.cache.maxBytes <= 0 || req.method !== 'POST' || !req.is('application/json') || !body || typeof body !== 'object' || Array.isArray(body)) return next();
    if (typeof body.query !== 'string' || body.extensions !== undefined) return next();
    if (!validDocuments.has(body.query)) {
      // Not validated yet (a document's first requests after start): the first goes to Apollo,
      // which validates it and stores the answer; equal requests arriving meanwhile wait for
      // it and then look it up, instead of each computing the same answer.
      if (waited) return next();
      const first = firstRequestKey(body);
      const pending = firstRequests.get(first);
      if (!pending) {
        computing(firstRequests, first, res);
        return next();
      }
      void waitBounded(pending).then(() => handle(req, res, next, true));
      return;
    }
    if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) return next();
    // Anything malformed goes on to Apollo, which answers it with the right error.
    if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string') return next();
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const op = operationOf(body.query, operationName);
    if (!op || op.operation !== 'query') return next();
    (async () => {
      const ctx = await opts.context(req, res);
      const mediaType = preferredMediaType(req.headers.accept);
      // Accepting neither media type: Apollo answers 406.
      if (!mediaType) return next();
      const key = await cacheKey(opts.keyEm ?? ctx.ownerEm ?? ctx.em, {
        query: body.query as string,
        operationName: operationName ?? null,
        variables: body.variables as Record<string, unknown> | undefined,
        operation: op,
        scope: scopeOf(ctx),
        mediaType,
        minLsn: callerLsn(ctx),
      });
      let hit = opts.cache.entry(key);
      // The same answer already being computed for another request: wait for it (bounded)
      // rather than compute it again (a burst of equal requests computes once). That request
      // may have gone to Apollo before the document was validated (then known by its text).
      const pending = inFlight.get(key) ?? (holdsBody(hit) ? undefined : firstRequests.get(firstRequestKey(body)));
      if (!holdsBody(hit) && pending) {
        await waitBounded(pending);
        hit = opts.cache.entry(key);
      }
      const out = hit && holdsBody(hit) ? await opts.cache.body(hit, /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) : undefined;
      if (!out) {
        if (!inFlight.has(key)) computing(inFlight, key, res);
        (req as Request & { [STASH]?: TContext })[STASH] = ctx;
        captureBody(res);
        return next();
      }
      res.status(200).setHeader('x-response-cache', 'hit');
      // The type the answer was stored with (the key holds the negotiated type).
      res.type(`${mediaType}; charset=utf-8`);
      // Compressed once and kept (the compression middleware leaves a body with an encoding alone).
      res.setHeader('Vary', 'Accept, Accept-Encoding');
      if (out.gzip) res.setHeader('Content-Encoding', 'gzip');
      res.end(out.bytes);
    })().catch(() => next());
  };
  return (req, res, next) => handle(req, res, next, false);
}
