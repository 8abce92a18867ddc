/** Hand-written result types of the import operations. */
export type ImportJobState = 'READING' | 'INVALID' | 'READY' | 'WRITING' | 'DONE' | 'FAILED' | 'CANCELLED' | 'STALE';

export interface ImportProblem {
  file: string | null;
  path: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  ja: string;
  en: string;
}

export interface ImportPreviewRecord {
  id: string;
  table: string;
  label: string;
  changes?: { field: string; before: string; after: string }[];
}

export interface ImportPreviewTable {
  id: string;
  table: string;
  added: number;
  changed: number;
  unchanged: number;
  missing: number;
}

export interface ImportJob {
  id: string;
  state: ImportJobState;
  fileName: string;
  format: string;
  municipalityName: string | null;
  removed: number;
  removeMissing: boolean;
  progress: { table: string; done: number; total: number } | null;
  problems: ImportProblem[];
  preview: {
    id: string;
    listLimit: number;
    tables: ImportPreviewTable[];
    added: ImportPreviewRecord[];
    changed: ImportPreviewRecord[];
    unchanged: ImportPreviewRecord[];
    missing: ImportPreviewRecord[];
  } | null;
  written: { table: string; added: number; changed: number; unchanged: number }[] | null;
}

export interface GetImportJobResult {
  importJob: ImportJob;
}
export interface StartImportResult {
  startImport: { id: string; state: ImportJobState };
}
export interface PreviewImportAgainResult {
  previewImportAgain: { id: string; state: ImportJobState };
}
