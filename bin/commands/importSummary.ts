import type { BatchReport, ImportResult } from '@/lib/ingest/types';

const errorsShown = 20;

function describeBatch(batch: BatchReport): string {
  const updated = batch.updated ?? 0;
  const parts = [`${batch.kind} ${batch.file}: ${batch.rowsRead} rows read, ${batch.inserted - updated} added`];
  if (updated) parts.push(`${updated} already there, updated`);
  if (batch.duplicates) parts.push(`${batch.duplicates} duplicates dropped`);
  if (batch.rejected) parts.push(`${batch.rejected} rejected`);
  if (batch.stubsCreated.users || batch.stubsCreated.items) {
    parts.push(
      `stubs created for ${batch.stubsCreated.users} unknown users and ${batch.stubsCreated.items} unknown items`,
    );
  }
  const missing = Object.entries(batch.missing).filter(([, count]) => count > 0);
  if (missing.length)
    parts.push(`missing values: ${missing.map(([column, count]) => `${column} ${count}`).join(', ')}`);
  return parts.join('; ');
}

export interface ImportSummary {
  /** lines for stdout */
  out: string[];
  /** lines for stderr */
  err: string[];
  /** the error to end with (exit code 1), or null when the import went in */
  failure: string | null;
}

/**
 * What `portrait import` prints: a line per file, the fields read from same-named columns though
 * a mapping was given, the bad lines (each line once, however many kinds read its file), where
 * rejected rows went, and why nothing was imported. `--skip-invalid` is suggested only when it
 * would help: for bad rows, not for a file that cannot be used (a missing column, a limit).
 */
export function summarizeImport(result: ImportResult): ImportSummary {
  const out: string[] = [];
  const err: string[] = [];
  for (const batch of result.batches) {
    out.push(describeBatch(batch));
    for (const note of batch.notes ?? []) out.push(`  note: ${note}`);
    if (batch.readByName.length > 0) {
      const fields = batch.readByName.map(({ target, column }) => `${target} from column "${column}"`).join(', ');
      out.push(`  not in --map, read by name: ${fields}`);
    }
  }
  const errors = result.batches.flatMap((batch) => batch.errors);
  const errorCount = result.batches.reduce((sum, batch) => sum + batch.errorCount, 0);
  if (errorCount > 0) {
    const lines = result.badLines;
    err.push(`${lines} bad line${lines === 1 ? '' : 's'}:`);
    for (const error of errors.slice(0, errorsShown)) err.push(`  ${error.file}:${error.line}: ${error.reason}`);
    if (errorCount > errorsShown) err.push(`  ... and ${errorCount - errorsShown} more`);
  }
  for (const batch of result.batches) {
    if (batch.rejectFile) out.push(`Rejected rows written to ${batch.rejectFile}`);
  }
  if (result.ok) return { out, err, failure: null };
  // a file-level error (unusable file) is counted in errorCount but not as a rejected row
  const fileFailed = result.batches.some((batch) => batch.errorCount > batch.rejected);
  return {
    out,
    err,
    failure: fileFailed
      ? 'Nothing was imported: fix the file named above (--skip-invalid skips bad rows, not an unusable file)'
      : 'Nothing was imported (fix the rows above, or use --skip-invalid to import the good rows)',
  };
}
