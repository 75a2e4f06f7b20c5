import { referenceTime } from '@/lib/ml/features/referenceTime';
import {
  buildChurnLabels,
  type ChurnLabels,
  type FeatureFunction,
  type SkippedLabels,
} from '@/lib/ml/predict/churnLabels';
import { type TrainTargetInput, type TrainTargetResult, trainTarget } from '@/lib/ml/predict/trainTarget';
import type { EventTable, PipelineSettings } from '@/lib/ml/types';

/** The `churn` block of `portrait evaluate --json`; the names are a published contract. */
export interface ChurnContract {
  auc: number;
  lift10: number;
  brier: number;
  baselineAuc: 0.5;
  positives: number;
  negatives: number;
}

export interface ChurnPrediction {
  /** `churn` is null when the target was skipped, and `reason` says why */
  contract: { churn: ChurnContract | null; reason?: string };
  labels: ChurnLabels | SkippedLabels;
  result: TrainTargetResult | null;
  /**
   * P(churn within the horizon from now) per entry of events.userIds, from the model refitted on
   * every labelled user and applied to features as of the last event; null when skipped
   */
  churnProbability: Float64Array | null;
}

export type PredictChurnOptions = Pick<
  TrainTargetInput,
  'seed' | 'families' | 'boosting' | 'minPerClass' | 'holdoutFraction' | 'topFeatureCount'
> & {
  horizonDays?: number;
  /** names of the feature function's columns, for "top contributing features" */
  featureNames?: string[];
};

/**
 * Churn end to end: labels on the window before the last `horizonDays`, a model trained and
 * reported by trainTarget (positive class = churned), then every user scored as of today.
 */
export async function predictChurn(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes' | 'horizonDays'>,
  featureFunction: FeatureFunction,
  options: PredictChurnOptions = {},
): Promise<ChurnPrediction> {
  const labels = buildChurnLabels(events, settings, featureFunction, { horizonDays: options.horizonDays });
  if (labels.status === 'skipped') {
    return { contract: { churn: null, reason: labels.reason }, labels, result: null, churnProbability: null };
  }
  const lastTs = referenceTime(events.ts).ms;
  const result = await trainTarget({
    ...options,
    features: labels.features,
    labels: labels.labels,
    kind: 'binary',
    featureNames: options.featureNames ?? Array.from({ length: labels.features.cols }, (_, c) => `feature ${c}`),
    predictFeatures: featureFunction(events, lastTs),
  });
  if (result.status === 'skipped') {
    return { contract: { churn: null, reason: result.reason }, labels, result, churnProbability: null };
  }
  return {
    contract: {
      churn: {
        auc: result.holdout.auc ?? Number.NaN,
        lift10: result.holdout.lift10 ?? Number.NaN,
        brier: result.holdout.brier ?? Number.NaN,
        baselineAuc: 0.5,
        positives: labels.positives,
        negatives: labels.negatives,
      },
    },
    labels,
    result,
    churnProbability: result.predictions,
  };
}
