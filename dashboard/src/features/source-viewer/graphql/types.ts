/** Result types of the source viewer's operations. */
export interface DocumentPage {
  line: number;
  number: number;
  printed: boolean;
}

export interface GetSourceDocumentResult {
  sourceDocument: {
    id: string;
    title: string;
    generated: boolean;
    lineCount: number | null;
    pages: DocumentPage[];
  } | null;
}

export interface SourceLine {
  number: number;
  text: string;
  page: number | null;
}

export interface GetSourceLinesResult {
  sourceDocument: { id: string; lines: SourceLine[] } | null;
}
