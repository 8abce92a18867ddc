/**
 * The HTTP application: GraphQL at /graphql, health at /healthz and /readyz, and the built
 * dashboard at / (with the single-page app's routes falling back to index.html).
 */
import express, { type Express } from 'express';
import compression from 'compression';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { compiledGateway } from '../graphql/executor.js';
import { AuthService } from '../auth/auth.service.js';
import { requestContext, requestScopePlugin } from '../auth/request-scope.js';
import { securityHeaders } from './security-headers.js';
import { compressAnswers } from './compress-answer.js';
import { DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE, QUERY_TIMEOUT, QUERY_TIMEOUT_MESSAGE, databaseUnavailablePlugin, errorHandler, isDatabaseUnavailable, isStatementTimeout, queryTimeoutPlugin } from './database-errors.js';
import { REQUEST_BUDGET_MS, MAX_TOKENS, queryLimitsPlugin } from '../graphql/limits.js';
import { ByteLru, cacheBytesFromEnv, readVersionsOnStandby, responseCacheMiddleware, responseCachePlugin, takeStashedContext } from '../graphql/cache.js';
import { ROOT_DIR } from '../config.js';
import { csvRouter } from './csv.js';
import { reportsRouter } from './reports.js';
import { graphiqlRouter } from './graphiql.js';
import { bodyErrorHandler, graphqlRequestGuard, jsonBody } from './request-guards.js';
import { roleOf } from '../auth/principal.js';
import { ReadRouter } from '../graphql/read-routing.js';
import type { ReplicaSet } from '../db/replicas.js';
import { mayAdminister } from '../auth/roles.js';
import type { OidcSettings } from '../auth/oidc/oidc-settings.js';
import { OidcSignIn } from '../auth/oidc/oidc-sign-in.js';
import { oidcRouter } from '../auth/oidc/oidc-routes.js';

export interface AppDeps {
  /** The owner's ORM (health checks, imports, accounts). */
  orm: MikroORM;
  /** The API's role for requests (row-level security applies); defaults to `orm` (tests). */
  appOrm?: MikroORM;
  /** PUBLIC_MODE: anonymous requests read published data only. */
  publicMode?: boolean;
  /** The time budget of a request (REQUEST_BUDGET_MS): all its statements together. */
  requestBudgetMs?: number;
  /** The time budget of an administrator's import (IMPORT_BUDGET_MS). */
  importBudgetMs?: number;
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
  dashboardDir?: string;
  httpServer: Server;
  /** Bearer token that grants administration (imports) until accounts exist; unset = none. */
  adminToken?: string;
  /** A reviewer may not return what it wrote or submitted (config FOUR_EYES_RETURN; default on). */
  fourEyesOnReturn?: boolean;
  /** Sign-in with the city's identity provider (auth/oidc/); unset: none. */
  oidc?: OidcSettings;
  /** LOCAL_PASSWORDS (default on). */
  localPasswords?: boolean;
  /** Read replicas for queries (DATABASE_READ_URLS; db/replicas.ts). */
  replicas?: ReplicaSet | null;
}

/** Constant-time comparison of a bearer token with the configured one. */
export function isAdmin(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice(7));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function createApp(deps: AppDeps): Promise<{ app: Express; apollo: ApolloServer<GraphQLContext> }> {
  const { orm, logger } = deps;
  const replicas = deps.replicas ?? null;
  // While the primary cannot be reached, who the caller is and the cached versions are read on a standby.
  const auth = new AuthService(orm, {
    adminToken: deps.adminToken,
    publicMode: deps.publicMode ?? false,
    localPasswords: deps.localPasswords ?? true,
    sso: deps.oidc ? { label: deps.oidc.buttonLabel } : undefined,
    readFallback: replicas ? (sql, params) => replicas.ownerRead(sql, params) : undefined,
  });
  readVersionsOnStandby(replicas ? (sql) => replicas.ownerRead(sql, []) : null);
  const contextDeps = { appEm: (deps.appOrm ?? orm).em, ownerEm: orm.em, auth, cycle: { fourEyesOnReturn: deps.fourEyesOnReturn ?? true } };
  // Queries to a replica when one is fit, writes' positions handed to their callers (read-routing.ts).
  const reads = new ReadRouter(deps.replicas ?? null);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  // City networks (LGWAN) are often slow: gzip the dashboard's files and the API's JSON.
  app.use(compression());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready when both pools serve a statement within 2 s: the owner's (accounts, imports) and the
  // API's (every request; a role that cannot connect or a pool that cannot hand out a connection
  // is red here, not only a database that is down).
  app.get('/readyz', async (_req, res) => {
    try {
      const pools = deps.appOrm && deps.appOrm !== orm ? [orm, deps.appOrm] : [orm];
      await Promise.all(pools.map((o) => withTimeout(o.em.getConnection().execute('select 1'), 2000)));
      // Each replica as last checked: one out of rotation leaves the API ready (its reads go to the primary).
      res.json({ status: 'ready', database: 'ok', ...(deps.replicas ? { replicas: reads.status() } : {}) });
    } catch (e) {
      // The primary unreachable but a replica in rotation: reads go on (writes answer 503).
      if (reads.status().some((r) => r.inRotation)) {
        res.json({ status: 'ready', database: 'read-only', message: 'データベースの更新ができません（参照のみ） / the primary cannot be reached: reads only', replicas: reads.status() });
        logger.warn({ err: (e as Error).message }, 'primary unreachable: serving reads from replicas');
        return;
      }
      res.status(503).json({
        status: 'unavailable',
        database: 'unreachable',
        message: 'データベースに接続できません / the database cannot be reached',
        ...(deps.replicas ? { replicas: reads.status() } : {}),
      });
      logger.warn({ err: (e as Error).message }, 'readiness check failed');
    }
  });

  // One response cache for the middleware (answers hits before Apollo: no transaction, no
  // execution, the stored JSON sent as is) and the plugin (stores answers, serves the rest).
  const responseCache = new ByteLru(cacheBytesFromEnv());
  const apollo = new ApolloServer<GraphQLContext>({
    // Our schema, executed by compiled queries (server/src/graphql/executor.ts).
    // A query whose replica failed under it runs again on the primary (read-routing.ts).
    gateway: reads.withRetry(compiledGateway(deps.schema)),
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: !deps.production,
    // Limits (server/src/graphql/limits.ts): tokens while parsing, the rest before execution.
    parseOptions: { maxTokens: MAX_TOKENS },
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints (answers are per caller; the response cache is ours): without this
      // default plugin Apollo does not wrap every field's resolver, a third of a large answer's time.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer }),
      queryLimitsPlugin<GraphQLContext>(),
      // Database down: 503 at once with one clear message (server/src/http/database-errors.ts).
      databaseUnavailablePlugin(),
      // The request's time budget spent: one QUERY_TIMEOUT error, not one per field (graphql/budget.ts).
      queryTimeoutPlugin(),
      // One transaction per operation with the caller's cities set (row-level security).
      requestScopePlugin(deps.requestBudgetMs ?? REQUEST_BUDGET_MS, deps.importBudgetMs, reads),
      // Whole answers by query, variables, caller scope and the cities' data versions (server/src/graphql/cache.ts).
      responseCachePlugin<GraphQLContext>({ cache: responseCache, keyEm: contextDeps.ownerEm }),
    ],
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (isDatabaseUnavailable(original)) return { message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: DATABASE_UNAVAILABLE } };
      if (isStatementTimeout(original)) return { message: QUERY_TIMEOUT_MESSAGE, extensions: { code: QUERY_TIMEOUT } };
      // Errors we raise on purpose carry a code; anything else is internal and never shows SQL.
      if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      logger.error({ err: original }, 'resolver failed');
      return deps.production
        ? { message: '内部エラーが発生しました / Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
        : formatted;
    },
  });
  await apollo.start();
  app.use(
    '/graphql',
    // Answers gzipped in one call (small ones on the spot), not through a zlib stream each.
    compressAnswers(),
    // Bounded before it is read (only an administrator's may carry an import's file) and parsed.
    jsonBody(async (req) => {
      const p = await auth.identify({ cookie: req.headers.cookie, authorization: req.headers.authorization });
      return mayAdminister(roleOf(p));
    }),
    // Batches and every query limit, answered before the context or any SQL.
    graphqlRequestGuard(deps.schema),
    // Cached answers, after the guards (everything it answers passed them); misses go on with their context.
    responseCacheMiddleware<GraphQLContext>({ cache: responseCache, keyEm: contextDeps.ownerEm, context: (req, res) => requestContext(contextDeps, req, res, { settle: true }) }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => takeStashedContext<GraphQLContext>(req) ?? requestContext(contextDeps, req, res),
    }),
  );

  // CSV of any query (stored examples in docs/queries); its context must match /graphql's.
  // …the same caller, so the same cities (row-level security).
  app.use('/csv', csvRouter({ apollo, schema: deps.schema, context: (req, res) => requestContext(contextDeps, req, res), queriesDir: resolve(ROOT_DIR, 'docs/queries') }));
  // The annual report as .xlsx / .pdf (server/src/http/reports.ts), answered as /graphql would answer the caller.
  app.use('/reports', reportsRouter({ apollo, schema: deps.schema, context: (req, res) => requestContext(contextDeps, req, res), dashboardDir: deps.dashboardDir, logger }));
  app.use('/graphiql', graphiqlRouter());
  if (deps.oidc) app.use('/auth/oidc', oidcRouter({ oidc: new OidcSignIn(deps.oidc, orm), auth, redirectUri: deps.oidc.redirectUri, logger }));
  app.use(bodyErrorHandler);

  const dashboardDir = deps.dashboardDir;
  if (dashboardDir && existsSync(resolve(dashboardDir, 'index.html'))) {
    app.use(express.static(dashboardDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }));
    // Client-side routes (/indicators/…) load the app shell.
    app.get(/^\/(?!graphql|healthz|readyz|reports|graphiql|csv|auth\/oidc).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(resolve(dashboardDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('ダッシュボードがビルドされていません。`npm run build` を実行してください / The dashboard is not built: run `npm run build`.');
    });
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(logger));
  return { app, apollo };
}

function noCacheForHtml(res: express.Response, path: string) {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
