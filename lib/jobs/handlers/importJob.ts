import { importFiles } from '@/lib/ingest/importFiles';
import type { JobHandler } from '../jobHandler';
import type { ImportPayload } from '../jobTypes';

/**
 * Imports files already on the server. importFiles is one transaction, so a killed worker leaves
 * nothing behind and the retry starts clean; fingerprints make a repeated row a no-op anyway.
 * Its progress arrives inside a stream transform, where a throw would escape, so a cancel only
 * stops an import that has not started.
 */
export const importJob: JobHandler = async (job, context) => {
  const payload = job.payload as unknown as ImportPayload;
  context.progress('importing', 0);
  const result = await importFiles({
    datasetName: payload.datasetName,
    events: payload.events,
    items: payload.items,
    users: payload.users,
    skipInvalid: payload.skipInvalid,
    createdBy: job.createdBy ?? undefined,
    onProgress: (bytesRead, totalBytes, rows) =>
      context.report(
        `importing (${rows.toLocaleString('en')} rows)`,
        totalBytes > 0 ? (99 * bytesRead) / totalBytes : 0,
      ),
  });
  const summary = result.batches.map((batch) => ({
    kind: batch.kind,
    file: batch.file,
    rowsRead: batch.rowsRead,
    inserted: batch.inserted,
    duplicates: batch.duplicates,
    rejected: batch.rejected,
    errors: batch.errors.slice(0, 5),
  }));
  for (const batch of summary) {
    context.log(
      `${batch.kind}: ${batch.rowsRead} rows, ${batch.inserted} added, ${batch.duplicates} duplicates, ${batch.rejected} rejected`,
    );
  }
  if (!result.ok) {
    const first = result.batches.flatMap((batch) => batch.errors)[0];
    throw new Error(
      `Nothing was imported: ${first ? `${first.file} line ${first.line}: ${first.reason}` : 'the files could not be read'}`,
    );
  }
  return { datasetId: result.datasetId, batches: summary };
};
