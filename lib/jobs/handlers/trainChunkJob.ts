import type { JobHandler } from '@/lib/jobs/jobHandler';
import { trainChunkPayloadSchema } from '@/lib/jobs/jobTypes';
import { parseJobPayload } from '@/lib/jobs/parseJobPayload';
import { runTrainChunk } from '@/lib/training/trainChunk';

/**
 * One chunk of a sample-fitted retrain (queued by its train job): profiles, assigns, scores and
 * recommends the chunk's users with the run's stored models and replaces their rows, so a retry
 * after a killed worker writes the same rows again. A chunk of a run that is no longer running
 * (failed, or retried from the start) does nothing.
 */
export const trainChunkJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('A train_chunk job needs a dataset');
  const chunk = parseJobPayload(trainChunkPayloadSchema, job, 'train_chunk');
  context.progress(`users ${chunk.from + 1} to ${chunk.from + chunk.users}`, 0);
  const result = await runTrainChunk(job.datasetId, chunk.runId, chunk);
  if (result.skipped) context.log(`Run ${chunk.runId} is no longer running: nothing written`);
  return result;
};
