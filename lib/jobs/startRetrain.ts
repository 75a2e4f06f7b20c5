import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { callerName } from '@/lib/auth/caller';
import { ConflictError } from '@/lib/errors/domainError';
import type { DeviceRequest } from '@/lib/ml/runtime/device/computeDevice';
import { requireDataset } from '@/lib/queries/requireRun';
import { trainTimeoutSec } from './jobSettings';
import type { Job, TrainPayload } from './jobTypes';
import { enqueueJob } from './queue';

export interface RetrainRequest {
  datasetId: number;
  k?: 'auto' | number;
  textModel?: boolean;
  map?: 'pca' | 'umap';
  /** auto, cpu, webgpu or cuda; the server's PORTRAIT_DEVICE when left out */
  device?: DeviceRequest;
}

/** Queues a retrain of one dataset for a worker; one at a time per dataset. */
export async function startRetrain(caller: Caller | string, request: RetrainRequest): Promise<Job> {
  const dataset = await requireDataset(request.datasetId);
  const payload: TrainPayload = {
    k: request.k ?? 'auto',
    textModel: request.textModel ?? true,
    map: request.map ?? 'pca',
    ...(request.device ? { device: request.device } : {}),
  };
  const createdBy = typeof caller === 'string' ? caller : callerName(caller);
  const enqueued = await enqueueJob({
    type: 'train',
    datasetId: dataset.id,
    payload,
    createdBy,
    exclusive: true,
    timeoutSec: trainTimeoutSec(),
  });
  if (!enqueued.created) {
    throw new ConflictError(
      `A retrain of "${dataset.name}" is already ${enqueued.job.status} (job ${enqueued.job.id})`,
      {
        jobId: enqueued.job.id,
      },
    );
  }
  await writeAudit(caller, 'retrain.start', `dataset:${dataset.id}`, { jobId: enqueued.job.id, ...payload });
  return enqueued.job;
}
