/** The Apollo cache the dashboard normalises its answers in (its own file so tests use the same one). */
import { InMemoryCache } from '@apollo/client/core';

/** A new cache with the dashboard's type policies. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    // Aggregation results have no ids; keep them under their parent query.
    typePolicies: {
      FiscalYear: { keyFields: ['year'] },
      RatingGroup: { keyFields: false },
      LevelCount: { keyFields: false },
      SeriesPoint: { keyFields: false },
      TransitionCell: { keyFields: false },
    },
  });
}
