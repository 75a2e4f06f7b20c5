import type { ColumnMapping } from './columnMapping';

export type ImportKind = 'events' | 'items' | 'users';

/** The order files are loaded in one import: users and items first, so events find them. */
export const importKindOrder: readonly ImportKind[] = ['users', 'items', 'events'];

export type FileFormat = 'csv' | 'ndjson';

/** One row that could not be imported: its file, the physical line where the record starts, why. */
export interface ImportRowError {
  file: string;
  line: number;
  reason: string;
}

export interface BatchReport {
  /** import_batches.id; null when nothing was written (the import failed or was rolled back) */
  batchId: number | null;
  kind: ImportKind;
  file: string;
  format: FileFormat;
  /** data rows read (header and blank lines not counted) */
  rowsRead: number;
  /** events added; for items and users, distinct ids created or updated */
  inserted: number;
  /** items and users: of `inserted`, ids the dataset already had (other than stubs), their fields updated */
  updated?: number;
  /** events identical to one earlier in the file or already in the dataset; repeated ids for items and users */
  duplicates: number;
  /** how the file was read, where the user may want it read otherwise (a column typed as text by a stray value) */
  notes?: string[];
  /** bad rows: skipped with skipInvalid, otherwise the reason nothing was written */
  rejected: number;
  stubsCreated: { users: number; items: number };
  /** rows whose value was missing (empty or a missing-value token), per target column */
  missing: Record<string, number>;
  /** the first MAX_REPORTED_ERRORS errors */
  errors: ImportRowError[];
  errorCount: number;
  /** where rejected rows were written (skipInvalid only) */
  rejectFile: string | null;
  /** fields the mapping does not name that were read from a column of their own name */
  readByName: { target: string; column: string }[];
  /** events files into a dataset with an active run: users whose profile update was queued */
  queuedUsers?: number;
}

export interface ImportResult {
  datasetId: number | null;
  /** false when a file could not be used or (without skipInvalid) any row was bad: nothing was written */
  ok: boolean;
  batches: BatchReport[];
  /** bad lines over all files, each counted once even when several kinds read the same file */
  badLines: number;
}

export type ProgressListener = (bytesRead: number, totalBytes: number, rows: number) => void;

export interface ImportFilesOptions {
  datasetName: string;
  events?: string;
  items?: string;
  users?: string;
  /** import the good rows and write the bad ones to a reject file, instead of writing nothing */
  skipInvalid?: boolean;
  mapping?: ColumnMapping;
  /** where an unbound column's error tells the user to map it: the CLI's --map (default) or the Import screen */
  mappingHint?: 'cli' | 'screen';
  /** reject file path: one string when a single file is imported, else one per kind */
  rejectPath?: string | Partial<Record<ImportKind, string>>;
  onProgress?: ProgressListener;
  /** recorded in import_batches.created_by */
  createdBy?: string;
  /** events merged per statement inside the import transaction (bounded memory; default 100,000) */
  chunkRows?: number;
  /** false: CSV files have no header row; their columns are #1, #2, ... (map them with user_id=#1) */
  header?: boolean;
  /** called for every chunk read; throws to stop the import, which then rolls back (a cancelled job) */
  checkpoint?: () => void;
  /**
   * threads that read an events CSV file (readEventsInThreads); default PORTRAIT_IMPORT_THREADS
   * or one per core up to 4, for files of THREADED_IMPORT_MIN_BYTES and more. 0: this thread.
   */
  threads?: number;
}
