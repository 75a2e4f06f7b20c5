import type { ProfileModel } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import { readableFeatures } from '@/lib/ml/features/readableFeatures';
import {
  type AttributeModels,
  attributeModelFeatures,
  guessAttributes,
  type LoadedAttributeModels,
  restoreAttributeModels,
} from '@/lib/ml/predict/attributeModels';
import { purchaseTypeMask } from '@/lib/ml/predict/purchaseHistory';
import { purchasesAsOf } from '@/lib/ml/predict/servedValue';
import { churnTarget } from '@/lib/ml/predict/targets/churn';
import { explicitRatings } from '@/lib/ml/recommend/ratings/explicitRatings';
import { foldInRatings, type StoredRatingModel } from '@/lib/ml/recommend/ratings/storedRatingModel';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';
import { assignToNearestCentroids } from '@/lib/ml/segment/kmeans';
import type { ApplyTextVectorsOptions } from '@/lib/ml/text/applyTextVectors';
import { type DenseMatrix, type EventTable, type ItemTable, type PipelineSettings, rowOf } from '@/lib/ml/types';
import type { StoredScoreModel } from '@/lib/realtime/scoreModelArtifact';
import { type LoadedModel, recommendWithStoredModel } from '@/lib/realtime/updateRecommendations';
import {
  freeScoreModels,
  type LoadedScoreModel,
  restoreScoreModels,
  scoreWithModels,
} from '@/lib/realtime/updateScores';
import { type StoredProfile, type StoredRecommendation, type StoredScore, writeRunRows } from '@/lib/runs/runStore';
import type { AttributeHolders } from './loadAttributeHolders';
import { pipelineInParts } from './pipelineInParts';

/** What a run fitted on its sample, to apply to every user. */
export interface FittedModels {
  profileModel: ProfileModel;
  /** one row per segment index */
  centroids: DenseMatrix;
  /** the run's churn, propensity, goal and predicted-value models (its scoreModels artifact) */
  scoreModels: StoredScoreModel[];
  /** the run's attribute models (its attributeModels artifact); null when none was predictive */
  attributeModels: AttributeModels | null;
  /** the served rating model's item side, for the recommendations' predicted ratings; null when ratings are skipped */
  ratingModel: StoredRatingModel | null;
  /** the served recommender's item side; null when the dataset names no items */
  recommender: LoadedModel | null;
  /** for a UMAP map, which has no axes to place a user on: fitted users' vectors and places */
  mapNeighbours: { vectors: DenseMatrix; x: Float32Array; y: Float32Array } | null;
}

export interface EveryUserOptions {
  settings: PipelineSettings;
  seed: number;
  /** users profiled, assigned, scored and written at a time */
  chunkUsers: number;
  /** how the text block reads texts (the embedding cache, the run's embedder) */
  text?: ApplyTextVectorsOptions;
  progress?: (done: number, total: number) => void;
}

export interface EveryUserResult {
  /** users per segment index, over every user */
  sizes: Int32Array;
  textsWithoutVector: number;
}

export const defaultChunkUsers = 10_000;

const churnName = churnTarget.nameOf('');

/**
 * Some users' events (all of them) and the items they name, as loadPipelineInput reads them, and
 * which of them have the attributes the run's attribute models guess (readChunkUsers).
 */
export type ReadUsers = (
  userIds: string[],
) => Promise<{ events: EventTable; items: ItemTable; attributeHolders: AttributeHolders }>;

/** The attribute models a chunk is scored with, and which of its users have each attribute. */
export interface ChunkAttributes {
  models: LoadedAttributeModels;
  holders: AttributeHolders;
}

/**
 * The second half of a run fitted on a sample: every user of `userIds`, chunk by chunk, is
 * profiled with the fitted profile model, put in the segment of the nearest centroid, scored
 * with the stored score models, given the stored attribute models' guesses of the attributes
 * they lack and the stored recommender's top items (the functions real-time updates use), and
 * the chunk's rows are written to the still-running run (profileInParts: reading, computing and
 * writing overlap).
 */
export async function profileEveryUser(
  runId: number,
  userIds: string[],
  read: ReadUsers,
  fitted: FittedModels,
  options: EveryUserOptions,
): Promise<EveryUserResult> {
  const models = await restoreScoreModels(fitted.scoreModels);
  const attributeModels = fitted.attributeModels ? await restoreAttributeModels(fitted.attributeModels) : null;
  try {
    // the same stream of sample keys as a run fitted on everyone: one per user, in user order
    return await profileInParts(
      userIds,
      read,
      fitted,
      models,
      createSeededRandom(options.seed),
      { ...options, partUsers: options.chunkUsers },
      (chunk) => writeRunRows(runId, chunk),
      attributeModels,
    );
  } finally {
    freeScoreModels(models);
    attributeModels?.free();
  }
}

/**
 * `userIds` profiled, assigned, scored and recommended `partUsers` at a time (profileChunk), in
 * a pipeline (pipelineInParts), so the database's reading and writing (on the 1M-user demo, each
 * about a third of a chunk's time) run beside this process's work. With `attributeModels`, each
 * part's users who lack an attribute get its guess.
 */
export async function profileInParts(
  userIds: string[],
  read: ReadUsers,
  fitted: Omit<FittedModels, 'scoreModels' | 'attributeModels'>,
  models: LoadedScoreModel[],
  random: SeededRandom,
  options: Pick<EveryUserOptions, 'settings' | 'text' | 'progress'> & { partUsers: number },
  write: (chunk: ProfiledChunk) => Promise<void>,
  attributeModels: LoadedAttributeModels | null = null,
): Promise<EveryUserResult> {
  const users = userIds.length;
  const sizes = new Int32Array(fitted.centroids.rows);
  let textsWithoutVector = 0;
  await pipelineInParts(users, options.partUsers, {
    read: (from, to) => read(userIds.slice(from, to)),
    async compute({ events, items, attributeHolders }) {
      const attributes = attributeModels ? { models: attributeModels, holders: attributeHolders } : null;
      const chunk = await profileChunk(events, items, fitted, models, random, options, attributes);
      textsWithoutVector += chunk.textsWithoutVector;
      for (const profile of chunk.profiles) sizes[profile.segmentIndex]++;
      return chunk;
    },
    write: (chunk, to) => write(chunk).then(() => options.progress?.(to, users)),
  });
  return { sizes, textsWithoutVector };
}

export interface ProfiledChunk {
  profiles: StoredProfile[];
  scores: Iterable<StoredScore>;
  recommendations: Iterable<StoredRecommendation>;
  textsWithoutVector: number;
}

/**
 * One chunk of users (all their events): profiled with the fitted profile model, put in the
 * segment of the nearest centroid, scored with the restored score models and predicted value's
 * model, given the attribute models' guesses of the attributes they lack, and given the stored
 * recommender's top items with the rating the stored rating model predicts once the user's own
 * ratings are folded in. `random` gives the users' sample keys in user order: positioned at
 * the chunk's first user, the keys are those a run over every user in one pass gives them.
 */
export async function profileChunk(
  events: EventTable,
  items: ItemTable,
  fitted: Omit<FittedModels, 'scoreModels' | 'attributeModels'>,
  models: LoadedScoreModel[],
  random: SeededRandom,
  options: Pick<EveryUserOptions, 'settings' | 'text'>,
  attributes: ChunkAttributes | null = null,
): Promise<ProfiledChunk> {
  const profiles = await profileWithModel(
    events,
    items,
    options.settings,
    fitted.profileModel,
    fitted.profileModel.asOf,
    options.text,
  );
  const nearest = assignToNearestCentroids(profiles.vectors, fitted.centroids);
  const map = profiles.map ?? placeBesideNearest(profiles.vectors, fitted.mapNeighbours);
  const isPurchase = purchaseTypeMask(events, options.settings);
  const scored = scoreWithModels(models, {
    behaviour: profiles.raw,
    purchases: (horizonDays) => purchasesAsOf(events, isPurchase, fitted.profileModel.asOf, horizonDays),
  });
  const churn = scored.find((score) => score.target === churnName)?.values;
  const guessed = attributes ? guessChunkAttributes(attributes, events, profiles.vectors) : [];
  const recommended = fitted.recommender
    ? recommendWithStoredModel(fitted.recommender, { events, items, settings: options.settings })
    : null;
  const ratings =
    recommended && fitted.ratingModel
      ? foldInRatings(fitted.ratingModel, explicitRatings(events), events.itemIds)
      : null;
  const chunkProfiles: StoredProfile[] = [];
  for (let u = 0; u < events.userIds.length; u++) {
    chunkProfiles.push({
      userId: events.userIds[u],
      segmentIndex: nearest.labels[u],
      vector: rowOf(profiles.vectors, u),
      mapX: map.x[u],
      mapY: map.y[u],
      distance: Math.sqrt(nearest.squaredDistances[u]),
      sampleKey: random.next(),
      features: readableFeatures(profiles.featureNames, profiles.raw, u, {
        churn: churn?.[u],
        sentiment: profiles.sentiment[u],
      }),
    });
  }
  const scores: Iterable<StoredScore> = {
    *[Symbol.iterator]() {
      for (const { target, values } of scored) {
        for (let u = 0; u < values.length; u++) yield { target, userId: events.userIds[u], value: values[u] };
      }
      yield* guessed;
    },
  };
  const recommendations: Iterable<StoredRecommendation> = {
    *[Symbol.iterator]() {
      if (!recommended) return;
      for (let row = 0; row < recommended.user.length; row++) {
        yield {
          userId: events.userIds[recommended.user[row]],
          rank: recommended.rank[row],
          itemId: recommended.item[row],
          score: recommended.score[row],
          reason: recommended.reason[row],
          predictedRating: ratings
            ? Math.round(ratings.predict(recommended.user[row], recommended.item[row]) * 100) / 100
            : null,
        };
      }
    },
  };
  return { profiles: chunkProfiles, scores, recommendations, textsWithoutVector: profiles.textsWithoutVector };
}

/** The attribute models' guesses for the chunk's users who lack each attribute, from their profile vectors and items. */
function guessChunkAttributes(attributes: ChunkAttributes, events: EventTable, profile: DenseMatrix): StoredScore[] {
  const features = attributeModelFeatures(
    attributes.models,
    profile,
    buildUserItemInteractions(events),
    events.itemIds,
  );
  return guessAttributes(
    attributes.models,
    features,
    events.userIds,
    (attribute, u) => !attributes.holders.get(attribute)?.has(events.userIds[u]),
  );
}

/** Map places for a UMAP run: each user where the nearest of the fitted users is. */
function placeBesideNearest(
  vectors: DenseMatrix,
  neighbours: FittedModels['mapNeighbours'],
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(vectors.rows);
  const y = new Float32Array(vectors.rows);
  if (!neighbours || neighbours.vectors.rows === 0) return { x, y };
  const nearest = assignToNearestCentroids(vectors, neighbours.vectors);
  for (let u = 0; u < vectors.rows; u++) {
    x[u] = neighbours.x[nearest.labels[u]];
    y[u] = neighbours.y[nearest.labels[u]];
  }
  return { x, y };
}
