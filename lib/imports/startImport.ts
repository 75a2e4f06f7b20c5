import { writeAudit } from '@/lib/audit/writeAudit';
import { type Caller, callerName } from '@/lib/auth/caller';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { ApiError } from '@/lib/http/apiError';
import type { ImportKind } from '@/lib/ingest/types';
import type { ImportPayload, Job } from '@/lib/jobs/jobTypes';
import { enqueueJob } from '@/lib/jobs/queue';
import type { ReceivedUpload } from './receiveUpload';

export interface StartImportRequest {
  datasetName: string;
  skipInvalid: boolean;
  /** the column mapping in the `--map` form, already checked */
  mapping?: string;
  upload: Pick<ReceivedUpload, 'folder' | 'files'>;
}

/**
 * Queues the import of uploaded files for a worker. The dataset is created by the import itself
 * (in its transaction), so a failed import of a new dataset leaves no empty dataset behind.
 */
export async function startImport(caller: Caller, request: StartImportRequest): Promise<Job> {
  const kinds = Object.keys(request.upload.files) as ImportKind[];
  if (kinds.length === 0) throw new ApiError('bad_request', 'Attach at least one file: events, items or users');
  const payload: ImportPayload = {
    datasetName: request.datasetName,
    skipInvalid: request.skipInvalid,
    ...(request.mapping ? { mapping: request.mapping } : {}),
    uploadFolder: request.upload.folder,
    fileNames: {},
  };
  for (const kind of kinds) {
    const file = request.upload.files[kind];
    if (!file) continue;
    payload[kind] = file.path;
    (payload.fileNames as Record<string, string>)[kind] = file.name;
  }
  const datasetId = await findDatasetId(request.datasetName);
  const enqueued = await enqueueJob({
    type: 'import',
    datasetId,
    payload,
    createdBy: callerName(caller),
  });
  const job = enqueued.job;
  const target = datasetId === null ? `dataset-name:${request.datasetName}` : `dataset:${datasetId}`;
  await writeAudit(caller, 'import.start', target, {
    jobId: job.id,
    skipInvalid: request.skipInvalid,
    ...(request.mapping ? { mapping: request.mapping } : {}),
    files: Object.fromEntries(
      kinds.map((kind) => [kind, { name: request.upload.files[kind]?.name, bytes: request.upload.files[kind]?.bytes }]),
    ),
  });
  return job;
}
