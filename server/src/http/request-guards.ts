/**
 * Guards in front of /graphql and /csv, before Apollo, the request context or any SQL:
 * - the body: at most MAX_BODY_BYTES (an administrator's, which may carry an import's file,
 *   MAX_ADMIN_BODY_BYTES), refused by its Content-Length before it is read (413), and JSON no
 *   deeper than MAX_JSON_DEPTH, checked on its bytes before it is parsed (400);
 * - a JSON array body (a batch) is refused with a clear 400 (batching is off, MAX_BATCH_OPERATIONS);
 * - every query limit (size, tokens, depth, aliases, page sizes, cost: checkRequest in
 *   server/src/graphql/limits.ts) answers LIMIT_EXCEEDED, status 200 under application/json and
 *   400 under application/graphql-response+json (GraphQL over HTTP);
 * - a GET whose operation is not a query gets 405 with Allow: POST;
 * - a body that is not valid JSON or too large gets a JSON error rather than express's HTML
 *   page (never a stack trace).
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError, getOperationAST, type GraphQLSchema } from 'graphql';
import {
  LimitExceededError,
  MAX_ADMIN_BODY_BYTES,
  MAX_BATCH_OPERATIONS,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  MEDIA_GRAPHQL_RESPONSE,
  checkRequest,
  jsonDepth,
  preferredMediaType,
  requestErrorStatus,
} from '../graphql/limits.js';

/** A body refused for its nesting before it was parsed (body-parser passes `verify`'s error on). */
class DeepBodyError extends LimitExceededError {
  readonly status = 400;
  readonly type = 'entity.too.deep';
}
const refuseDeepJson = (_req: unknown, _res: unknown, buf: Buffer) => {
  const depth = jsonDepth(buf);
  if (depth > MAX_JSON_DEPTH) throw new DeepBodyError('jsonDepth', depth, MAX_JSON_DEPTH);
};

/**
 * The JSON body parser of /graphql and /csv: MAX_BODY_BYTES, or MAX_ADMIN_BODY_BYTES when
 * `mayImport` says the caller may import (asked only when the Content-Length is over the first:
 * nobody else's large body is read, and the check costs nothing for the others).
 */
export function jsonBody(mayImport?: (req: Request) => Promise<boolean>): RequestHandler {
  const small = express.json({ limit: MAX_BODY_BYTES, verify: refuseDeepJson });
  const large = express.json({ limit: MAX_ADMIN_BODY_BYTES, verify: refuseDeepJson });
  return (req, res, next) => {
    const length = Number(req.headers['content-length']);
    if (!mayImport || !(length > MAX_BODY_BYTES) || length > MAX_ADMIN_BODY_BYTES) return small(req, res, next);
    mayImport(req).then((ok) => (ok ? large : small)(req, res, next), next);
  };
}

function sendGraphQLErrors(res: Response, accept: string | undefined, status: number, errors: unknown[], headers: Record<string, string> = {}) {
  const type = preferredMediaType(accept) === MEDIA_GRAPHQL_RESPONSE ? 'application/graphql-response+json' : 'application/json';
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).type(`${type}; charset=utf-8`).send(JSON.stringify({ errors }));
}

/** The limits for /graphql (GET and POST), answered before Apollo. */
export function graphqlRequestGuard(schema: GraphQLSchema): RequestHandler {
  return (req, res, next) => {
    let params: { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (req.method === 'POST' && req.body && typeof req.body === 'object' && !Array.isArray(req.body)) params = req.body as typeof params;
    else if (req.method === 'GET') {
      params = { query: req.query.query, operationName: req.query.operationName };
      if (typeof req.query.variables === 'string') {
        try {
          params.variables = JSON.parse(req.query.variables);
        } catch {
          params.variables = undefined; // Apollo reports the malformed parameter
        }
      }
    }
    if (req.method === 'POST' && Array.isArray(req.body)) return refuseBatchedRequests(req, res, next);
    if (!params || typeof params.query !== 'string') return next(); // Apollo reports missing or malformed parameters
    const accept = req.headers.accept;
    const variables = params.variables && typeof params.variables === 'object' && !Array.isArray(params.variables) ? (params.variables as Record<string, unknown>) : undefined;
    const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
    try {
      const doc = checkRequest(schema, { query: params.query, variables, operationName });
      const op = doc && getOperationAST(doc, operationName);
      if (req.method === 'GET' && op && op.operation !== 'query') {
        return sendGraphQLErrors(
          res,
          accept,
          405,
          [
            {
              message: `GET では照会（query）のみ実行できます。${op.operation} は POST で送ってください / GET requests only run queries: send ${op.operation} operations with POST`,
              extensions: { code: 'METHOD_NOT_ALLOWED' },
            },
          ],
          { Allow: 'POST' },
        );
      }
    } catch (e) {
      if (e instanceof GraphQLError || e instanceof LimitExceededError) {
        return sendGraphQLErrors(res, accept, requestErrorStatus(accept), [{ message: e.message, extensions: e.extensions }]);
      }
      return next(e);
    }
    next();
  };
}

export const refuseBatchedRequests: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && Array.isArray(req.body) && req.body.length > MAX_BATCH_OPERATIONS) {
    const e = new LimitExceededError('batch', req.body.length, MAX_BATCH_OPERATIONS);
    res.status(400).json({ errors: [{ message: e.message, extensions: { code: 'LIMIT_EXCEEDED', limit: 'batch', value: req.body.length, max: MAX_BATCH_OPERATIONS } }] });
    return;
  }
  if (req.method === 'POST' && Array.isArray(req.body)) {
    // A one-element array is still a batch; Apollo would refuse it too, less clearly.
    res.status(400).json({
      errors: [{ message: '一括リクエスト（配列）は受け付けません。操作を1つ、オブジェクトで送ってください / batched requests (JSON arrays) are not accepted: send one operation as an object', extensions: { code: 'LIMIT_EXCEEDED', limit: 'batch', value: req.body.length, max: MAX_BATCH_OPERATIONS } }],
    });
    return;
  }
  next();
};

/** body-parser failures (bad JSON 400, too deep 400, too large 413 with the limit and the size, bad charset 415) as JSON. */
export const bodyErrorHandler: ErrorRequestHandler = (
  err: { status?: number; statusCode?: number; type?: string; expose?: boolean; limit?: number; length?: number; expected?: number; received?: number },
  _req,
  res,
  next,
) => {
  const status = err.status ?? err.statusCode;
  if (!status || status < 400 || status >= 500 || !err.type) return next(err);
  if (err instanceof DeepBodyError) return void res.status(400).json({ errors: [{ message: err.message, extensions: err.extensions }] });
  if (err.type === 'entity.too.large') {
    // The declared length, or (a body without one) what had arrived when the limit was passed.
    const size = Number(err.length ?? err.expected ?? err.received);
    const e = new LimitExceededError('bodyBytes', size, Number(err.limit));
    return void res.status(413).json({ errors: [{ message: e.message, extensions: e.extensions }] });
  }
  const message =
    err.type === 'entity.parse.failed'
      ? 'リクエストの本文が JSON として読めません / the request body is not valid JSON'
      : 'リクエストの本文を読めません / the request body cannot be read';
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
};
