import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * A row as `em.getConnection().execute` returns it: snake_case columns whose types the SQL
 * fixes. The DTOs' `fromRow` mappers are the one place that reads them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;

/** A row of a table that extends `Imported` (snake_case columns as SQL returns them). */
export interface ImportedRow {
  source_document_id?: number | null;
  source_line?: number | null;
  source_line_end?: number | null;
  source_page?: number | null;
  source_note?: string | null;
  uncertain?: boolean | null;
}

@ObjectType('DocumentPage', { description: '文書のページの始まり / Where a page of a source document begins.' })
export class DocumentPageType {
  @Field(() => Int, { description: 'ページが始まる行（1始まり） / First line of the page (1-based).' })
  line!: number;

  @Field(() => Int, { description: 'ページ番号 / Page number.' })
  number!: number;

  @Field(() => Boolean, { description: '文書に印字された番号なら true（false は最初のページから数えた番号） / True where the document prints the number; false where it is counted from the first page.' })
  printed!: boolean;
}

@ObjectType('SourceLine', { description: '出典文書の本文の1行 / One line of a source document’s text.' })
export class SourceLineType {
  @Field(() => Int, { description: '行番号（1始まり） / Line number (1-based).' })
  number!: number;

  @Field(() => String, { description: '本文（文字列のまま） / The text of the line, as extracted.' })
  text!: string;

  @Field(() => Int, { nullable: true, description: 'この行のページ / The page the line is on.' })
  page?: number | null;
}

@ObjectType('SourceDocument', { description: '出典文書（PDF・ワークブック） / A source document (PDF, workbook) that imported records point back to.' })
export class SourceDocumentType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: '文書のキー / Document key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '表題 / Title.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'ファイル名 / File name of the source.' })
  file?: string | null;

  @Field(() => String, { nullable: true, description: '公開URL / Where the city publishes it.' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: '発行日（YYYY-MM-DD） / Issue date (YYYY-MM-DD).' })
  issuedOn?: string | null;

  @Field(() => Boolean, { description: '生成データなら true / True for generated (fictional) data.' })
  generated!: boolean;

  @Field(() => [DocumentPageType], { description: 'ページの始まり（行の順。不明なら空） / Where each page begins, by line; empty where unknown.' })
  pages!: DocumentPageType[];

  /** Internal: the municipality's id. */
  municipalityId!: number;

  static fromRow(r: SqlRow): SourceDocumentType {
    return Object.assign(new SourceDocumentType(), {
      id: String(r.id),
      key: r.key,
      title: r.title,
      file: r.file ?? null,
      url: r.url ?? null,
      issuedOn: r.issued_on == null ? null : dateText(r.issued_on),
      generated: Boolean(r.generated),
      pages: ((typeof r.pages === 'string' ? JSON.parse(r.pages) : r.pages) ?? []).map((p: DocumentPageType) => Object.assign(new DocumentPageType(), p)),
      municipalityId: r.municipality_id,
    });
  }
}

@ObjectType('Provenance', { description: '出典（文書と行） / Where a record came from: the document and its lines.' })
export class ProvenanceType {
  @Field(() => SourceDocumentType, { nullable: true, description: '出典文書 / The source document.' })
  document?: SourceDocumentType | null;

  @Field(() => Int, { nullable: true, description: '本文の行（1始まり） / Line of the source text (1-based).' })
  line?: number | null;

  @Field(() => Int, { nullable: true, description: '終わりの行 / Last line.' })
  lineEnd?: number | null;

  @Field(() => Int, { nullable: true, description: 'ページ（文書が印字する番号、または最初のページから数えた番号） / Page: as the document prints it, or counted from its first page.' })
  page?: number | null;

  @Field(() => String, { nullable: true, description: '注記 / Note.' })
  note?: string | null;

  @Field(() => Boolean, { description: '出典で確定できない記録なら true（理由は note） / True where the document does not settle the record (see note).' })
  uncertain!: boolean;

  /** Internal: the source document's id, loaded by the provenance resolver. */
  documentId!: number | null;

  /** The provenance of an imported row. */
  static fromRow(r: ImportedRow): ProvenanceType {
    return Object.assign(new ProvenanceType(), {
      documentId: r.source_document_id ?? null,
      line: r.source_line ?? null,
      lineEnd: r.source_line_end ?? null,
      page: r.source_page ?? null,
      note: r.source_note ?? null,
      uncertain: Boolean(r.uncertain),
    });
  }
}

/** A `date` column as YYYY-MM-DD (the driver returns text; a Date is formatted). */
export function dateText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}
