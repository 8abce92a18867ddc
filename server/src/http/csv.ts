/**
 * Any list or aggregation as CSV, for Excel:
 *   GET  /csv                          the stored example queries (docs/queries/*.graphql)
 *   GET  /csv/<example>?variables=JSON  runs a stored example query
 *   POST /csv  {query, variables, operationName}  (Content-Type: application/json only, so a
 *              cross-site form cannot send it)
 * The result becomes a table as csv-table.ts says (Japanese headers and cells, no raw enum
 * values). UTF-8 with BOM, CRLF.
 * Queries run through the same Apollo pipeline, so the same limits apply before any SQL.
 */
import express, { type Request, type Response, type Router } from 'express';
import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { LimitExceededError, MAX_BATCH_OPERATIONS, checkRequest } from '../graphql/limits.js';
import { toCsv, type Json } from './csv-table.js';
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
  const csv = toCsv((data ?? {}) as Json, document, r.operationName, deps.schema);
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

