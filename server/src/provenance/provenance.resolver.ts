import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { ProvenanceType, SourceDocumentType } from './provenance.type.js';

@Resolver(() => ProvenanceType)
export class ProvenanceResolver {
  @FieldResolver(() => SourceDocumentType, { nullable: true, description: '出典文書 / The source document.' })
  async document(@Root() p: ProvenanceType, @Ctx() { loaders }: GraphQLContext): Promise<SourceDocumentType | null> {
    return p.documentId == null ? null : loaders.sourceDocument.load(p.documentId);
  }
}
