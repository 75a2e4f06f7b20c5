import { writeAudit } from '@/lib/audit/writeAudit';
import { type Caller, callerName } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { BadInputError, ConflictError } from '@/lib/errors/domainError';
import { trainTimeoutSec } from './jobSettings';
import type { EvaluatePayload, Job } from './jobTypes';
import { enqueueJob } from './queue';
import { requireTrainedRun } from './requireTrainedRun';

export interface EvaluationRequest {
  datasetId: number;
  /** user attributes to compare the segments with (ARI, NMI) */
  truthAttributes?: string[];
}

/** Queues an evaluation of a trained dataset's active run for a worker; one at a time per dataset. */
export async function startEvaluation(caller: Caller | string, request: EvaluationRequest): Promise<Job> {
  const { dataset } = await requireTrainedRun(request.datasetId);
  const truthAttributes = [...new Set(request.truthAttributes ?? [])];
  if (truthAttributes.length > 0) {
    const { rows } = await getPool().query<{ name: string }>(
      'SELECT DISTINCT name FROM user_attributes WHERE dataset_id = $1 AND name = ANY($2::text[])',
      [dataset.id, truthAttributes],
    );
    const known = new Set(rows.map((row) => row.name));
    const unknown = truthAttributes.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new BadInputError(
        `Dataset "${dataset.name}" has no user attribute ${unknown.map((name) => `"${name}"`).join(', ')}`,
      );
    }
  }
  const payload: EvaluatePayload = { truthAttributes };
  const enqueued = await enqueueJob({
    type: 'evaluate',
    datasetId: dataset.id,
    payload,
    createdBy: typeof caller === 'string' ? caller : callerName(caller),
    exclusive: true,
    // an evaluation refits the recommender, attribute and churn models: as long as a retrain
    timeoutSec: trainTimeoutSec(),
  });
  if (!enqueued.created) {
    throw new ConflictError(
      `An evaluation of "${dataset.name}" is already ${enqueued.job.status} (job ${enqueued.job.id})`,
      { jobId: enqueued.job.id },
    );
  }
  await writeAudit(caller, 'evaluate.start', `dataset:${dataset.id}`, { jobId: enqueued.job.id, ...payload });
  return enqueued.job;
}
