/**
 * The HTTP status of an answer made of GraphQL errors, for the routes that answer outside
 * GraphQL's own rules (CSV, reports, express's last error handler): one table from error code to
 * status, so every route says 401, 403, 400, 404, 429 or 503 for the same cause, and 500 only for
 * an error we did not expect.
 */
import { GraphQLError } from 'graphql';

export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  LIMIT_EXCEEDED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  QUERY_TIMEOUT: 503,
};

type ErrorLike = { extensions?: Record<string, unknown> | null };

/** The status for a list of errors: the first one whose code (or `extensions.http.status`) says it; otherwise 500. */
export function statusOfErrors(errors: readonly ErrorLike[]): number {
  for (const e of errors) {
    const http = e.extensions?.http as { status?: number } | undefined;
    if (typeof http?.status === 'number' && http.status >= 400) return http.status;
    const status = STATUS_OF_CODE[String(e.extensions?.code)];
    if (status) return status;
  }
  return 500;
}

/** A GraphQL error thrown outside execution (identifying the caller, checking a request) as the JSON body and status of an answer; undefined for anything else. */
export function graphqlErrorAnswer(e: unknown): { status: number; body: { errors: { message: string; extensions: Record<string, unknown> }[] } } | undefined {
  if (!(e instanceof GraphQLError)) return undefined;
  const status = statusOfErrors([e]);
  if (status >= 500 && status !== 503) return undefined;
  const { http: _http, ...extensions } = e.extensions ?? {};
  return { status, body: { errors: [{ message: e.message, extensions }] } };
}
