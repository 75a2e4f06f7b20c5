import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import { type EventModels, type EventModelsInProgress, fitEventModelsInThread } from '@/lib/ml/predict/fitEventModels';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import {
  attributeFamilies,
  boostingSettings,
  boostingUserLimit,
  eventModelFamilies,
} from '@/lib/ml/predict/modelSettings';
import { type PredictiveVerdict, predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import { selectRows, type TrainTargetResult, trainTarget } from '@/lib/ml/predict/trainTarget';
import { valueTargetName } from '@/lib/ml/predict/valueTargetName';
import { withLinearFallback } from '@/lib/ml/predict/withLinearFallback';
import { trainServedRatings } from '@/lib/ml/recommend/ratings/servedRatingModel';
import { servedRecommender } from '@/lib/ml/recommend/servedRecommender';
import {
  type RecommendationsInProgress,
  type TrainAndRecommendOutput,
  trainAndRecommendInThread,
} from '@/lib/ml/recommend/trainAndRecommend';
import { buildUserItemInteractionsWithKinds, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { StoredRecommendation, StoredScore, StoredTarget } from '@/lib/runs/runStore';
import type { StageOutcomes } from './stageOutcome';

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
  /** from startEventWork; the caller hands the recommender its segments (recommending.giveSegments) */
  eventWork: EventWork;
  log: (line: string) => void;
  /** where the churn, propensity, attributes and recommendations stages record what they did */
  outcomes: StageOutcomes;
  /** how far the stage is, 0-1, and what it is doing; must not throw */
  progress?: (fraction: number, detail: string) => void;
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
  metrics: {
    churn: object | null;
    recommend: object;
    attributes: Record<string, object>;
    ratings: object;
    value: object;
  };
}

const recommendationsPerUser = 10;
/** The reason recommendations are skipped on a log whose events name no item. */
export const noItemsReason = 'no item ids in this dataset';
const noRatingsReason = 'no rating events with an item and a value in this dataset';

function verdictOf(result: TrainTargetResult): PredictiveVerdict {
  return result.status === 'trained' ? predictiveVerdict(result.holdout) : { predictive: false };
}

function quality(result: TrainTargetResult, extra: object = {}): object {
  if (result.status === 'skipped') return { reason: result.reason, labelled: result.labelled, ...extra };
  const verdict = verdictOf(result);
  return {
    ...result.holdout,
    predictive: verdict.predictive,
    ...(verdict.reason ? { notPredictive: verdict.reason } : {}),
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
 * Churn, category propensity, predicted value, attribute inference and recommendations for a run. Every quality
 * figure comes from rows the model did not see (a stratified hold-out, or for recommendations
 * the inner validation split), next to its baseline.
 */
export async function runPredictionStage(input: PredictionStageInput): Promise<PredictionStageOutput> {
  const { interactions, recommending, eventModels } = input.eventWork;
  return predictTargets(input, interactions, eventModels.result, recommending?.result ?? null);
}

async function predictTargets(
  input: PredictionStageInput,
  interactions: UserItemInteractions,
  eventModels: Promise<EventModels>,
  recommending: Promise<TrainAndRecommendOutput> | null,
): Promise<PredictionStageOutput> {
  const { events, settings, seed, log, outcomes } = input;
  const users = events.userIds.length;
  const horizon = { horizonDays: settings.horizonDays, split: 'stratified hold-out 20%' };
  if (users > boostingUserLimit) log(`Over ${boostingUserLimit} users: boosted trees not tried, linear models only`);

  const targets: StoredTarget[] = [];
  // Per-user scores and recommendations are a million rows at 100,000 users: they stay in typed
  // arrays until written, rather than living as objects through the rest of the run.
  const scoreBlocks: Iterable<StoredScore>[] = [];
  const userScores = (name: string, values: Float64Array): Iterable<StoredScore> => ({
    *[Symbol.iterator]() {
      for (let u = 0; u < values.length; u++)
        yield { target: name, userId: events.userIds[u], value: round(values[u]) };
    },
  });

  const progress = input.progress ?? (() => {});
  progress(0, 'churn and purchase propensity models');
  const { churn, propensity: categoryTargets, value, itemFactors } = await eventModels;
  progress(0.4, 'attribute models');
  let churnScore: Float32Array | null = null;
  const churnVerdict = churn.result ? verdictOf(churn.result) : null;
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
  // A model that does not beat its baseline stores no scores: nothing can show them as risk.
  if (churn.churnProbability && churnVerdict?.predictive) {
    churnScore = Float32Array.from(churn.churnProbability);
    scoreBlocks.push(userScores('churn', churn.churnProbability));
  }
  log(
    churn.contract.churn
      ? `Churn: hold-out AUC ${churn.contract.churn.auc.toFixed(3)}`
      : `Churn skipped: ${churn.contract.reason}`,
  );
  if (!churn.result || churn.result.status === 'skipped') {
    outcomes.skipped('churn', churn.contract.reason ?? 'not enough data');
  } else {
    outcomes.ran('churn', churnVerdict?.reason ? `${churnVerdict.reason}; no churn scores stored` : undefined);
  }

  const propensity: PredictionStageOutput['propensity'] = [];
  if (categoryTargets.status === 'ready') {
    const notPredictive: string[] = [];
    for (const category of categoryTargets.categories) {
      const name = `propensity:${category.category}`;
      targets.push(target(name, 'binary', category.result, { ...horizon, category: category.category }));
      if (category.result.status === 'trained' && !verdictOf(category.result).predictive) {
        notPredictive.push(category.category);
        continue;
      }
      if (category.probability) {
        propensity.push({ category: category.category, scores: Float32Array.from(category.probability) });
        scoreBlocks.push(userScores(name, category.probability));
      }
    }
    outcomes.ran(
      'propensity',
      notPredictive.length
        ? `not predictive for ${notPredictive.join(', ')} (hold-out AUC below 0.55); their scores are not stored`
        : undefined,
    );
  } else {
    outcomes.skipped('propensity', categoryTargets.reason);
    targets.push({
      target: 'propensity',
      kind: 'binary',
      status: 'skipped',
      reason: categoryTargets.reason,
      quality: { reason: categoryTargets.reason },
    });
    log(`Purchase propensity skipped: ${categoryTargets.reason}`);
  }

  const valueTarget = valueTargetName(settings.valueHorizonDays);
  let predictedValue: Float32Array | null = null;
  if (value.status === 'skipped') {
    targets.push({
      target: valueTarget,
      kind: 'numeric',
      status: 'skipped',
      reason: value.reason,
      quality: { reason: value.reason, horizonDays: settings.valueHorizonDays },
    });
    outcomes.skipped('value', value.reason);
  } else {
    const { contract } = value;
    targets.push({
      target: valueTarget,
      kind: 'numeric',
      status: 'trained',
      reason: null,
      model: contract.model,
      // the headline fields every target has (metric, value, baseline as numbers), the rest beside them
      quality: {
        ...contract,
        metric: 'spearman',
        value: contract.spearman,
        baseline: contract.baseline.spearman,
        baselineScores: contract.baseline,
      },
    });
    log(
      `Predicted value: ${contract.model} (hold-out Spearman ${contract.spearman.toFixed(3)} vs previous ${contract.horizonDays} days ${contract.baseline.spearman.toFixed(3)})`,
    );
    // as for churn, a model no better than its baseline stores no predictions
    if (contract.predictive) {
      predictedValue = Float32Array.from(value.predictedValue);
      scoreBlocks.push(userScores(valueTarget, value.predictedValue));
    }
    outcomes.ran('value', contract.notPredictive ? `${contract.notPredictive}; no predicted values stored` : undefined);
  }

  const attributeOutcome = { trained: 0, notPredictive: [] as string[], skipped: 0 };
  const { matrix: attributeMatrix, names: attributeFeatureNames } = attributeFeatures({
    profile: input.profile,
    itemFactors,
    interactions,
    itemIds: events.itemIds,
    profileColumnNames: input.profileColumnNames,
  });
  const attributeMetrics: Record<string, object> = {};
  const predictedAttributes = input.attributes.filter(
    (column) => !settings.evaluationOnlyAttributes.includes(column.name),
  );
  for (const [columnIndex, column] of predictedAttributes.entries()) {
    progress(
      0.4 + (0.45 * columnIndex) / predictedAttributes.length,
      `attribute models: ${column.name} (${columnIndex + 1} of ${predictedAttributes.length})`,
    );
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
      attributeOutcome.skipped++;
      continue;
    }
    const choice = attributeFamilies(encoded.kind, encoded.classNames?.length ?? 0, users);
    const has = new Uint8Array(users);
    for (const row of encoded.rows) has[row] = 1;
    const missingRows = Int32Array.from({ length: users }, (_, u) => u).filter((u) => has[u] === 0);
    const train = (families: PredictorFamily[]) =>
      trainTarget({
        features: selectRows(attributeMatrix, encoded.rows),
        labels: encoded.labels,
        kind: encoded.kind,
        featureNames: attributeFeatureNames,
        classNames: encoded.classNames,
        predictFeatures: missingRows.length ? selectRows(attributeMatrix, missingRows) : undefined,
        seed,
        boosting: boostingSettings,
        families,
      });
    const { result, families, note } = await withLinearFallback(choice.families, train);
    if (note) log(`${name}: ${note}`);
    const familiesNote = note ?? choice.reason;
    targets.push(
      target(name, encoded.kind, result, {
        split: 'stratified hold-out 20%',
        familiesTried: families,
        ...(familiesNote ? { familiesNote } : {}),
      }),
    );
    const verdict = verdictOf(result);
    if (result.status === 'trained') {
      attributeOutcome.trained++;
      if (!verdict.predictive) attributeOutcome.notPredictive.push(column.name);
      attributeMetrics[column.name] = {
        metric: result.holdout.metric,
        value: result.holdout.value,
        baseline: result.holdout.baseline,
        predictive: verdict.predictive,
      };
    } else attributeOutcome.skipped++;
    if (result.status !== 'trained' || !result.predictions || !verdict.predictive) continue;
    const predictions = result.predictions;
    const classes = encoded.classNames ?? [];
    const kind = encoded.kind;
    // built as written, like the other scores: at a million users these were objects held through the run
    scoreBlocks.push({
      *[Symbol.iterator]() {
        for (let r = 0; r < missingRows.length; r++) {
          const u = missingRows[r];
          const userId = events.userIds[u];
          if (kind === 'multiclass') {
            const probabilities = Array.from(predictions.subarray(r * classes.length, (r + 1) * classes.length));
            const best = probabilities.indexOf(Math.max(...probabilities));
            yield {
              target: name,
              userId,
              value: round(probabilities[best]),
              detail: {
                predicted: classes[best],
                probabilities: Object.fromEntries(classes.map((c, i) => [c, round(probabilities[i])])),
              },
            };
          } else if (kind === 'binary') {
            const p = predictions[r];
            yield {
              target: name,
              userId,
              value: round(p),
              detail: { predicted: classes[p >= 0.5 ? 1 : 0] ?? null, positive: classes[1] ?? 'true' },
            };
          } else {
            yield {
              target: name,
              userId,
              value: round(predictions[r]),
              detail: { predicted: round(predictions[r]) },
            };
          }
        }
      },
    });
  }

  const inferable = input.attributes.filter((column) => !settings.evaluationOnlyAttributes.includes(column.name));
  if (inferable.length === 0) outcomes.skipped('attributes', 'no user attributes in this dataset');
  else if (attributeOutcome.trained === 0) outcomes.skipped('attributes', 'no attribute has enough labelled users');
  else
    outcomes.ran(
      'attributes',
      attributeOutcome.notPredictive.length
        ? `not predictive for ${attributeOutcome.notPredictive.join(', ')}; their guesses are not stored`
        : undefined,
    );

  const scores = {
    *[Symbol.iterator]() {
      for (const block of scoreBlocks) yield* block;
    },
  };
  const metrics = {
    churn: churn.contract.churn
      ? { ...churn.contract.churn, predictive: churnVerdict?.predictive ?? false }
      : { skipped: churn.contract.reason },
    value: value.status === 'trained' ? value.contract : { skipped: value.reason },
  };
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
      metrics: {
        ...metrics,
        recommend: { skipped: noItemsReason },
        attributes: attributeMetrics,
        ratings: { skipped: noRatingsReason },
      },
    };
  }
  progress(0.85, 'recommendations');
  const recommended = await recommending;
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
            score: round(scores[r * n + slot]),
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
  };
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
    metrics: {
      ...metrics,
      recommend: recommendMetrics,
      attributes: attributeMetrics,
      ratings: ratings.status === 'trained' ? ratings.metrics : { skipped: ratings.reason },
    },
  };
}
