import { getPool } from '@/lib/db/connection';
import type { AttributeModels } from '@/lib/ml/predict/attributeModels';
import type { StoredRatingModel } from '@/lib/ml/recommend/ratings/storedRatingModel';
import { type ServedItemModel, servedItemModelToJson } from '@/lib/ml/recommend/servedItemModel';
import type { TextModelConfig } from '@/lib/ml/text/textModelConfig';
import type { PipelineSettings } from '@/lib/ml/types';
import { attributeModelArtifact, attributeModelsFromJson } from '@/lib/realtime/attributeModelArtifact';
import { recommenderArtifact } from '@/lib/realtime/recommenderArtifact';
import { type StoredScoreModel, scoreModelArtifact } from '@/lib/realtime/scoreModelArtifact';
import { loadedRecommender } from '@/lib/realtime/updateRecommendations';
import {
  completeRun,
  deleteRunArtifact,
  type StoredArtifact,
  type StoredScore,
  type StoredSegment,
  type StoredTarget,
  writeRunArtifacts,
  writeRunRows,
} from '@/lib/runs/runStore';
import type { EventWork } from './predictionStage';
import { type FittedModels, profileEveryUser } from './profileEveryUser';
import { ratingModelArtifact } from './ratingModelArtifact';
import { readChunkUsers } from './readChunkUsers';
import { refitRecommenderOnEveryone } from './refitRecommenderOnEveryone';
import { runTextOptions } from './runTextOptions';
import { type ChunkPlan, chunkPlanArtifact, chunkPlanToJson, type DistributeChunks, planChunks } from './trainChunk';

export interface SampleFittedRun {
  runId: number;
  datasetId: number;
  /** every user with events, in the order loadPipelineInput reads them */
  userIds: string[];
  /** users the stages fitted on */
  sampleUsers: number;
  /** the sample's item ids, the order of the recommender's items */
  sampleItemIds: string[];
  eventWork: EventWork;
  /** what the run fitted beside its stored models (those come from the artifacts and eventWork) */
  fitted: Omit<FittedModels, 'scoreModels' | 'attributeModels' | 'recommender' | 'ratingModel'>;
  /** what the sample's stages produced */
  outputs: {
    segments: StoredSegment[];
    targets: StoredTarget[];
    scores: Iterable<StoredScore>;
    artifacts: StoredArtifact[];
  };
  summary: { metrics: object; timings: Record<string, number>; meta: object; eventsUpTo: Date };
  settings: PipelineSettings;
  seed: number;
  chunkUsers: number;
  textConfig: TextModelConfig;
  log: (line: string) => void;
  progress: (done: number, total: number) => void;
  /** runs the chunks as jobs any worker may take (TrainOptions.distributeChunks); in this process when absent */
  distribute?: DistributeChunks;
}

/**
 * Saves a run whose stages fitted on a sample: every user is profiled, assigned, scored and
 * recommended with the fitted models, chunk by chunk (profileEveryUser), predicted value,
 * predicted ratings and the guesses of inferred attributes included when the run stores their
 * models; a score no stored model gives (an attribute whose model could not be stored) is kept
 * for the sample's users; segment sizes and shares are counted over everyone; then the run is
 * completed and made active like any other. `meta.fitSample` says what was sampled and which
 * targets cover the sample only.
 */
export async function saveSampleFittedRun(run: SampleFittedRun): Promise<void> {
  const started = performance.now();
  const scoreModels = run.outputs.artifacts
    .filter((artifact) => artifact.name === scoreModelArtifact)
    .flatMap((artifact) => (artifact.content as { models: StoredScoreModel[] }).models);
  const attributeContent = run.outputs.artifacts.find((artifact) => artifact.name === attributeModelArtifact)?.content;
  const attributeModels = attributeContent ? attributeModelsFromJson(attributeContent) : null;
  const recommender = await servedRecommenderOnEveryone(run);
  run.summary.timings.recommenderOnEveryone = Math.round(performance.now() - started);
  const everyone = run.distribute
    ? await profileEveryUserInChunkJobs(run, run.distribute)
    : await profileEveryUserHere(run, scoreModels, attributeModels, recommender.model);
  if (everyone.textsWithoutVector > 0)
    run.log(`${everyone.textsWithoutVector} texts outside the sample had no vector and were left out`);

  // the chunks scored every user with these models, the sample's users too: their rows from the
  // stages would be second rows of the same user and target
  const everyoneScored = new Set([
    ...scoreModels.map((model) => model.target),
    ...(attributeModels?.models ?? []).map((model) => model.target),
  ]);
  const sampleOnly = new Set<string>();
  await writeRunRows(run.runId, {
    profiles: [],
    scores: {
      *[Symbol.iterator]() {
        for (const score of run.outputs.scores) {
          if (everyoneScored.has(score.target)) continue;
          sampleOnly.add(score.target);
          yield score;
        }
      },
    },
    recommendations: [],
  });
  run.summary.timings.everyUser = Math.round(performance.now() - started);

  const users = run.userIds.length;
  const segments = run.outputs.segments.map((segment) => {
    const size = everyone.sizes[segment.index];
    const share = size / Math.max(1, users);
    return { ...segment, size, share, persona: { ...segment.persona, size, share } };
  });
  await completeRun(
    run.runId,
    run.datasetId,
    {
      segments,
      profiles: [],
      targets: run.outputs.targets,
      scores: [],
      recommendations: [],
      // chunk jobs read the artifacts, so they were stored before the chunks ran
      artifacts: run.distribute ? [] : run.outputs.artifacts,
    },
    {
      ...run.summary,
      meta: {
        ...run.summary.meta,
        fitSample: {
          users: run.sampleUsers,
          of: users,
          stratifiedBy: 'events per user (1, 2-3, 4-7, ... doubling)',
          sampleOnlyTargets: [...sampleOnly].sort(),
          ...(recommender.note ? { recommender: recommender.note } : {}),
        },
      },
    },
  );
}

/**
 * The served recommender's item side for everyone: refitted on every user when its family allows
 * (refitRecommenderOnEveryone), else the sample's. A refit replaces the run's recommender artifact
 * and the parameters its metrics name (EASE's λ scaled to every user's pairs, which `portrait
 * evaluate` refits with); `meta.fitSample.recommender` says which it was.
 */
async function servedRecommenderOnEveryone(
  run: SampleFittedRun,
): Promise<{ model: ServedItemModel | null; note: object | null }> {
  const recommended = await run.eventWork.recommending?.result.catch(() => null);
  const sampleModel = recommended?.itemModel ?? null;
  if (!sampleModel) return { model: null, note: null };
  const refitted = await refitRecommenderOnEveryone({
    datasetId: run.datasetId,
    userIds: run.userIds,
    model: sampleModel,
    itemIds: run.sampleItemIds,
    fittedPairs: run.eventWork.interactions.itemIndex.length,
    chunkUsers: run.chunkUsers,
  });
  const metrics = run.summary.metrics as { recommend?: { params?: Record<string, number> } };
  if (!refitted) return { model: sampleModel, note: { fittedOn: 'the sample', params: sampleModel.params } };
  if (metrics.recommend) metrics.recommend = { ...metrics.recommend, params: refitted.params };
  run.outputs.artifacts = run.outputs.artifacts.map((artifact) =>
    artifact.name === recommenderArtifact
      ? { name: recommenderArtifact, content: { itemIds: run.sampleItemIds, model: servedItemModelToJson(refitted) } }
      : artifact,
  );
  return {
    model: refitted,
    note: { fittedOn: 'every user', chosenOn: 'the sample', sampleParams: sampleModel.params, params: refitted.params },
  };
}

/** The chunk phase in this process: profileEveryUser with the fitted models as they are in memory. */
async function profileEveryUserHere(
  run: SampleFittedRun,
  scoreModels: StoredScoreModel[],
  attributeModels: AttributeModels | null,
  recommender: ServedItemModel | null,
) {
  const profileModel = run.fitted.profileModel;
  const everyone = await profileEveryUser(
    run.runId,
    run.userIds,
    readChunkUsers(
      run.datasetId,
      (attributeModels?.models ?? []).map((model) => model.attribute),
    ),
    {
      ...run.fitted,
      scoreModels,
      attributeModels,
      ratingModel:
        (run.outputs.artifacts.find((artifact) => artifact.name === ratingModelArtifact)?.content as
          | StoredRatingModel
          | undefined) ?? null,
      recommender: recommender ? loadedRecommender({ itemIds: run.sampleItemIds, model: recommender }) : null,
    },
    {
      settings: run.settings,
      seed: run.seed,
      chunkUsers: run.chunkUsers,
      text: runTextOptions(profileModel, run.textConfig),
      progress: run.progress,
    },
  );
  return everyone;
}

/**
 * The chunk phase as jobs: the fitted models are stored as the run's artifacts (with a chunk
 * plan), `distribute` has every chunk run by whichever workers take them, and the segment sizes
 * are counted from the rows they wrote. The plan is deleted once every chunk has succeeded.
 */
async function profileEveryUserInChunkJobs(run: SampleFittedRun, distribute: DistributeChunks) {
  const plan: ChunkPlan = {
    seed: run.seed,
    settings: run.settings,
    centroids: run.fitted.centroids,
    mapNeighbours: run.fitted.mapNeighbours,
  };
  await writeRunArtifacts(run.runId, [
    ...run.outputs.artifacts,
    { name: chunkPlanArtifact, content: chunkPlanToJson(plan) as object },
  ]);
  const { textsWithoutVector } = await distribute(run.runId, planChunks(run.userIds, run.chunkUsers), run.progress);
  const sizes = new Int32Array(run.fitted.centroids.rows);
  const { rows } = await getPool().query<{ segment_index: number; users: number }>(
    'SELECT segment_index, count(*)::int AS users FROM user_profiles WHERE run_id = $1 GROUP BY segment_index',
    [run.runId],
  );
  for (const row of rows) sizes[row.segment_index] = row.users;
  await deleteRunArtifact(run.runId, chunkPlanArtifact);
  return { sizes, textsWithoutVector };
}
