import { getPool } from '@/lib/db/connection';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { restoreAttributeModels } from '@/lib/ml/predict/attributeModels';
import type { StoredRatingModel } from '@/lib/ml/recommend/ratings/storedRatingModel';
import { float32ArraysFromJson, float32ArraysToJson } from '@/lib/ml/runtime/float32Json';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { textModelConfig } from '@/lib/ml/text/textModelConfig';
import type { DenseMatrix, PipelineSettings } from '@/lib/ml/types';
import { attributeModelArtifact, attributeModelsFromJson } from '@/lib/realtime/attributeModelArtifact';
import { recommenderArtifact, storedRecommenderFromJson } from '@/lib/realtime/recommenderArtifact';
import { type StoredScoreModel, scoreModelArtifact } from '@/lib/realtime/scoreModelArtifact';
import { loadedRecommender } from '@/lib/realtime/updateRecommendations';
import { freeScoreModels, restoreScoreModels } from '@/lib/realtime/updateScores';
import { replaceChunkRows } from '@/lib/runs/runStore';
import { type FittedModels, profileInParts } from './profileEveryUser';
import { ratingModelArtifact } from './ratingModelArtifact';
import { readChunkUsers } from './readChunkUsers';
import { runTextOptions } from './runTextOptions';

/** One chunk of a sample-fitted run's users, as a train_chunk job names it. */
export interface TrainChunk {
  index: number;
  /** the position of its first user among every user (ordered by user id), for the sample keys */
  from: number;
  firstUserId: string;
  lastUserId: string;
  users: number;
}

/** Runs a sample-fitted run's chunks somewhere (the job queue) and settles when all have succeeded. */
export type DistributeChunks = (
  runId: number,
  chunks: TrainChunk[],
  progress: (done: number, total: number) => void,
) => Promise<{ textsWithoutVector: number }>;

/**
 * run_artifacts name of what a chunk job needs beside the run's stored models: the centroids,
 * a UMAP map's fitted neighbours, the settings and the seed. It lives only while the chunks run.
 */
export const chunkPlanArtifact = 'chunkPlan';

export interface ChunkPlan {
  seed: number;
  settings: PipelineSettings;
  centroids: DenseMatrix;
  mapNeighbours: FittedModels['mapNeighbours'];
}

/**
 * A chunk job profiles its users this many at a time, so that reading the next part, computing
 * one and writing the one before overlap (profileInParts), as they do in one process.
 */
const chunkPartUsers = 2500;

/** `userIds` (every user, in order) cut into chunks of `chunkUsers`. */
export function planChunks(userIds: string[], chunkUsers: number): TrainChunk[] {
  const chunks: TrainChunk[] = [];
  for (let from = 0; from < userIds.length; from += chunkUsers) {
    const to = Math.min(userIds.length, from + chunkUsers);
    chunks.push({
      index: chunks.length,
      from,
      firstUserId: userIds[from],
      lastUserId: userIds[to - 1],
      users: to - from,
    });
  }
  return chunks;
}

/** JSON for a chunk plan, its typed arrays as base64 of their bytes (exact). */
export function chunkPlanToJson(plan: ChunkPlan): unknown {
  return float32ArraysToJson(plan);
}

export function chunkPlanFromJson(json: unknown): ChunkPlan {
  return float32ArraysFromJson<ChunkPlan>(json);
}

export interface TrainChunkResult {
  users: number;
  textsWithoutVector: number;
  /** the run was no longer running (failed, or its retrain was retried): nothing was written */
  skipped?: boolean;
}

/**
 * One chunk of a sample-fitted run, in any worker process: the run's stored models and chunk
 * plan are read back, the chunk's users (every user id from `firstUserId` to `lastUserId`) are
 * profiled, assigned, scored, guessed the attributes they lack and recommended exactly as
 * profileEveryUser does it in one process, and their rows replace any an earlier attempt wrote. A retried chunk gives the same rows.
 */
export async function runTrainChunk(datasetId: number, runId: number, chunk: TrainChunk): Promise<TrainChunkResult> {
  const pool = getPool();
  const { rows: runs } = await pool.query<{ status: string }>('SELECT status FROM model_runs WHERE id = $1', [runId]);
  if (runs[0]?.status !== 'running') return { users: 0, textsWithoutVector: 0, skipped: true };
  const { rows: artifacts } = await pool.query<{ name: string; content: unknown }>(
    'SELECT name, content FROM run_artifacts WHERE run_id = $1 AND name = ANY($2::text[])',
    [
      runId,
      [
        chunkPlanArtifact,
        profileModelArtifact,
        scoreModelArtifact,
        attributeModelArtifact,
        recommenderArtifact,
        ratingModelArtifact,
      ],
    ],
  );
  const content = new Map(artifacts.map((artifact) => [artifact.name, artifact.content]));
  if (!content.has(chunkPlanArtifact) || !content.has(profileModelArtifact))
    throw new Error(`Run ${runId} has no stored chunk plan or profile model`);
  const plan = chunkPlanFromJson(content.get(chunkPlanArtifact));
  const profileModel = profileModelFromJson(content.get(profileModelArtifact));
  const storedScoreModels =
    (content.get(scoreModelArtifact) as { models: StoredScoreModel[] } | undefined)?.models ?? [];
  const storedAttributeModels = content.has(attributeModelArtifact)
    ? attributeModelsFromJson(content.get(attributeModelArtifact))
    : null;
  const recommender = content.has(recommenderArtifact)
    ? loadedRecommender(storedRecommenderFromJson(content.get(recommenderArtifact)))
    : null;

  // the same users and order as loadFitSample's list (the database's collation decides both)
  const { rows: users } = await pool.query<[string]>({
    text: `SELECT user_id FROM events WHERE dataset_id = $1 AND user_id >= $2 AND user_id <= $3
           GROUP BY user_id ORDER BY user_id`,
    values: [datasetId, chunk.firstUserId, chunk.lastUserId],
    rowMode: 'array',
  });
  const userIds = users.map((row) => row[0]);

  const random = createSeededRandom(plan.seed);
  for (let u = 0; u < chunk.from; u++) random.next();
  const models = await restoreScoreModels(storedScoreModels);
  const attributeModels = storedAttributeModels ? await restoreAttributeModels(storedAttributeModels) : null;
  try {
    let profiled = { users: 0, textsWithoutVector: 0 };
    const written = await replaceChunkRows(
      runId,
      {
        firstUserId: chunk.firstUserId,
        lastUserId: chunk.lastUserId,
        scoreTargets: [
          ...storedScoreModels.map((model) => model.target),
          ...(storedAttributeModels?.models ?? []).map((model) => model.target),
        ],
      },
      async (write) => {
        const result = await profileInParts(
          userIds,
          readChunkUsers(
            datasetId,
            (storedAttributeModels?.models ?? []).map((model) => model.attribute),
          ),
          {
            profileModel,
            centroids: plan.centroids,
            mapNeighbours: plan.mapNeighbours,
            recommender,
            ratingModel: (content.get(ratingModelArtifact) as StoredRatingModel | undefined) ?? null,
          },
          models,
          random,
          {
            settings: plan.settings,
            partUsers: chunkPartUsers,
            text: runTextOptions(profileModel, textModelConfig()),
          },
          write,
          attributeModels,
        );
        profiled = { users: userIds.length, textsWithoutVector: result.textsWithoutVector };
      },
    );
    if (!written) return { users: 0, textsWithoutVector: 0, skipped: true };
    return profiled;
  } finally {
    freeScoreModels(models);
    attributeModels?.free();
  }
}
