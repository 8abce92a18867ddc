/** A readable message for a failed request, with the server's GraphQL message where there is one. */
export function errorMessage(e: unknown): string {
  if (!e) return '';
  const err = e as { message?: string; networkError?: { result?: { errors?: { message: string }[] }; statusCode?: number } | null; graphQLErrors?: readonly { message: string }[] };
  const fromServer = err.networkError?.result?.errors?.map((x) => x.message) ?? err.graphQLErrors?.map((x) => x.message) ?? [];
  const first = fromServer.slice(0, 2).join(' / ');
  return first || err.message || String(e);
}

export interface ServerError {
  message: string;
  code?: string;
  field?: string;
  retryAfter?: number;
}

/**
 * The server's GraphQL errors of a failed request, with their codes (UNAUTHENTICATED, FORBIDDEN,
 * CONFLICT, BAD_USER_INPUT, RATE_LIMITED…), whether they came in a 200 answer or a 401/429 one.
 */
export function serverErrors(e: unknown): ServerError[] {
  if (!e) return [];
  type Raw = { message: string; extensions?: Record<string, unknown> };
  const err = e as { graphQLErrors?: readonly Raw[]; networkError?: { result?: { errors?: Raw[] } } | null };
  const raw: readonly Raw[] = err.graphQLErrors?.length ? err.graphQLErrors : (err.networkError?.result?.errors ?? []);
  return raw.map((x) => ({
    message: x.message,
    code: typeof x.extensions?.code === 'string' ? x.extensions.code : undefined,
    field: typeof x.extensions?.field === 'string' ? x.extensions.field : undefined,
    retryAfter: typeof x.extensions?.retryAfter === 'number' ? x.extensions.retryAfter : undefined,
  }));
}

/** The server's message in the current language: its messages read "日本語 / English". */
export function localMessage(message: string, locale: string): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return locale === 'en' ? message.slice(i + 3) : message.slice(0, i);
}

/** A failed request's first server message in the current language, else the request's own message. */
export function localErrorMessage(e: unknown, locale: string): string {
  const first = serverErrors(e)[0];
  return first ? localMessage(first.message, locale) : errorMessage(e);
}
