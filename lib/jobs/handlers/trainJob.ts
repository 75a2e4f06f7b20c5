import { refreshAudiencesAfterRetrain } from '@/lib/audiences/refreshAudiences';
import type { JobHandler } from '@/lib/jobs/jobHandler';
import { trainPayloadSchema } from '@/lib/jobs/jobTypes';
import { parseJobPayload } from '@/lib/jobs/parseJobPayload';
import { trainDataset } from '@/lib/training/trainDataset';
import { chunkJobDistributor } from '../runChunkJobs';

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
 * Retrains a dataset; trainDataset refuses too little data before it stores anything. The
 * pipeline writes its run's rows under a run no reader serves, then marks it succeeded and makes
 * it active in one transaction only when complete, so a job that fails, is cancelled, or whose
 * worker dies leaves the active run as it was. Cancels and time limits land in the pipeline's
 * progress callback, which throws.
 */
export const trainJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('A train job needs a dataset');
  const payload = parseJobPayload(trainPayloadSchema, job, 'train');
  const result = await trainDataset(job.datasetId, {
    k: payload.k === 'auto' ? undefined : payload.k,
    seed: payload.seed ?? 1,
    textModel: payload.textModel,
    map: payload.map,
    device: payload.device,
    fitSampleUsers: payload.fitSampleUsers,
    chunkUsers: payload.chunkUsers,
    // in a worker, the chunks after a sample fit are jobs any worker takes, this one included
    distributeChunks: context.helpWith ? chunkJobDistributor(job, context) : undefined,
    onProgress: (stage, percent) => {
      const running = stageAfter[stage] ?? stage;
      // At 100 the run is already stored and active: a throw now would mark an active run failed.
      if (percent >= 100) context.report(running, percent);
      else context.progress(running, percent);
    },
    onStageProgress: (detail, percent) => context.report(detail, percent),
    // inside the stages before saving: a cancel is heard there rather than at the stage's end
    checkpoint: () => context.checkpoint(),
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
