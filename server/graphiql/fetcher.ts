/**
 * GraphiQL's fetcher: one JSON POST per operation to this server's /graphql (no batching, no
 * websockets), with the analyst's headers from the Headers pane.
 */
import { Kind, parse } from 'graphql';

export interface FetcherParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}
export interface FetcherOpts {
  headers?: Record<string, unknown>;
}

/**
 * The request headers: the analyst's own from the Headers pane (an Authorization token …),
 * then this fetcher's. Header names are case-insensitive, so they go through `Headers` and the
 * body's type is *set*, never appended: a pane header `Content-Type` beside our `content-type`
 * used to be merged into "application/json, application/json", which the server refuses (400).
 */
export function requestHeaders(user: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(user ?? {})) {
    if (value === undefined || value === null) continue;
    try {
      headers.set(name, String(value));
    } catch {
      throw new Error(`ヘッダー「${name}」は送れません（名前か値に使えない文字があります） / the header "${name}" cannot be sent: its name or value has characters HTTP does not allow`);
    }
  }
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/graphql-response+json, application/json;q=0.9');
  return headers;
}

/**
 * The operation name to send: GraphiQL's, when the document defines an operation of that name.
 * Switching tabs, GraphiQL can still hold the last tab's name for a moment; sent with the new
 * tab's document it names no operation and the run fails. A document of one operation runs it.
 */
export function operationNameFor(query: string, operationName: string | null | undefined): string | undefined {
  if (!operationName) return undefined;
  let names: (string | undefined)[];
  try {
    names = parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
  } catch {
    return operationName; // the server reports the syntax error
  }
  return names.includes(operationName) || names.length > 1 ? operationName : undefined;
}

/** One POST per operation (no batching, no websockets). */
export async function fetcher(params: FetcherParams, opts?: FetcherOpts): Promise<unknown> {
  const res = await fetch(new URL('../graphql', window.location.href), {
    method: 'POST',
    headers: requestHeaders(opts?.headers),
    body: JSON.stringify({ ...params, operationName: operationNameFor(params.query, params.operationName) }),
    credentials: 'same-origin',
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
  }
}

