import type { AttributeModels, StoredAttributeModel } from '@/lib/ml/predict/attributeModels';
import { type EventModels, type EventModelsInProgress, fitEventModelsInThread } from '@/lib/ml/predict/fitEventModels';
import { boostingSettings, boostingUserLimit, eventModelFamilies } from '@/lib/ml/predict/modelSettings';
import { targetRegistry } from '@/lib/ml/predict/targetRegistry';
import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';
import { type PersonaInputs, roundScore, type TargetOutcome } from '@/lib/ml/predict/targets/targetTraining';
import { targetTrainings } from '@/lib/ml/predict/targetTrainings';
import { trainServedRatings } from '@/lib/ml/recommend/ratings/servedRatingModel';
import type { StoredRatingModel } from '@/lib/ml/recommend/ratings/storedRatingModel';
import { describeEaseDevice, type EaseDeviceSettings } from '@/lib/ml/recommend/selectRecommenderOnDevice';
import { servedRecommender } from '@/lib/ml/recommend/servedRecommender';
import {
  type RecommendationsInProgress,
  type TrainAndRecommendOutput,
  trainAndRecommendInThread,
} from '@/lib/ml/recommend/trainAndRecommend';
import { buildUserItemInteractionsWithKinds, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { awaitStoppable } from '@/lib/ml/runtime/awaitStoppable';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { StoredRecommendation, StoredScore, StoredTarget } from '@/lib/runs/runStore';
import type { StageOutcomes, TrainingStage } from './stageOutcome';

export interface PredictionStageInput {
  events: EventTable;
  items: ItemTable;
  attributes: AttributeColumn[];
  settings: PipelineSettings;
  /** the dataset's custom goals, as given to startEventWork */
  goals: StoredGoal[];
  /** the run's profile vectors, one row per user */
  profile: DenseMatrix;
  /** a readable name per profile column, for the top contributing features of attribute models */
  profileColumnNames?: string[];
  /** segment per user */
  labels: Int32Array;
  seed: number;
  /** from startEventWork; the caller hands the recommender its segments (recommending.giveSegments) */
  eventWork: EventWork;
  log: (line: string) => void;
  /** where each target's stage and the recommendations record what they did */
  outcomes: StageOutcomes;
  /** how far the stage is, 0-1, and what it is doing; may throw to stop the run (a cancelled job) */
  progress?: (fraction: number, detail: string) => void;
  /** throws to stop the run; called while the stage waits on its threads, which call no progress */
  checkpoint?: () => void;
}

export interface EventWork {
  interactions: UserItemInteractions;
  /** null when no event names an item: there is nothing to recommend */
  recommending: RecommendationsInProgress | null;
  eventModels: EventModelsInProgress;
  /** ends both threads (the run failed) */
  stop(): void;
}

export interface PredictionStageOutput {
  targets: StoredTarget[];
  /** read once, when the run is written: built row by row from the compact results as it is read */
  scores: Iterable<StoredScore>;
  recommendations: Iterable<StoredRecommendation>;
  churnScore: Float32Array | null;
  propensity: { category: string; scores: Float32Array }[];
  /** expected spend per user in the next settings.valueHorizonDays days; null when skipped or not predictive */
  predictedValue: Float32Array | null;
  /** the served rating model's item side, for users the run was not fitted on; null when ratings are skipped */
  ratingModel: StoredRatingModel | null;
  /** the custom goals with predictive scores, for the personas */
  goals: NonNullable<PersonaInputs['goals']>;
  /** churn, value and attributes (and goals when the dataset has any) from the targets; recommend and ratings */
  metrics: Record<string, unknown>;
  /** the attribute models predictive on their hold-out, to score users the run did not fit; null when none is */
  attributeModels: AttributeModels | null;
}

const recommendationsPerUser = 10;
/** The reason recommendations are skipped on a log whose events name no item. */
export const noItemsReason = 'no item ids in this dataset';
const noRatingsReason = 'no rating events with an item and a value in this dataset';

/**
 * Starts the prediction stage's work that needs only the events, as soon as they are loaded, on
 * two threads beside the main thread's features, text, segments and map stages: the recommender
 * (EASE and ALS fits, the longest single step of training), and the churn and propensity models
 * with the item factors of the attribute models. The recommender's reasons need the segments:
 * hand them over with recommending.giveSegments. `ease` sends EASE's fits to the run's GPU.
 */
export function startEventWork(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  seed: number,
  log: (line: string) => void,
  goals: StoredGoal[] = [],
  ease?: EaseDeviceSettings,
): EventWork {
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, { purchaseTypes: settings.purchaseTypes });
  const recommending =
    interactions.itemIndex.length === 0
      ? null
      : trainAndRecommendInThread(
          {
            interactions,
            kinds,
            eventTypes: events.types,
            itemTitles: items.titles,
            itemIds: events.itemIds,
            n: recommendationsPerUser,
            seed,
            split: settings.recommendSplit,
            ...(ease ? { ease } : {}),
          },
          log,
        );
  recommending?.result.catch(() => {});
  const eventModels = fitEventModelsInThread(
    {
      events,
      items,
      settings,
      interactions,
      goals,
      seed,
      families: eventModelFamilies(events.userIds.length),
      boosting: boostingSettings,
    },
    log,
  );
  eventModels.result.catch(() => {});
  return {
    interactions,
    recommending,
    eventModels,
    stop() {
      recommending?.stop();
      eventModels.stop();
    },
  };
}

/**
 * Every target of the registry (churn, category propensity, predicted value, custom goals,
 * attribute inference) and recommendations for a run. Every quality figure comes from rows the
 * model did not see (a stratified hold-out, or for recommendations the inner validation split),
 * next to its baseline.
 */
export async function runPredictionStage(input: PredictionStageInput): Promise<PredictionStageOutput> {
  const { interactions, recommending, eventModels } = input.eventWork;
  const progress = input.progress ?? (() => {});
  progress(0, 'churn and purchase propensity models');
  const fitted = await awaitStoppable(eventModels.result, input.checkpoint);
  const targets = await trainTargets(input, interactions, fitted, (fraction, detail) =>
    progress(0.4 + 0.45 * fraction, detail),
  );
  const attributeModels: AttributeModels | null = targets.attributeModels.length
    ? { itemIds: input.events.itemIds, itemSide: fitted.itemSide, models: targets.attributeModels }
    : null;
  return { ...(await recommend(input, targets, recommending?.result ?? null, progress)), attributeModels };
}

interface TrainedTargets {
  targets: StoredTarget[];
  scores: Iterable<StoredScore>;
  personas: PersonaInputs;
  metrics: Record<string, unknown>;
  attributeModels: StoredAttributeModel[];
}

/** Each registry target in turn: what its event-thread part fitted, made into stored rows and outcomes. */
async function trainTargets(
  input: PredictionStageInput,
  interactions: UserItemInteractions,
  { fitted, itemFactors }: EventModels,
  progress: (fraction: number, detail: string) => void,
): Promise<TrainedTargets> {
  const { events, log, outcomes } = input;
  if (events.userIds.length > boostingUserLimit)
    log(`Over ${boostingUserLimit} users: boosted trees not tried, linear models only`);
  const targets: StoredTarget[] = [];
  const scoreBlocks: Iterable<StoredScore>[] = [];
  const personas: PersonaInputs = {};
  const metrics: Record<string, unknown> = {};
  const attributeModels: StoredAttributeModel[] = [];
  progress(0, 'attribute models');
  for (const { key } of targetRegistry) {
    const collected = await targetTrainings[key].collect(fitted[key], {
      events,
      settings: input.settings,
      attributes: input.attributes,
      goals: input.goals,
      seed: input.seed,
      profile: input.profile,
      profileColumnNames: input.profileColumnNames,
      interactions,
      itemFactors,
      log,
      progress,
    });
    targets.push(...collected.targets);
    scoreBlocks.push(...collected.scores);
    Object.assign(personas, collected.personas);
    Object.assign(metrics, collected.metrics);
    attributeModels.push(...(collected.attributeModels ?? []));
    if (collected.outcome) record(outcomes, collected.outcome);
  }
  return {
    targets,
    scores: {
      *[Symbol.iterator]() {
        for (const block of scoreBlocks) yield* block;
      },
    },
    personas,
    metrics,
    attributeModels,
  };
}

function record(outcomes: StageOutcomes, outcome: TargetOutcome): void {
  const stage = outcome.stage as TrainingStage;
  if (outcome.status === 'ran') outcomes.ran(stage, outcome.note);
  else outcomes.skipped(stage, outcome.reason);
}

async function recommend(
  input: PredictionStageInput,
  trained: TrainedTargets,
  recommending: Promise<TrainAndRecommendOutput> | null,
  progress: (fraction: number, detail: string) => void,
): Promise<Omit<PredictionStageOutput, 'attributeModels'>> {
  const { events, seed, log, outcomes } = input;
  const { targets, scores } = trained;
  const churnScore = trained.personas.churnScore ?? null;
  const propensity = trained.personas.propensity ?? [];
  const predictedValue = trained.personas.predictedValue ?? null;
  const goals = trained.personas.goals ?? [];
  const metrics = trained.metrics;
  if (!recommending) {
    outcomes.skipped('recommendations', noItemsReason);
    outcomes.skipped('ratings', noRatingsReason);
    return {
      targets,
      scores,
      recommendations: [],
      churnScore,
      propensity,
      predictedValue,
      ratingModel: null,
      goals,
      metrics: {
        ...metrics,
        recommend: { skipped: noItemsReason },
        ratings: { skipped: noRatingsReason },
      },
    };
  }
  progress(0.85, 'recommendations');
  const recommended = await awaitStoppable(recommending, input.checkpoint);
  const ratings = trainServedRatings(events, seed);
  const predictedRating =
    ratings.status === 'trained'
      ? (user: number, item: number) => Math.round(ratings.predict(user, item) * 100) / 100
      : () => null;
  const recommendations: Iterable<StoredRecommendation> = {
    *[Symbol.iterator]() {
      const { users: recommendedUsers, n, items, scores, reasons } = recommended;
      for (let r = 0; r < recommendedUsers.length; r++) {
        for (let slot = 0; slot < n; slot++) {
          const item = items[r * n + slot];
          if (item < 0) break;
          yield {
            userId: events.userIds[recommendedUsers[r]],
            rank: slot + 1,
            itemId: events.itemIds[item],
            score: roundScore(scores[r * n + slot]),
            reason: reasons[r * n + slot],
            predictedRating: predictedRating(recommendedUsers[r], item),
          };
        }
      }
    },
  };
  const { selection } = recommended;
  const popularity = selection.candidates.find((candidate) => candidate.name === 'popularity');
  const winner = selection.candidates.find(
    (candidate) =>
      candidate.name === selection.winner.name &&
      JSON.stringify(candidate.params) === JSON.stringify(selection.winner.params),
  );
  const served = servedRecommender(selection);
  const recommendMetrics = {
    model: selection.winner.name,
    params: selection.winner.params,
    validationNdcg: winner?.validationNdcg ?? null,
    popularityNdcg: popularity?.validationNdcg ?? null,
    ...(served.replaced ? { replacedByPopularity: served.replaced } : {}),
    candidates: selection.candidates,
    split: selection.validation,
    ...(selection.easeDevice ? { easeDevice: selection.easeDevice } : {}),
  };
  if (selection.easeDevice) log(describeEaseDevice(selection.easeDevice));
  log(
    `Recommendations: ${selection.winner.name} (validation nDCG@10 ${winner?.validationNdcg?.toFixed(3)} vs popularity ${popularity?.validationNdcg?.toFixed(3)})`,
  );
  outcomes.ran('recommendations', served.note);
  if (ratings.status === 'skipped') outcomes.skipped('ratings', ratings.reason);
  else {
    const { metrics: rated } = ratings;
    log(
      `Ratings: ${rated.model} (validation RMSE ${rated.validationRmse.toFixed(3)} vs mean plus biases ${rated.baseline.rmse.toFixed(3)}, ${rated.ratings} ratings)`,
    );
    outcomes.ran(
      'ratings',
      rated.replacedByBaseline ? `mean plus biases served: ${rated.replacedByBaseline}` : undefined,
    );
  }

  return {
    targets,
    scores,
    recommendations,
    churnScore,
    propensity,
    predictedValue,
    ratingModel: ratings.status === 'trained' ? ratings.store(events.itemIds) : null,
    goals,
    metrics: {
      ...metrics,
      recommend: recommendMetrics,
      ratings: ratings.status === 'trained' ? ratings.metrics : { skipped: ratings.reason },
    },
  };
}
