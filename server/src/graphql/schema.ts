/** Builds the GraphQL schema from the resolvers of every domain slice. */
import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { MunicipalityResolver } from '../municipality/municipality.resolver.js';

export const RESOLVERS = [MunicipalityResolver] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false, emitSchemaFile: false });
}
