/** The Apollo client: same-origin /graphql (the strict CSP allows nothing else). */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';

export function createApolloClient(): ApolloClient<unknown> {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
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
