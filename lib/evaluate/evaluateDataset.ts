import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { behaviourFeatureFunction } from '@/lib/ml/predict/behaviourFeatureFunction';
import { crossValidateAttribute } from '@/lib/ml/predict/crossValidateAttribute';
import { encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { interactionSvdFeatures } from '@/lib/ml/predict/interactionSvdFeatures';
import { attributeFamilies, boostingSettings, eventModelFamilies } from '@/lib/ml/predict/modelSettings';
import { predictChurn } from '@/lib/ml/predict/predictChurn';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import { predictValue } from '@/lib/ml/predict/predictValue';
import { valueTarget } from '@/lib/ml/predict/targets/value';
import { selectRows } from '@/lib/ml/predict/trainTarget';
import { withLinearFallback } from '@/lib/ml/predict/withLinearFallback';
import { evaluateRecommendations, evaluateServedRecommender } from '@/lib/ml/recommend/evaluateRecommendations';
import { crossValidateRatings } from '@/lib/ml/recommend/ratings/crossValidateRatings';
import { explicitRatings } from '@/lib/ml/recommend/ratings/explicitRatings';
import { ratingsShortfall } from '@/lib/ml/recommend/ratings/servedRatingModel';
import { type RecommenderName, recommenderNames } from '@/lib/ml/recommend/recommender';
import type { RecommenderCandidate } from '@/lib/ml/recommend/selectRecommender';
import { defaultHoldoutFraction } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DeviceChoice } from '@/lib/ml/runtime/device/computeDevice';
import type { DenseMatrix, EventTable } from '@/lib/ml/types';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import type { StageOutcome } from '@/lib/training/stageOutcome';
import { evaluateGoals } from './evaluateGoals';
import { evaluateSegments } from './evaluateSegments';

export interface EvaluateOptions {
  /** default the dataset's recommendSplit setting, the protocol its runs validate the recommender on */
  split?: 'time' | 'random';
  testRatio?: number;
  seed?: number;
  k?: number;
  truth?: string[];
  /** called before each measurement; a job's progress, which may throw to stop between them */
  onStage?: (stage: string, percent: number) => void;
}

/** The active run's profile vectors in the order of events.userIds (zeros for users it lacks). */
async function storedProfiles(datasetId: number, events: EventTable): Promise<DenseMatrix> {
  const { rows } = await getPool().query<{ user_id: string; vector: number[] }>(
    `SELECT p.user_id, p.vector FROM user_profiles p JOIN datasets d ON d.active_run_id = p.run_id WHERE d.id = $1`,
    [datasetId],
  );
  const cols = rows[0]?.vector.length ?? 0;
  const index = new Map(events.userIds.map((id, i) => [id, i]));
  const data = new Float32Array(events.userIds.length * cols);
  for (const row of rows) {
    const i = index.get(row.user_id);
    if (i !== undefined) data.set(row.vector, i * cols);
  }
  return { rows: events.userIds.length, cols, data };
}

/**
 * `portrait evaluate --json`: the active run's segments against truth attributes, and fresh
 * held-out measurements of recommendations (outer split), attribute inference (5-fold CV over
 * labelled users), churn and predicted value (hold-out of users before the cut-off), each beside its baseline.
 */
export async function evaluateDataset(datasetId: number, options: EvaluateOptions = {}) {
  const seed = options.seed ?? 1;
  const truth = options.truth ?? [];
  const onStage = options.onStage ?? (() => {});
  onStage('segments against truth attributes', 0);
  const segments = await evaluateSegments(datasetId, truth);
  const settings = await readPipelineSettings(datasetId);
  const { events, items, attributes } = await loadPipelineInput(datasetId);

  onStage('recommendations on held-out items', 10);
  const run = await activeRunModels(datasetId);
  // by default the protocol the run's recommender was validated on
  const split = options.split ?? settings.recommendSplit;
  const recommendOptions = {
    k: options.k ?? 10,
    split,
    holdoutFraction: options.testRatio ?? defaultHoldoutFraction[split],
    seed,
  } as const;
  // The recommender the active run serves is the one measured; a run from before runs recorded
  // it (or one without item ids) has the choice made here on the training part.
  const { recommend, details } = run.recommender
    ? evaluateServedRecommender(events, run.recommender, recommendOptions)
    : evaluateRecommendations(events, recommendOptions);

  onStage('attribute inference, 5-fold cross-validation', 40);
  const profile = await storedProfiles(datasetId, events);
  const interactions = buildUserItemInteractions(events);
  const features = attributeFeatures({
    profile,
    itemFactors: interactionSvdFeatures(interactions, { seed }),
    interactions,
    itemIds: events.itemIds,
  });
  const attributeReport: Record<string, object> = {};
  for (const column of attributes) {
    if (truth.includes(column.name) || settings.evaluationOnlyAttributes.includes(column.name)) continue;
    const encoded = encodeAttributeTarget(column, { sensitiveAttributes: settings.sensitiveAttributes });
    if (encoded.status === 'skipped') continue;
    const crossValidate = (families: PredictorFamily[]) =>
      crossValidateAttribute({
        features: selectRows(features.matrix, encoded.rows),
        labels: encoded.labels,
        kind: encoded.kind,
        featureNames: features.names,
        classNames: encoded.classNames,
        seed,
        boosting: boostingSettings,
        families,
      });
    const { result, note: familiesNote } = await withLinearFallback(
      attributeFamilies(encoded.kind, encoded.classNames?.length ?? 0, events.userIds.length).families,
      crossValidate,
    );
    if (result.status === 'evaluated') {
      const verdict = predictiveVerdict({ ...result.attribute, auc: result.auc });
      attributeReport[column.name] = {
        ...result.attribute,
        ...(familiesNote ? { familiesNote } : {}),
        predictive: verdict.predictive,
        ...(verdict.reason ? { notPredictive: verdict.reason } : {}),
      };
    }
  }

  onStage('churn on held-out users', 75);
  const { featureFunction, featureNames } = behaviourFeatureFunction(events, items, settings);
  const measureChurn = (families: PredictorFamily[]) =>
    predictChurn(events, settings, featureFunction, {
      featureNames,
      seed,
      boosting: boostingSettings,
      families,
    });
  // the attribute models above share the boosted trees' one heap (training fits churn on a thread of its own)
  const { result: churn, note: churnFamiliesNote } = await withLinearFallback(
    eventModelFamilies(events.userIds.length),
    measureChurn,
  );

  onStage('predicted value on held-out users', 85);
  const value = await predictValue(events, settings, featureFunction, {
    horizonDays: settings.valueHorizonDays,
    seed,
    boosting: boostingSettings,
    families: eventModelFamilies(events.userIds.length),
  });

  onStage('custom goals on held-out users', 88);
  const goals = await evaluateGoals(datasetId, events, items, settings, seed);

  onStage('rating prediction, 5-fold cross-validation', 90);
  const ratings = explicitRatings(events);
  const ratingsShort = ratingsShortfall(ratings);
  const ratingsReport = ratingsShort ? null : crossValidateRatings(ratings, { folds: 5, seed });

  const churnVerdict = churn.contract.churn
    ? predictiveVerdict({ metric: 'auc', value: churn.contract.churn.auc, baseline: 0.5 })
    : null;
  const churnReport = churn.contract.churn
    ? {
        ...churn.contract.churn,
        ...(churnFamiliesNote ? { familiesNote: churnFamiliesNote } : {}),
        predictive: churnVerdict?.predictive ?? false,
        ...(churnVerdict?.reason ? { notPredictive: churnVerdict.reason } : {}),
      }
    : null;
  return {
    segments,
    recommend: {
      ...recommend,
      // the figures differ by split (EASE's best λ does too), so the report names the one measured
      split: details.split,
      holdoutFraction: details.holdoutFraction,
      ...(run.recommendSkipped ? { skippedByRun: run.recommendSkipped } : {}),
      ...(run.replacedByPopularity ? { replacedByPopularity: run.replacedByPopularity } : {}),
    },
    attributes: attributeReport,
    churn: churnReport,
    ...(churn.contract.churn ? {} : { churnReason: churn.contract.reason }),
    /** expected spend in the next H days against "the same as the previous H days"; null without purchase values */
    value: value.status === 'trained' ? value.contract : null,
    ...(value.status === 'skipped' ? { valueReason: value.reason } : {}),
    /** predicted ratings against mean plus biases, 5-fold cross-validated; null without rating events */
    ratings: ratingsReport,
    ...(ratingsShort ? { ratingsReason: ratingsShort } : {}),
    /**
     * every registry target measured here, by stored target name: churn, predicted value and each
     * custom goal (goal:<id>, its definition, hold-out AUC, lift and calibration against AUC 0.5)
     */
    targets: {
      churn: churnReport ?? { skipped: churn.contract.reason },
      [valueTarget.nameOf(String(settings.valueHorizonDays))]:
        value.status === 'trained' ? value.contract : { skipped: value.reason },
      ...goals,
    } as Record<string, unknown>,
    /** the run whose models were measured, the stages it ran or skipped, and the device it computed on */
    run: { id: run.id, stages: run.stages, device: run.device },
  };
}

/** What the active run serves: its recommender (name and parameters) and its stage outcomes. */
async function activeRunModels(datasetId: number): Promise<{
  id: number | null;
  recommender: RecommenderCandidate | null;
  recommendSkipped: string | null;
  replacedByPopularity: object | null;
  stages: StageOutcome[];
  /** which device the run computed on and why the others were skipped (null before runs recorded it) */
  device: DeviceChoice | null;
}> {
  const { rows } = await getPool().query<{
    id: number;
    metrics: {
      recommend?: {
        model?: RecommenderName;
        params?: Record<string, number>;
        skipped?: string;
        replacedByPopularity?: object;
      };
    };
    meta: { stages?: StageOutcome[]; device?: DeviceChoice } | null;
  }>('SELECT r.id, r.metrics, r.meta FROM datasets d JOIN model_runs r ON r.id = d.active_run_id WHERE d.id = $1', [
    datasetId,
  ]);
  const recommend = rows[0]?.metrics?.recommend;
  return {
    id: rows[0]?.id ?? null,
    // a run that names no model this version knows is measured as if it recorded none
    recommender:
      recommend?.model && recommenderNames.includes(recommend.model)
        ? { name: recommend.model, params: recommend.params ?? {} }
        : null,
    recommendSkipped: recommend?.skipped ?? null,
    replacedByPopularity: recommend?.replacedByPopularity ?? null,
    stages: rows[0]?.meta?.stages ?? [],
    device: rows[0]?.meta?.device ?? null,
  };
}

/** What `portrait evaluate --json` prints and an evaluate job stores as its result. */
export type DatasetEvaluation = Awaited<ReturnType<typeof evaluateDataset>>;
