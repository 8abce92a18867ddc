/**
 * The HTTP application: GraphQL at /graphql, health at /healthz and /readyz, and the built
 * dashboard at / (with the single-page app's routes falling back to index.html).
 */
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { securityHeaders } from './security-headers.js';

export interface AppDeps {
  orm: MikroORM;
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
  dashboardDir?: string;
  httpServer: Server;
}

export async function createApp(deps: AppDeps): Promise<{ app: Express; apollo: ApolloServer<GraphQLContext> }> {
  const { orm, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await withTimeout(orm.em.getConnection().execute('select 1'), 2000);
      res.json({ status: 'ready', database: 'ok' });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', database: 'unreachable', message: 'データベースに接続できません / the database cannot be reached' });
      logger.warn({ err: (e as Error).message }, 'readiness check failed');
    }
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema: deps.schema,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: !deps.production,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer })],
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
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
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async () => ({ em: orm.em.fork() }),
    }),
  );

  const dashboardDir = deps.dashboardDir;
  if (dashboardDir && existsSync(resolve(dashboardDir, 'index.html'))) {
    app.use(express.static(dashboardDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }));
    // Client-side routes (/indicators/…) load the app shell.
    app.get(/^\/(?!graphql|healthz|readyz|reports|graphiql|csv).*/, (_req, res) => {
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
