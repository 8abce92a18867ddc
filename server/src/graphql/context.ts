import type { EntityManager } from '@mikro-orm/postgresql';

/** Per-request GraphQL context: a forked EntityManager (own identity map) for this request. */
export interface GraphQLContext {
  em: EntityManager;
}
