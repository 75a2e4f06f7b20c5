import type { StoredAttributeModel } from '@/lib/ml/predict/attributeModels';
import type { FeatureFunction } from '@/lib/ml/predict/churnLabels';
import type { PredictorFamily, TargetKind } from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { type PredictiveVerdict, predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import type { TrainTargetResult } from '@/lib/ml/predict/trainTarget';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { StoredGoal, TargetQuality } from './targetQuality';

// How a target of the registry is trained: an optional part that needs only the events (it runs
// on the event-model thread beside segmentation, and its result crosses the thread boundary, so
// it holds data only), and the part that turns what was fitted into stored rows, on the main
// thread once the profiles exist.

/** A stored prediction target of a run (a prediction_targets row). */
export interface TargetRow {
  target: string;
  kind: TargetKind;
  status: 'trained' | 'skipped';
  reason?: string | null;
  model?: string | null;
  quality: TargetQuality;
}

/** One user's stored prediction (a scores row). */
export interface ScoreRow {
  target: string;
  userId: string;
  value: number;
  detail?: object | null;
}

export interface EventFitContext {
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  /** the custom goals of the dataset (lib/goals) */
  goals: StoredGoal[];
  seed: number;
  families: PredictorFamily[];
  boosting: GradientBoostingOptions;
  /**
   * behaviour features of the events it is given as of a time, computed once per (time, events),
   * with today's share columns (categories, event types) in today's order: the most frequent before
   * a past cut-off are not always today's, and a model learnt on a window scores today's users
   * column for column.
   */
  featureFunction: FeatureFunction;
  featureNames: string[];
}

export interface CollectContext {
  events: EventTable;
  settings: PipelineSettings;
  attributes: AttributeColumn[];
  goals: StoredGoal[];
  seed: number;
  /** the run's profile vectors and a readable name per column */
  profile: DenseMatrix;
  profileColumnNames?: string[];
  interactions: UserItemInteractions;
  /** the interaction matrix's leading singular vectors per user, fitted on the event-model thread */
  itemFactors: DenseMatrix;
  log: (line: string) => void;
  /** how far this target's training is, 0-1 */
  progress: (fraction: number, detail: string) => void;
}

/** What a target stage did, for the run's stage outcomes (stage names in lib/training/stageOutcome). */
export type TargetOutcome =
  | { stage: string; status: 'ran'; note?: string }
  | { stage: string; status: 'skipped'; reason: string };

/** What the scores mean to later stages (personas read churn, propensity and predicted value). */
export interface PersonaInputs {
  churnScore?: Float32Array;
  propensity?: { category: string; scores: Float32Array }[];
  predictedValue?: Float32Array;
  /** the custom goals whose models are predictive: each user's probability of doing it */
  goals?: { target: string; name: string; horizonDays: number; scores: Float32Array }[];
}

export interface CollectedTarget {
  targets: TargetRow[];
  /** per-user predictions, read once when the run is written */
  scores: Iterable<ScoreRow>[];
  /** none when a target kind records no outcome (no goals defined) */
  outcome?: TargetOutcome;
  /** run metrics members this target fills (churn, value, attributes, goals) */
  metrics?: Record<string, unknown>;
  personas?: PersonaInputs;
  /** attributes: the models predictive on their hold-out, to score users the run did not fit */
  attributeModels?: StoredAttributeModel[];
}

export interface TargetTraining<Fitted = unknown> {
  fitOnEvents?(context: EventFitContext): Promise<Fitted>;
  collect(fitted: Fitted, context: CollectContext): Promise<CollectedTarget>;
  /**
   * The fitted models that score a user from today's behaviour features alone, by stored target
   * name: the run keeps them so real-time updates re-score users between retrains.
   */
  behaviourModels?(fitted: Fitted): { target: string; result: TrainTargetResult | null }[];
}

export function verdictOf(result: TrainTargetResult): PredictiveVerdict {
  return result.status === 'trained' ? predictiveVerdict(result.holdout) : { predictive: false };
}

/** The quality record of a target trained by trainTarget, or of one it skipped. */
export function qualityOf(result: TrainTargetResult, extra: TargetQuality = {}): TargetQuality {
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

export function targetRow(
  name: string,
  kind: TargetKind,
  result: TrainTargetResult,
  extra: TargetQuality = {},
): TargetRow {
  return {
    target: name,
    kind,
    status: result.status,
    reason: result.status === 'skipped' ? result.reason : null,
    model: result.status === 'trained' ? result.model : null,
    quality: qualityOf(result, extra),
  };
}

export function skippedRow(
  name: string,
  kind: TargetKind,
  reason: string,
  quality: TargetQuality = { reason },
): TargetRow {
  return { target: name, kind, status: 'skipped', reason, quality };
}

export function roundScore(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * Per-user scores of one target, built row by row as they are written: at 100,000 users a run
 * stores a million scores, which stay in typed arrays until then.
 */
export function userScores(events: EventTable, name: string, values: Float64Array): Iterable<ScoreRow> {
  return {
    *[Symbol.iterator]() {
      for (let u = 0; u < values.length; u++)
        yield { target: name, userId: events.userIds[u], value: roundScore(values[u]) };
    },
  };
}
