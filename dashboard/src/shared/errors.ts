/** A readable message for a failed request, with the server's GraphQL message where there is one. */
export function errorMessage(e: unknown): string {
  if (!e) return '';
  const err = e as { message?: string; networkError?: { result?: { errors?: { message: string }[] }; statusCode?: number } | null; graphQLErrors?: readonly { message: string }[] };
  const fromServer = err.networkError?.result?.errors?.map((x) => x.message) ?? err.graphQLErrors?.map((x) => x.message) ?? [];
  const first = fromServer.slice(0, 2).join(' / ');
  return first || err.message || String(e);
}
