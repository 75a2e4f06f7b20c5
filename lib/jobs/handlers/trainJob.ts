import { checkTrainingData, NotEnoughTrainingDataError } from '@/lib/jobs/checkTrainingData';
import type { JobHandler } from '@/lib/jobs/jobHandler';
import type { TrainPayload } from '@/lib/jobs/jobTypes';
import { trainDataset } from '@/lib/training/trainDataset';

/** Percent given to the data check before the pipeline's own 0-100 starts. */
const checkShare = 2;

/**
 * Retrains a dataset. The pipeline writes its run's rows under a run no reader serves, then
 * marks it succeeded and makes it active in one transaction only when complete, so a job that
 * fails, is cancelled, or whose worker dies leaves the active run as it was. Cancels and time limits land in the pipeline's progress callback, which throws.
 */
export const trainJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('A train job needs a dataset');
  const payload = job.payload as Partial<TrainPayload>;
  context.progress('checking data', 0);
  const check = await checkTrainingData(job.datasetId);
  context.log(
    `Data: ${check.counts.usersWithEvents} users with events, ${check.counts.events} events, ${check.counts.eventTypes} event types`,
  );
  if (!check.ok) throw new NotEnoughTrainingDataError(check);
  context.progress('checking data', checkShare);
  const result = await trainDataset(job.datasetId, {
    k: typeof payload.k === 'number' ? payload.k : undefined,
    seed: payload.seed ?? 1,
    textModel: payload.textModel ?? true,
    onProgress: (stage, percent) => {
      const scaled = checkShare + (percent * (100 - checkShare)) / 100;
      // At 100 the run is already stored and active: a throw now would mark an active run failed.
      if (percent >= 100) context.report(stage, scaled);
      else context.progress(stage, scaled);
    },
    log: (line) => context.log(line),
  });
  return result;
};
