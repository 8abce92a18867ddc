/**
 * Where a request's reads run. A query's read transaction goes to a read replica in rotation
 * (db/replicas.ts) that has replayed both the caller's last write (caller-lsn.ts) and the latest
 * change of the cached versions (cache.ts: an answer is never older than the versions it is
 * cached under); if none has within the wait, to the primary. A query whose replica fails under
 * it (stopped, restarted, a conflict with recovery) runs again on the primary: a query changes
 * nothing, so running it twice is safe. Mutations stay on the primary; after one commits, the
 * caller is given the primary's WAL position and the other processes are told to read the
 * versions again (NOTIFY; they also check every VERSION_TTL_MS).
 */
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLContext } from './context.js';
import { closeReadTransaction, createLoaders, openReadTransaction } from './loaders.js';
import { dataChanged, versionsChangedLsn } from './cache.js';
import { LSN_HEADER, callerLsn } from './caller-lsn.js';
import { type Replica, type ReplicaSet, type ReplicaStatus } from '../db/replicas.js';
import { isDatabaseUnavailable } from '../http/database-errors.js';

/** The channel every API process listens on; the payload is the committing process's id. */
export const VERSIONS_CHANNEL = 'seisaku_versions';
/** Response header naming where a query's data was read (`primary`, or a replica's name). */
export const READ_FROM_HEADER = 'x-read-from';

interface Route {
  replica: Replica | null;
  settings: Record<string, string>;
}
const routes = new WeakMap<GraphQLContext, Route>();

/** A failure of the standby itself rather than of the query: worth running the query again elsewhere. */
function lostReplica(e: unknown): boolean {
  return isDatabaseUnavailable(e) || /conflict with recovery/i.test(String((e as Error)?.message ?? ''));
}

export class ReadRouter {
  constructor(readonly replicas: ReplicaSet | null) {}

  /** Opens a query's read transaction on a replica when one is fit, else on the primary. */
  async open(ctx: GraphQLContext, settings: Record<string, string>): Promise<void> {
    const caller = callerLsn(ctx);
    const changed = versionsChangedLsn();
    const minLsn = caller > changed ? caller : changed;
    ctx.readAt = minLsn;
    const replica = this.replicas ? await this.replicas.choose(minLsn) : null;
    if (replica) {
      try {
        await openReadTransaction(ctx.em, settings, ctx.budget, replica.readPool);
        this.routed(ctx, { replica, settings });
        return;
      } catch (e) {
        // The standby gone: out of rotation. Busy (no connection within the wait) or anything
        // else: this query reads from the primary, which is always right.
        if (lostReplica(e)) this.replicas!.markDown(replica, e);
      }
    }
    await openReadTransaction(ctx.em, settings, ctx.budget);
    this.routed(ctx, { replica: null, settings });
  }

  private routed(ctx: GraphQLContext, route: Route): void {
    routes.set(ctx, route);
    if (this.replicas) ctx.http?.res.setHeader(READ_FROM_HEADER, route.replica ? route.replica.name.split(' ')[0]! : 'primary');
  }

  /**
   * After a mutation committed: the caller gets the primary's WAL position (its next reads see
   * the write through any process or replica), and every process reads the versions again.
   */
  async committed(ctx: GraphQLContext): Promise<void> {
    try {
      const lsn = ctx.auth ? await ctx.auth.recordWrite(ctx.http?.req.headers.cookie, VERSIONS_CHANNEL) : null;
      if (lsn && ctx.http) ctx.http.res.setHeader(LSN_HEADER, lsn);
    } catch {
      // Committed already; without the position the caller's next read may come from a
      // replica that has not replayed it yet (bounded by REPLICA_MAX_LAG_MS).
    }
  }

  /** The gateway with its executor running a query again on the primary when its replica failed under it. */
  withRetry(gateway: GatewayInterface): GatewayInterface {
    if (!this.replicas) return gateway;
    const replicas = this.replicas;
    return {
      ...gateway,
      load: async (options) => {
        const loaded = await gateway.load(options);
        const executor = loaded.executor;
        if (!executor) return loaded;
        return {
          ...loaded,
          executor: async (rc) => {
            const result = await executor(rc);
            const ctx = rc.context as GraphQLContext;
            const route = routes.get(ctx);
            const failure = result.errors?.find((e) => lostReplica(e));
            if (!route?.replica || !failure) return result;
            replicas.markDown(route.replica, failure.originalError ?? failure);
            await closeReadTransaction(ctx.em, false);
            // A fresh EntityManager and loaders: the old ones belong to the closed transaction.
            ctx.em = (ctx.em as EntityManager).fork();
            ctx.loaders = createLoaders(ctx.em);
            await openReadTransaction(ctx.em, route.settings, ctx.budget);
            this.routed(ctx, { replica: null, settings: route.settings });
            return executor(rc);
          },
        };
      },
    };
  }

  /** Each replica's state (/readyz). */
  status(): ReplicaStatus[] {
    return this.replicas?.status() ?? [];
  }

  async close(): Promise<void> {
    await this.replicas?.close();
  }
}

/**
 * LISTENs for other processes' commits (`committed`) and drops this process's cached versions
 * at once; reconnects after a failure. Returns a function that stops listening.
 */
export async function listenForVersionChanges(url: string, log: (msg: string) => void = () => {}): Promise<() => Promise<void>> {
  const { default: pg } = await import('pg');
  let client: InstanceType<typeof pg.Client> | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000, keepAlive: true });
    c.on('notification', (n) => {
      if (n.payload !== String(process.pid)) dataChanged();
    });
    c.on('error', () => {
      again(c);
    });
    c.on('end', () => again(c));
    try {
      await c.connect();
      await c.query(`listen ${VERSIONS_CHANNEL}`);
      client = c;
      // Missed notifications while away: read the versions again.
      dataChanged();
    } catch {
      again(c);
    }
  };
  const again = (c: InstanceType<typeof pg.Client>) => {
    if (client === c) client = null;
    void c.end().catch(() => {});
    if (stopped || retry) return;
    log('version notifications lost; reconnecting');
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1_000);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
