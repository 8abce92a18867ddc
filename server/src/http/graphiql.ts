/**
 * The analysts' GraphQL IDE at /graphiql: GraphiQL built by `npm run build -w server` into
 * server/dist/graphiql (nothing loads from a CDN). Served under the same self-only CSP as the
 * rest of the server; GraphiQL needs no inline script, eval or worker.
 */
import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from '../config.js';

export const GRAPHIQL_DIR = resolve(ROOT_DIR, 'server/dist/graphiql');

export function graphiqlRouter(dir = GRAPHIQL_DIR): Router {
  const router = express.Router();
  if (!existsSync(resolve(dir, 'index.html'))) {
    router.use((_req, res) => {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('GraphiQL がビルドされていません。`npm run build` を実行してください / GraphiQL is not built: run `npm run build`.');
    });
    return router;
  }
  router.use(
    express.static(dir, {
      index: 'index.html',
      // Hashed assets never change; the page itself is revalidated.
      setHeaders: (res, path) => res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    }),
  );
  return router;
}
