/** The Apollo client: same-origin /graphql (the strict CSP allows nothing else). */
import { ApolloClient, HttpLink, InMemoryCache, from } from '@apollo/client/core';
import { onError } from '@apollo/client/link/error';
import { serverErrors } from './errors';

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
    cache: new InMemoryCache({
      // Aggregation results have no ids; keep them under their parent query.
      typePolicies: {
        FiscalYear: { keyFields: ['year'] },
        RatingGroup: { keyFields: false },
        LevelCount: { keyFields: false },
        SeriesPoint: { keyFields: false },
        TransitionCell: { keyFields: false },
      },
    }),
    defaultOptions: {
      // Partial data with errors: one failing root field (panel) does not blank the others.
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-first' },
      query: { errorPolicy: 'all' },
    },
  });
}
