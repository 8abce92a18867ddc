/**
 * Read replicas (DATABASE_READ_URLS): hot standbys fed by PostgreSQL's streaming replication.
 * Each gets a pool of its own, connected as the API's role (row-level security applies there as
 * on the primary: the policies and the role replicate with the data). A check every
 * REPLICA_CHECK_MS reads each standby's replayed WAL position and compares it with the primary's
 * recent positions: a standby that cannot be reached, is no longer in recovery, or is more than
 * REPLICA_MAX_LAG_MS behind is out of rotation until a later check finds it well again.
 * `choose(minLsn)` picks one that has replayed `minLsn` (waiting up to READ_YOUR_WRITES_WAIT_MS
 * for one to get there), or none: the read then goes to the primary.
 */
import pg from 'pg';
import { redact } from './database.js';
import { ACQUIRE_TIMEOUT_MS, CONNECT_TIMEOUT_MS, POOL } from './orm-config.js';

/** A WAL position ('16/B374D848') as a number; null when not one. */
export function parseLsn(text: unknown): bigint | null {
  if (typeof text !== 'string') return null;
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
}

/** A WAL position as PostgreSQL writes it. */
export const formatLsn = (lsn: bigint): string => `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

/** The part of a pool `openReadTransaction` takes connections from (knex's client has the same). */
export interface ReadPool {
  acquireConnection(): Promise<pg.PoolClient & { __knex__disposed?: unknown }>;
  releaseConnection(c: pg.PoolClient & { __knex__disposed?: unknown }): Promise<void>;
  positionBindings(sql: string): string;
  pool: { numFree(): number; numUsed(): number; numPendingAcquires(): number; numPendingCreates(): number; max: number };
}

export interface ReplicaStatus {
  name: string;
  inRotation: boolean;
  /** Why it is out of rotation (unreachable, lagging, not a standby), or null. */
  reason: string | null;
  replayLsn: string | null;
  lagBytes: number | null;
  lagMs: number | null;
  checkedAt: string | null;
}

export interface Replica {
  name: string;
  readPool: ReadPool;
  /** Last replayed position seen (only grows while it stays up; forgotten when it goes down). */
  replay: bigint | null;
  inRotation: boolean;
  reason: string | null;
  lagBytes: number | null;
  lagMs: number | null;
  checkedAt: Date | null;
}

export interface ReplicaSettings {
  /** Out of rotation when further behind than this (REPLICA_MAX_LAG_MS, default 5000). */
  maxLagMs: number;
  /** How long a read waits for a standby to replay the caller's last write (READ_YOUR_WRITES_WAIT_MS, default 500). */
  waitMs: number;
  /** Between health checks (REPLICA_CHECK_MS, default 500). */
  checkMs: number;
}

export const DEFAULT_REPLICA_SETTINGS: ReplicaSettings = { maxLagMs: 5_000, waitMs: 500, checkMs: 500 };

const QUIET = Symbol('errorListener');

/** A driver client that gives up opening a connection after CONNECT_TIMEOUT_MS (the pool hands it its own, longer wait). */
class QuickConnectClient extends pg.Client {
  constructor(options: pg.ClientConfig) {
    super({ ...options, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

/** The primary's WAL write position (for lag). */
type PrimaryLsn = () => Promise<bigint>;

export class ReplicaSet {
  readonly replicas: Replica[];
  private readonly pools: pg.Pool[] = [];
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  /** Recent primary positions with when they were read, oldest first (for lag in time). */
  private history: { at: number; lsn: bigint }[] = [];
  private checking: Promise<void> | null = null;

  /**
   * `urls`: the standbys; each is reached with the credentials of `appUrl` (the API's role), so
   * an owner's password given in DATABASE_READ_URLS never bypasses row-level security.
   * `connection`: the API pool's driver settings (type parsers, statement timeout), the same on every server.
   */
  constructor(
    urls: string[],
    appUrl: string,
    connection: pg.PoolConfig,
    private readonly positionBindings: (sql: string) => string,
    private readonly primaryLsn: PrimaryLsn,
    readonly settings: ReplicaSettings = DEFAULT_REPLICA_SETTINGS,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void = () => {},
  ) {
    const app = new URL(appUrl);
    this.replicas = urls.map((raw, i) => {
      const u = new URL(raw);
      u.username = app.username;
      u.password = app.password;
      const pool = new pg.Pool({
        ...connection,
        host: undefined,
        port: undefined,
        user: undefined,
        password: undefined,
        database: undefined,
        connectionString: u.toString(),
        max: POOL.max,
        idleTimeoutMillis: POOL.idleTimeoutMillis,
        // Waiting for a connection of the pool, as for the primary's; opening one, the driver's own
        // (short) connect timeout, so a standby that went away is noticed quickly.
        connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
        Client: QuickConnectClient as never,
      });
      // A standby going away closes idle connections: the next check sees it; nothing to do here.
      pool.on('error', () => {});
      this.pools.push(pool);
      const readPool: ReadPool = {
        acquireConnection: async () => {
          const c = await pool.connect();
          // A connection the standby ends while a request holds it fails that request's statement
          // (retried on the primary); the 'error' event it also emits must not end the process.
          if (!(QUIET in c)) c.on('error', () => {});
          (c as unknown as Record<symbol, boolean>)[QUIET] = true;
          return c;
        },
        releaseConnection: async (c) => c.release(c.__knex__disposed ? new Error(String(c.__knex__disposed)) : undefined),
        positionBindings,
        pool: {
          numFree: () => pool.idleCount,
          numUsed: () => pool.totalCount - pool.idleCount,
          numPendingAcquires: () => pool.waitingCount,
          numPendingCreates: () => 0,
          max: POOL.max,
        },
      };
      return { name: `replica${i + 1} (${redact(u.toString()).replace(/^postgres(ql)?:\/\/[^@]*@/, '')})`, readPool, replay: null, inRotation: false, reason: 'not checked yet', lagBytes: null, lagMs: null, checkedAt: null };
    });
  }

  private readonly ownerPools: pg.Pool[] = [];

  /**
   * Reads as the owner on the standbys (`ownerRead`): who the caller is (sessions, tokens) and
   * the cached versions, while the primary cannot be reached. Small pools, opened on first use.
   */
  enableOwnerReads(ownerUrl: string, urls: string[]): void {
    const owner = new URL(ownerUrl);
    for (const raw of urls) {
      const u = new URL(raw);
      u.username = owner.username;
      u.password = owner.password;
      const pool = new pg.Pool({ connectionString: u.toString(), max: 2, idleTimeoutMillis: POOL.idleTimeoutMillis, options: '-c app.municipality_ids=*', Client: QuickConnectClient as never, connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS });
      pool.on('error', () => {});
      this.ownerPools.push(pool);
    }
  }

  /** A read as the owner on a standby in rotation (`?` placeholders); fails when there is none. */
  async ownerRead(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const i = this.replicas.findIndex((r) => r.inRotation);
    const pool = this.ownerPools[i];
    if (i < 0 || !pool) throw new Error('no read replica in rotation');
    return (await pool.query(this.positionBindings(sql), params as unknown[])).rows;
  }

  /** Checks now, then every `checkMs`. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.settings.checkMs);
    this.timer.unref();
  }

  /** One health check of every standby (concurrent calls share it). */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    let primary: bigint | null = null;
    try {
      primary = await this.primaryLsn();
      this.history.push({ at: now, lsn: primary });
      const horizon = now - Math.max(60_000, this.settings.maxLagMs * 2);
      while (this.history.length > 1 && this.history[0]!.at < horizon) this.history.shift();
    } catch {
      /* the primary down: standbys are judged by reachability alone */
    }
    await Promise.all(this.replicas.map((r, i) => this.checkOne(r, this.pools[i]!, primary, now)));
  }

  private async checkOne(r: Replica, pool: pg.Pool, primary: bigint | null, now: number): Promise<void> {
    try {
      const { rows } = await withTimeout(
        pool.query<{ recovery: boolean; replay: string | null }>('select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay'),
        2_000,
      );
      const row = rows[0]!;
      r.checkedAt = new Date(now);
      if (!row.recovery) return this.out(r, 'not a standby (promoted?): reads stay on the primary');
      const replay = parseLsn(row.replay);
      if (replay === null) return this.out(r, 'has not replayed anything yet');
      r.replay = r.replay !== null && r.replay > replay ? r.replay : replay;
      r.lagBytes = primary === null ? null : Math.max(0, Number(primary - replay));
      r.lagMs = this.lagMs(replay, now);
      if (r.lagMs > this.settings.maxLagMs) return this.out(r, `lagging ${r.lagMs} ms behind the primary (bound ${this.settings.maxLagMs} ms)`);
      if (!r.inRotation) this.log('replica in rotation', { replica: r.name });
      r.inRotation = true;
      r.reason = null;
    } catch (e) {
      this.markDown(r, e);
    }
  }

  /** Milliseconds since the primary first had WAL this standby has not replayed (0: it has all). */
  private lagMs(replay: bigint, now: number): number {
    const firstAhead = this.history.find((h) => h.lsn > replay);
    return firstAhead ? now - firstAhead.at : 0;
  }

  private out(r: Replica, reason: string): void {
    if (r.inRotation || r.reason !== reason) this.log('replica out of rotation', { replica: r.name, reason });
    r.inRotation = false;
    r.reason = reason;
  }

  /** A standby failed a request: out of rotation (and its known position forgotten) until a check finds it again. */
  markDown(r: Replica, e: unknown): void {
    r.replay = null;
    r.lagBytes = null;
    r.lagMs = null;
    this.out(r, `unreachable: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }

  /**
   * A standby in rotation that has replayed `minLsn`, taking turns; when none has yet, waits up
   * to `waitMs` for one (asking them directly); null: read from the primary.
   */
  async choose(minLsn: bigint): Promise<Replica | null> {
    const live = this.replicas.filter((r) => r.inRotation);
    if (!live.length) return null;
    const ready = live.filter((r) => r.replay !== null && r.replay >= minLsn);
    if (ready.length) return ready[this.next++ % ready.length]!;
    const deadline = Date.now() + this.settings.waitMs;
    for (;;) {
      await Promise.all(live.map((r) => this.refresh(r, this.pools[this.replicas.indexOf(r)]!)));
      const caughtUp = live.filter((r) => r.inRotation && r.replay !== null && r.replay >= minLsn);
      if (caughtUp.length) return caughtUp[this.next++ % caughtUp.length]!;
      if (Date.now() + 10 > deadline) return null;
      await new Promise((ok) => setTimeout(ok, 10));
    }
  }

  /** Reads a standby's replayed position now (requests waiting at the same time share one question). */
  private refresh(r: Replica, pool: pg.Pool): Promise<void> {
    let pending = this.refreshing.get(r);
    if (!pending) {
      pending = this.ask(r, pool).finally(() => this.refreshing.delete(r));
      this.refreshing.set(r, pending);
    }
    return pending;
  }
  private readonly refreshing = new Map<Replica, Promise<void>>();

  private async ask(r: Replica, pool: pg.Pool): Promise<void> {
    try {
      const { rows } = await withTimeout(pool.query<{ replay: string | null }>('select pg_last_wal_replay_lsn()::text as replay'), 1_000);
      const replay = parseLsn(rows[0]?.replay);
      if (replay !== null && (r.replay === null || replay > r.replay)) r.replay = replay;
    } catch (e) {
      this.markDown(r, e);
    }
  }

  /** Each standby's state, for /readyz. */
  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      inRotation: r.inRotation,
      reason: r.reason,
      replayLsn: r.replay === null ? null : formatLsn(r.replay),
      lagBytes: r.lagBytes,
      lagMs: r.lagMs,
      checkedAt: r.checkedAt?.toISOString() ?? null,
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.pools, ...this.ownerPools].map((p) => p.end().catch(() => {})));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, fail) => (t = setTimeout(() => fail(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

/** DATABASE_READ_URLS: comma-separated PostgreSQL URLs; refuses anything else with the entry that is wrong. */
export function readUrlsFromEnv(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  const urls = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (urls.length > 16) throw new Error(`DATABASE_READ_URLS names ${urls.length} replicas; at most 16`);
  for (const [i, u] of urls.entries()) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new Error(`DATABASE_READ_URLS entry ${i + 1} is not a URL (postgres://host:port/database)`);
    }
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(`DATABASE_READ_URLS entry ${i + 1} must start with postgres://`);
  }
  return urls;
}
