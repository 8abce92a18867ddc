import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { GraphQLError } from 'graphql';
import { FilterError } from '../graphql/errors.js';
import { MAX_SOURCE_LINES } from '../graphql/limits.js';
import { parseId } from '../graphql/pagination.js';
import { ProvenanceType, SourceDocumentType, SourceLineType } from './provenance.type.js';
import { servedLines } from './source-files.js';
import { pageOfLine } from './pages.js';

@Resolver(() => ProvenanceType)
export class ProvenanceResolver {
  @FieldResolver(() => SourceDocumentType, { nullable: true, description: '出典文書 / The source document.' })
  async document(@Root() p: ProvenanceType, @Ctx() { loaders }: GraphQLContext): Promise<SourceDocumentType | null> {
    return p.documentId == null ? null : loaders.sourceDocument.load(p.documentId);
  }
}

/**
 * The text of a source document, served from the repository (data/sources) for the source
 * viewer. The document row is read in the caller's transaction, so row-level security decides
 * who may read it: a viewer of another city gets no document, hence no text.
 */
@Resolver(() => SourceDocumentType)
export class SourceDocumentResolver {
  @Query(() => SourceDocumentType, { nullable: true, description: 'IDで出典文書を1件（見られない自治体のものは null） / One source document by id; null where it does not exist or belongs to a city the caller cannot see.' })
  async sourceDocument(@Arg('id', () => ID, { description: '文書ID / Document id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<SourceDocumentType | null> {
    return loaders.sourceDocument.load(parseId(id));
  }

  @FieldResolver(() => Int, { nullable: true, description: '本文の行数（サーバーに本文がなければ null） / Number of lines of the text; null where the server has no text for it.' })
  lineCount(@Root() d: SourceDocumentType): number | null {
    return d.generated ? null : (servedLines(d.file)?.length ?? null);
  }

  @FieldResolver(() => [SourceLineType], {
    description: `本文の行 from〜to（1始まり、両端を含む、一度に${MAX_SOURCE_LINES}行まで） / Lines from..to of the text (1-based, inclusive, at most ${MAX_SOURCE_LINES} at a time).`,
  })
  lines(
    @Root() d: SourceDocumentType,
    @Arg('from', () => Int, { description: '最初の行（1以上） / First line (1 or more).' }) from: number,
    @Arg('to', () => Int, { description: '最後の行（from 以上、行数以下） / Last line (from or more, at most the number of lines).' }) to: number,
  ): SourceLineType[] {
    const text = d.generated ? null : servedLines(d.file);
    if (!text)
      throw new GraphQLError(`文書「${d.title}」の本文はサーバーにありません / the server has no text for document ${d.id}`, { extensions: { code: 'NOT_FOUND' } });
    if (from < 1) throw new FilterError('from', `1以上にしてください（${from}） / must be 1 or more (got ${from})`);
    if (to < from) throw new FilterError('to', `from（${from}）以上にしてください（${to}） / must not be before from (${from}; got ${to})`);
    if (to - from + 1 > MAX_SOURCE_LINES)
      throw new FilterError('to', `一度に読めるのは${MAX_SOURCE_LINES}行までです（${to - from + 1}行） / at most ${MAX_SOURCE_LINES} lines at a time (asked for ${to - from + 1})`);
    if (to > text.length) throw new FilterError(from > text.length ? 'from' : 'to', `文書は${text.length}行です（${from}〜${to}行目） / the document has ${text.length} lines (asked for ${from}-${to})`);
    const out: SourceLineType[] = [];
    for (let n = from; n <= to; n++) out.push(Object.assign(new SourceLineType(), { number: n, text: text[n - 1]!, page: pageOfLine(d.pages, n) }));
    return out;
  }
}
