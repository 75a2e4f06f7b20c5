import { ConflictError } from '@/lib/errors/domainError';
import { type RunRef, requireDataset, requireRun } from '@/lib/queries/requireRun';

/**
 * The run a job reads: `runId` when given (a succeeded run of this dataset), else the active
 * run. Unlike a read, an untrained dataset is a 409: the dataset exists, it only cannot be
 * evaluated or exported yet.
 */
export async function requireTrainedRun(datasetId: number, runId?: number): Promise<RunRef> {
  if (runId !== undefined) return requireRun(datasetId, runId);
  const dataset = await requireDataset(datasetId);
  if (dataset.activeRunId === null) {
    throw new ConflictError(
      `Dataset "${dataset.name}" has no trained run yet: retrain it first, then evaluate or export it`,
      { reason: 'not_trained', dataset: dataset.name },
    );
  }
  return { dataset, runId: dataset.activeRunId };
}
