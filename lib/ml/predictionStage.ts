import type { StoredRecommendation, StoredScore, StoredTarget } from '@/lib/runs/runStore';
import { attributeFamilies, boostingUserLimit } from './predict/attributeFamilies';
import { concatenateColumns } from './predict/concatenateColumns';
import { encodeAttributeTarget } from './predict/encodeAttributeTarget';
import { type EventModels, type EventModelsInProgress, fitEventModelsInThread } from './predict/fitEventModels';
import { hashedItemFeatures } from './predict/hashedItemFeatures';
import { selectRows, type TrainTargetResult, trainTarget } from './predict/trainTarget';
import {
  type RecommendationsInProgress,
  type TrainAndRecommendOutput,
  trainAndRecommendInThread,
} from './recommend/trainAndRecommend';
import { buildUserItemInteractionsWithKinds, type UserItemInteractions } from './recommend/userItemInteractions';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from './types';

export interface PredictionStageInput {
  events: EventTable;
  items: ItemTable;
  attributes: AttributeColumn[];
  settings: PipelineSettings;
  /** the run's profile vectors, one row per user */
  profile: DenseMatrix;
  /** a readable name per profile column, for the top contributing features of attribute models */
  profileColumnNames?: string[];
  /** segment per user */
  labels: Int32Array;
  seed: number;
  /** attributes that are ground truth for evaluation, never inferred (the demo's true_persona) */
  truthAttributes?: string[];
  /** from startEventWork; the caller hands the recommender its segments (recommending.giveSegments) */
  eventWork: EventWork;
  log: (line: string) => void;
}

export interface EventWork {
  interactions: UserItemInteractions;
  recommending: RecommendationsInProgress;
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
  metrics: { churn: object | null; recommend: object; attributes: Record<string, object> };
}

const recommendationsPerUser = 10;
/**
 * XGBoost runs in WebAssembly on one thread: 60 shallow rounds keep a retrain of ten targets
 * within a minute on 2 cores, and on the demo data more rounds did not win validation.
 */
const boosting = { rounds: 60, maxDepth: 3 };

function quality(result: TrainTargetResult, extra: object = {}): object {
  if (result.status === 'skipped') return { reason: result.reason, labelled: result.labelled, ...extra };
  return {
    ...result.holdout,
    model: result.model,
    validation: result.validation,
    split: result.split,
    trainedOn: result.trainedOn,
    labelled: result.labelled,
    positives: result.positives ?? null,
    negatives: result.negatives ?? null,
    classCounts: result.classCounts ?? null,
    classNames: result.classNames ?? null,
    topFeatures: result.topFeatures,
    ...extra,
  };
}

function target(name: string, kind: StoredTarget['kind'], result: TrainTargetResult, extra: object = {}): StoredTarget {
  return {
    target: name,
    kind,
    status: result.status,
    reason: result.status === 'skipped' ? result.reason : null,
    model: result.status === 'trained' ? result.model : null,
    quality: quality(result, extra),
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * Starts the prediction stage's work that needs only the events, as soon as they are loaded, on
 * two threads beside the main thread's features, text, segments and map stages: the recommender
 * (EASE and ALS fits, the longest single step of training), and the churn and propensity models
 * with the item factors of the attribute models. The recommender's reasons need the segments:
 * hand them over with recommending.giveSegments.
 */
export function startEventWork(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  seed: number,
  log: (line: string) => void,
): EventWork {
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, { purchaseTypes: settings.purchaseTypes });
  const recommending = trainAndRecommendInThread(
    {
      interactions,
      kinds,
      eventTypes: events.types,
      itemTitles: items.titles,
      itemIds: events.itemIds,
      n: recommendationsPerUser,
      seed,
    },
    log,
  );
  recommending.result.catch(() => {});
  const eventModels = fitEventModelsInThread(
    {
      events,
      items,
      settings,
      interactions,
      seed,
      families: events.userIds.length > boostingUserLimit ? ['linear'] : ['linear', 'boosting'],
      boosting,
    },
    log,
  );
  eventModels.result.catch(() => {});
  return {
    interactions,
    recommending,
    eventModels,
    stop() {
      recommending.stop();
      eventModels.stop();
    },
  };
}

/**
 * Churn, category propensity, attribute inference and recommendations for a run. Every quality
 * figure comes from rows the model did not see (a stratified hold-out, or for recommendations
 * the inner validation split), next to its baseline.
 */
export async function runPredictionStage(input: PredictionStageInput): Promise<PredictionStageOutput> {
  const { interactions, recommending, eventModels } = input.eventWork;
  return predictTargets(input, interactions, eventModels.result, recommending.result);
}

async function predictTargets(
  input: PredictionStageInput,
  interactions: UserItemInteractions,
  eventModels: Promise<EventModels>,
  recommending: Promise<TrainAndRecommendOutput>,
): Promise<PredictionStageOutput> {
  const { events, settings, seed, log } = input;
  const users = events.userIds.length;
  const horizon = { horizonDays: settings.horizonDays, split: 'stratified hold-out 20%' };
  if (users > boostingUserLimit) log(`Over ${boostingUserLimit} users: boosted trees not tried, linear models only`);

  const targets: StoredTarget[] = [];
  // Per-user scores and recommendations are a million rows at 100,000 users: they stay in typed
  // arrays until written, rather than living as objects through the rest of the run.
  const scoreBlocks: Iterable<StoredScore>[] = [];
  const attributeScores: StoredScore[] = [];
  const userScores = (name: string, values: Float64Array): Iterable<StoredScore> => ({
    *[Symbol.iterator]() {
      for (let u = 0; u < values.length; u++)
        yield { target: name, userId: events.userIds[u], value: round(values[u]) };
    },
  });

  const { churn, propensity: categoryTargets, itemFactors } = await eventModels;
  let churnScore: Float32Array | null = null;
  if (churn.result) {
    targets.push(target('churn', 'binary', churn.result, { ...horizon, positiveClass: 'churned' }));
  } else {
    targets.push({
      target: 'churn',
      kind: 'binary',
      status: 'skipped',
      reason: churn.contract.reason ?? 'not enough data',
      quality: { reason: churn.contract.reason },
    });
  }
  if (churn.churnProbability) {
    churnScore = Float32Array.from(churn.churnProbability);
    scoreBlocks.push(userScores('churn', churn.churnProbability));
  }
  log(
    churn.contract.churn
      ? `Churn: hold-out AUC ${churn.contract.churn.auc.toFixed(3)}`
      : `Churn skipped: ${churn.contract.reason}`,
  );

  const propensity: PredictionStageOutput['propensity'] = [];
  if (categoryTargets.status === 'ready') {
    for (const category of categoryTargets.categories) {
      const name = `propensity:${category.category}`;
      targets.push(target(name, 'binary', category.result, { ...horizon, category: category.category }));
      if (category.probability) {
        propensity.push({ category: category.category, scores: Float32Array.from(category.probability) });
        scoreBlocks.push(userScores(name, category.probability));
      }
    }
  } else {
    targets.push({
      target: 'propensity',
      kind: 'binary',
      status: 'skipped',
      reason: categoryTargets.reason,
      quality: { reason: categoryTargets.reason },
    });
    log(`Purchase propensity skipped: ${categoryTargets.reason}`);
  }

  const attributeFeatures = concatenateColumns(
    input.profile,
    itemFactors,
    hashedItemFeatures(interactions, events.itemIds),
  );
  const itemFactorEnd = input.profile.cols + itemFactors.cols;
  const attributeFeatureNames = Array.from({ length: attributeFeatures.cols }, (_, c) =>
    c < input.profile.cols
      ? (input.profileColumnNames?.[c] ?? `profile ${c}`)
      : c < itemFactorEnd
        ? `item factor ${c - input.profile.cols}`
        : `item bucket ${c - itemFactorEnd}`,
  );
  const attributeMetrics: Record<string, object> = {};
  const truth = new Set(input.truthAttributes ?? []);
  for (const column of input.attributes) {
    if (truth.has(column.name)) continue;
    const encoded = encodeAttributeTarget(column, { sensitiveAttributes: settings.sensitiveAttributes });
    const name = `attr:${column.name}`;
    if (encoded.status === 'skipped') {
      targets.push({
        target: name,
        kind: 'multiclass',
        status: 'skipped',
        reason: encoded.reason,
        quality: { reason: encoded.reason },
      });
      continue;
    }
    const choice = attributeFamilies(encoded.kind, encoded.classNames?.length ?? 0, users);
    const has = new Uint8Array(users);
    for (const row of encoded.rows) has[row] = 1;
    const missingRows = Int32Array.from({ length: users }, (_, u) => u).filter((u) => has[u] === 0);
    const result = await trainTarget({
      features: selectRows(attributeFeatures, encoded.rows),
      labels: encoded.labels,
      kind: encoded.kind,
      featureNames: attributeFeatureNames,
      classNames: encoded.classNames,
      predictFeatures: missingRows.length ? selectRows(attributeFeatures, missingRows) : undefined,
      seed,
      boosting,
      families: choice.families,
    });
    targets.push(
      target(name, encoded.kind, result, {
        split: 'stratified hold-out 20%',
        familiesTried: choice.families,
        ...(choice.reason ? { familiesNote: choice.reason } : {}),
      }),
    );
    if (result.status === 'trained')
      attributeMetrics[column.name] = {
        metric: result.holdout.metric,
        value: result.holdout.value,
        baseline: result.holdout.baseline,
      };
    if (result.status !== 'trained' || !result.predictions) continue;
    const predictions = result.predictions;
    const classes = encoded.classNames ?? [];
    missingRows.forEach((u, r) => {
      const userId = events.userIds[u];
      if (encoded.kind === 'multiclass') {
        const probabilities = Array.from(predictions.subarray(r * classes.length, (r + 1) * classes.length));
        const best = probabilities.indexOf(Math.max(...probabilities));
        attributeScores.push({
          target: name,
          userId,
          value: round(probabilities[best]),
          detail: {
            predicted: classes[best],
            probabilities: Object.fromEntries(classes.map((c, i) => [c, round(probabilities[i])])),
          },
        });
      } else if (encoded.kind === 'binary') {
        const p = predictions[r];
        attributeScores.push({
          target: name,
          userId,
          value: round(p),
          detail: { predicted: classes[p >= 0.5 ? 1 : 0] ?? null, positive: classes[1] ?? 'true' },
        });
      } else {
        attributeScores.push({
          target: name,
          userId,
          value: round(predictions[r]),
          detail: { predicted: round(predictions[r]) },
        });
      }
    });
  }

  scoreBlocks.push(attributeScores);
  const recommended = await recommending;
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
            score: round(scores[r * n + slot]),
            reason: reasons[r * n + slot],
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
  const recommendMetrics = {
    model: selection.winner.name,
    params: selection.winner.params,
    validationNdcg: winner?.validationNdcg ?? null,
    popularityNdcg: popularity?.validationNdcg ?? null,
    candidates: selection.candidates,
    split: selection.validation,
  };
  log(
    `Recommendations: ${selection.winner.name} (validation nDCG@10 ${winner?.validationNdcg?.toFixed(3)} vs popularity ${popularity?.validationNdcg?.toFixed(3)})`,
  );

  return {
    targets,
    scores: {
      *[Symbol.iterator]() {
        for (const block of scoreBlocks) yield* block;
      },
    },
    recommendations,
    churnScore,
    propensity,
    metrics: {
      churn: churn.contract.churn ?? { skipped: churn.contract.reason },
      recommend: recommendMetrics,
      attributes: attributeMetrics,
    },
  };
}
