/** Result types of the source viewer's operations. */
import type { Provenance } from '../../../shared/graphql/types';
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

interface Sourced {
  id: string;
  fiscalYear: { year: number };
  kind: string;
  text: string;
  provenance: Provenance | null;
}
export interface GetEvaluationSourceResult {
  evaluation: { id: string; provenance: Provenance | null } | null;
}
export interface GetIndicatorValueSourcesResult {
  indicator: { id: string; values: Sourced[] } | null;
}
export interface GetProjectAmountSourcesResult {
  project: { id: string; amounts: Sourced[] } | null;
}
