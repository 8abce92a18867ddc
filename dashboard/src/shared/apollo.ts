/** The Apollo client: same-origin /graphql (the strict CSP allows nothing else). */
import { ApolloClient, HttpLink, from } from '@apollo/client/core';
import { onError } from '@apollo/client/link/error';
import { serverErrors } from './errors';
import { createCache } from './apollo-cache';

export interface ApolloOptions {
  /** Called when the server answers UNAUTHENTICATED (signing in is needed), with the operation's name. */
  onUnauthenticated?: (operationName: string) => void;
}

export function createApolloClient(options: ApolloOptions = {}): ApolloClient<unknown> {
  // UNAUTHENTICATED comes in a 200 answer (a field) or a 401 one (the whole request).
  const unauthenticated = onError(({ graphQLErrors, networkError, operation }) => {
    const codes = [...(graphQLErrors ?? []).map((g) => g.extensions?.code), ...serverErrors({ networkError }).map((g) => g.code)];
    if (codes.includes('UNAUTHENTICATED')) options.onUnauthenticated?.(operation.operationName);
  });
  return new ApolloClient({
    link: from([unauthenticated, new HttpLink({ uri: '/graphql', credentials: 'same-origin' })]),
    cache: createCache(),
    defaultOptions: {
      // Partial data with errors: one failing root field (panel) does not blank the others.
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-first' },
      query: { errorPolicy: 'all' },
    },
  });
}
