import { refreshAudiencesAfterRetrain } from '@/lib/audiences/refreshAudiences';
import { trainDataset } from '@/lib/ml/pipeline';
import { checkTrainingData, NotEnoughTrainingDataError } from '../checkTrainingData';
import type { JobHandler } from '../jobHandler';
import type { TrainPayload } from '../jobTypes';

/** Percent given to the data check before the pipeline's own 0-100 starts. */
const checkShare = 2;

/**
 * The pipeline reports a stage when it ends; the job shows the stage that starts then, so the
 * screen names what is running rather than what has just finished.
 */
export const stageAfter: Record<string, string> = {
  load: 'behaviour features',
  behaviourFeatures: 'behaviour embedding',
  behaviourEmbedding: 'review text',
  text: 'user profiles',
  profile: 'segments',
  segments: 'map',
  map: 'predictions and recommendations',
  predictions: 'personas',
  personas: 'saving the run',
  save: 'done',
};

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
  context.progress('loading events', checkShare);
  const result = await trainDataset(job.datasetId, {
    k: typeof payload.k === 'number' ? payload.k : undefined,
    seed: payload.seed ?? 1,
    textModel: payload.textModel ?? true,
    onProgress: (stage, percent) => {
      const scaled = checkShare + (percent * (100 - checkShare)) / 100;
      const running = stageAfter[stage] ?? stage;
      // At 100 the run is already stored and active: a throw now would mark an active run failed.
      if (percent >= 100) context.report(running, scaled);
      else context.progress(running, scaled);
    },
    log: (line) => context.log(line),
  });
  // The new run is active: audiences follow it. A failure here is logged, never a failed retrain.
  try {
    const refreshed = await refreshAudiencesAfterRetrain(job.datasetId);
    if (refreshed.results.length || refreshed.failures.length) {
      context.log(`Audiences recomputed: ${refreshed.results.length}, could not be: ${refreshed.failures.length}`);
    }
    for (const failure of refreshed.failures) context.log(`Audience ${failure.audienceId}: ${failure.message}`);
  } catch (error) {
    context.log(`Audiences were not recomputed: ${(error as Error).message}`);
  }
  return result;
};
