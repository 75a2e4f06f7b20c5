import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { rememberImportMapping } from '@/lib/imports/importMappingMemory';
import { describeFailedImport, importReport } from '@/lib/imports/importReport';
import { parseColumnMapping } from '@/lib/ingest/columnMapping';
import { importFiles } from '@/lib/ingest/importFiles';
import { importKindOrder } from '@/lib/ingest/types';
import { JobFailedError } from '../jobFailedError';
import type { JobHandler } from '../jobHandler';
import { JobStoppedError } from '../jobStoppedError';
import { type ImportPayload, importPayloadSchema } from '../jobTypes';
import { parseJobPayload } from '../parseJobPayload';

function inputFiles(payload: ImportPayload): { kind: string; file: string; name: string }[] {
  return importKindOrder.flatMap((kind) => {
    const file = payload[kind];
    return file ? [{ kind, file, name: payload.fileNames?.[kind] ?? file }] : [];
  });
}

/** Uploads are stored on the web server's disk: a worker elsewhere must share that folder. */
async function requireInputs(payload: ImportPayload): Promise<void> {
  for (const { file, name } of inputFiles(payload)) {
    const present = await access(file).then(
      () => true,
      () => false,
    );
    if (!present) {
      throw new Error(
        payload.uploadFolder
          ? `The uploaded file ${name} is not on this worker's machine (${file}): run import jobs where PORTRAIT_UPLOAD_DIR is shared with the web server`
          : `The file ${file} does not exist on this worker's machine`,
      );
    }
  }
}

/**
 * Imports files already on the server. importFiles is one transaction, so a killed worker leaves
 * nothing behind and the retry starts clean; fingerprints make a repeated row a no-op anyway.
 * A cancel is heard between chunks of the file being read: the import stops and rolls back, and
 * the uploaded inputs are deleted. Bad rows fail the job with the line-numbered report as its
 * result; uploaded inputs are deleted once read (reject files stay for download).
 */
export const importJob: JobHandler = async (job, context) => {
  const payload = parseJobPayload(importPayloadSchema, job, 'import');
  context.progress('importing', 0);
  await requireInputs(payload);
  const removeUploads = async () => {
    const { uploadFolder } = payload;
    if (!uploadFolder) return;
    const uploaded = inputFiles(payload).filter(({ file }) => path.dirname(file) === uploadFolder);
    await Promise.all(uploaded.map(({ file }) => rm(file, { force: true })));
  };
  const mapping = payload.mapping ? parseColumnMapping(payload.mapping) : undefined;
  const importing = importFiles({
    datasetName: payload.datasetName,
    events: payload.events,
    items: payload.items,
    users: payload.users,
    skipInvalid: payload.skipInvalid,
    mapping,
    mappingHint: 'screen',
    createdBy: job.createdBy ?? undefined,
    // a cancel (or the time limit) stops the reading; importFiles then rolls everything back
    checkpoint: context.checkpoint,
    onProgress: (bytesRead, totalBytes, rows) =>
      context.report(
        `importing (${rows.toLocaleString('en')} rows)`,
        totalBytes > 0 ? (99 * bytesRead) / totalBytes : 0,
      ),
  });
  const result = await importing.catch(async (error: unknown) => {
    // a cancelled upload is not retried: its files go (a shutdown puts the job back, files kept)
    if (error instanceof JobStoppedError && error.reason === 'cancelled') await removeUploads();
    throw error;
  });
  const report = importReport(result, payload);
  for (const file of report.files) {
    context.log(
      `${file.kind} (${file.name}): ${file.rowsRead} rows, ${file.inserted} added, ${file.duplicates} duplicates, ${file.rejected} rejected`,
    );
  }
  await removeUploads();
  if (!result.ok) throw new JobFailedError(describeFailedImport(report), report);
  if (mapping && result.datasetId !== null) await rememberImportMapping(result.datasetId, mapping);
  return report;
};
