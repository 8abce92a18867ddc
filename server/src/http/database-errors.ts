/**
 * When PostgreSQL is down or too slow, the API says so at once instead of hanging: requests that
 * hit a connection failure are answered 503 with one clear message (GraphQL and plain routes),
 * and a statement cut by the statement timeout is a coded error for that request only. The pool
 * (see db/orm-config.ts) drops dead connections and acquires with a short timeout, so the server
 * recovers by itself once the database is back.
 */
import type { ErrorRequestHandler } from 'express';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { graphqlErrorAnswer } from './error-status.js';

export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
export const QUERY_TIMEOUT = 'QUERY_TIMEOUT';

export const DATABASE_UNAVAILABLE_MESSAGE = 'データベースに接続できません / the database is unavailable';
export const QUERY_TIMEOUT_MESSAGE =
  '問い合わせが制限時間内に終わりませんでした。条件を絞ってください / the request took longer than its time budget (statement timeout); narrow it down';

/**
 * The error for a request that could not start because the database is unavailable (identifying
 * the caller before the operation runs): answered 503 like the rest, not Apollo's 500 for a
 * failed context.
 */
export function databaseUnavailableError(cause: unknown): GraphQLError {
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
    originalError: cause instanceof Error ? cause : undefined,
    extensions: { code: DATABASE_UNAVAILABLE, http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) } },
  });
}

/** The body of a 503 answer. */
export const databaseUnavailableBody = () => ({ errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: DATABASE_UNAVAILABLE } }] });

// Socket-level failures, and SQLSTATE class 08 (connection exception) and 57P0x (operator intervention).
// Also what a connection attempt can only meet while connecting: the role may not log in or
// connect (28000, 28P01, "permission denied for database"), the database is gone (3D000).
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300', '28000', '28P01', '3D000']);
const CONNECTION_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|connection timeout|timeout expired|Timeout acquiring a connection|Client has encountered a connection error|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|read ECONNRESET|connect ECONNREFUSED|permission denied for database/i;

/** The chain of causes of an error (GraphQL's originalError, `cause`, aggregate errors). */
function* causes(e: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (!e || typeof e !== 'object' || depth > 6) return;
  const err = e as Record<string, unknown>;
  yield err;
  yield* causes(err.originalError, depth + 1);
  yield* causes(err.cause, depth + 1);
  if (Array.isArray(err.errors)) for (const x of err.errors) yield* causes(x, depth + 1);
}

/** True for errors that mean "the database cannot be reached right now". */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (const err of causes(e)) {
    const code = typeof err.code === 'string' ? err.code : '';
    if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
    if (err.name === 'KnexTimeoutError' || err.name === 'ConnectionException') return true;
    if (typeof err.message === 'string' && CONNECTION_MESSAGES.test(err.message)) return true;
  }
  return false;
}

/** True for a statement cancelled by statement_timeout (SQLSTATE 57014). */
export function isStatementTimeout(e: unknown): boolean {
  for (const err of causes(e)) if (err.code === '57014') return true;
  return false;
}

/**
 * Apollo plugin: an operation that failed because the database is unavailable is answered with
 * HTTP 503 and only the unavailability error (partial data would hide that nothing is fresh).
 * formatError has already given such errors the DATABASE_UNAVAILABLE code.
 */
export function databaseUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors?.some((e) => e.extensions?.code === DATABASE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
          response.body.singleResult = databaseUnavailableBody();
        },
      };
    },
  };
}

/**
 * Apollo plugin: a request whose time budget ran out fails once. The statement cancelled at the
 * deadline and every statement refused after it each fail their field; the answer is the one
 * QUERY_TIMEOUT error (partial data would look like a complete answer missing a few fields).
 */
export function queryTimeoutPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const timeout = response.body.singleResult.errors?.find((e) => e.extensions?.code === QUERY_TIMEOUT);
          if (timeout) response.body.singleResult = { data: null, errors: [timeout] };
        },
      };
    },
  };
}

/**
 * Last express error handler: database outages become 503 with the same JSON body; a GraphQL
 * error raised before a route's operation ran (a token that is no longer valid: 401) its own
 * status (server/src/http/error-status.ts); anything else is a 500 without details (never a
 * stack trace or SQL), or the error's own 4xx status.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (isDatabaseUnavailable(err)) {
      res.status(503).setHeader('Retry-After', '5').json(databaseUnavailableBody());
      return;
    }
    const answer = graphqlErrorAnswer(err);
    if (answer) {
      res.status(answer.status).json(answer.body);
      return;
    }
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: status === 413 ? 'request too large' : 'bad request', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err }, 'request failed');
    res.status(500).json({ errors: [{ message: '内部エラーが発生しました / Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
