import { evaluateSegments } from '@/lib/evaluate/evaluateSegments';
import type { JobHandler } from '../jobHandler';
import type { EvaluatePayload } from '../jobTypes';

/** Measures the dataset's active run: clustering quality, and agreement with truth attributes. */
export const evaluateJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('An evaluate job needs a dataset');
  const payload = job.payload as Partial<EvaluatePayload>;
  context.progress('evaluating', 0);
  return evaluateSegments(job.datasetId, payload.truthAttributes ?? []);
};
