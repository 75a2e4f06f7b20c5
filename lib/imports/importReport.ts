import path from 'node:path';
import type { ImportKind, ImportResult, ImportRowError } from '@/lib/ingest/types';

/** Bad rows an import job keeps in its result for the screen; `errorCount` has them all. */
export const MAX_JOB_ERRORS = 20;

export interface ImportFileReport {
  kind: ImportKind;
  /** the file's name as uploaded (or its base name) */
  name: string;
  format: 'csv' | 'ndjson';
  rowsRead: number;
  inserted: number;
  /** users and items: of `inserted`, ids the dataset already had, updated (absent for events, and in older reports) */
  updated?: number;
  duplicates: number;
  rejected: number;
  errorCount: number;
  stubsCreated: { users: number; items: number };
  /** where the rejected rows were written (skip-invalid imports only) */
  rejectFile: string | null;
  /** how the file was read, where the user may want it otherwise (absent when nothing to say) */
  notes?: string[];
  /** empty or missing-value fields per column (absent in reports stored before it was kept) */
  missing?: Record<string, number>;
}

/** What an import job stores as its result, succeeded or failed. */
export interface ImportJobReport {
  ok: boolean;
  datasetId: number | null;
  datasetName: string;
  skipInvalid: boolean;
  files: ImportFileReport[];
  /** the first MAX_JOB_ERRORS bad rows over all files, with the file's uploaded name */
  errors: ImportRowError[];
  errorCount: number;
}

/**
 * The job's view of an import: per-file counts and the first bad rows, named by the file the
 * user gave rather than the path it was stored under.
 */
export function importReport(
  result: ImportResult,
  request: { datasetName: string; skipInvalid?: boolean; fileNames?: Partial<Record<ImportKind, string>> },
): ImportJobReport {
  const files = result.batches.map(
    (batch): ImportFileReport => ({
      kind: batch.kind,
      name: request.fileNames?.[batch.kind] ?? path.basename(batch.file),
      format: batch.format,
      rowsRead: batch.rowsRead,
      inserted: batch.inserted,
      ...(batch.updated !== undefined ? { updated: batch.updated } : {}),
      duplicates: batch.duplicates,
      rejected: batch.rejected,
      errorCount: batch.errorCount,
      stubsCreated: batch.stubsCreated,
      rejectFile: batch.rejectFile,
      missing: batch.missing,
      ...(batch.notes ? { notes: batch.notes } : {}),
    }),
  );
  const errors = result.batches
    .flatMap((batch, index) => batch.errors.map((error) => ({ ...error, file: files[index].name })))
    .slice(0, MAX_JOB_ERRORS);
  return {
    ok: result.ok,
    datasetId: result.datasetId,
    datasetName: request.datasetName,
    skipInvalid: request.skipInvalid === true,
    files,
    errors,
    errorCount: result.batches.reduce((sum, batch) => sum + batch.errorCount, 0),
  };
}

/** One line for the job's error: how many rows were bad and the first of them. */
export function describeFailedImport(report: ImportJobReport): string {
  const first = report.errors[0];
  if (!first) return 'Nothing was imported: the files could not be read';
  const more = report.errorCount > 1 ? ` (and ${report.errorCount - 1} more)` : '';
  return `Nothing was imported: ${first.file} line ${first.line}: ${first.reason}${more}`;
}
