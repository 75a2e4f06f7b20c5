import { type CalibrationBin, calibrationBins, calibrationError, rocCurve } from '@/lib/ml/predict/calibration';
import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import {
  accuracy,
  areaUnderRoc,
  brierScore,
  liftAtTopFraction,
  macroAuc,
  macroF1,
  meanAbsoluteError,
  median,
} from '@/lib/ml/predict/metrics';

/** spearman: predicted value, against the previous period's spend (higher is better) */
export type HeadlineMetric = 'auc' | 'macroF1' | 'mae' | 'spearman';

/** Quality of predictions on rows the model never saw, next to what a model-free guess gets. */
export interface TargetMetrics {
  metric: HeadlineMetric;
  value: number;
  /** the same metric for the baseline: AUC 0.5, the training majority class, the training median */
  baseline: number;
  /** binary: AUC; multiclass: one-vs-rest macro-AUC */
  auc?: number;
  lift10?: number;
  brier?: number;
  /** held-out probabilities in bands against the observed rate, and the mean gap between them */
  calibration?: CalibrationBin[];
  calibrationError?: number;
  /** [false positive rate, true positive rate] points, for a chart */
  roc?: [number, number][];
  /** share of held-out rows that are positive */
  positiveRate?: number;
  /** multiclass only */
  macroF1?: number;
  accuracy?: number;
  baselineAccuracy?: number;
  /** numeric only */
  mae?: number;
}

export const headlineMetric: Record<TargetKind, HeadlineMetric> = {
  binary: 'auc',
  multiclass: 'macroF1',
  numeric: 'mae',
};

/** Whether metric value a beats b (MAE is better when lower). */
export function isBetter(kind: TargetKind, a: number, b: number): boolean {
  if (Number.isNaN(b)) return !Number.isNaN(a);
  return kind === 'numeric' ? a < b : a > b;
}

/**
 * Class with the highest probability per row of a rows × classes matrix, or the highest probability
 * × weight with `weights` (a model's guessWeights).
 */
export function argmaxRows(probabilities: Float64Array, classes: number, weights?: ArrayLike<number>): Int32Array {
  const rows = probabilities.length / classes;
  const best = new Int32Array(rows);
  const weight = (k: number) => (weights ? weights[k] : 1);
  for (let r = 0; r < rows; r++) {
    let top = probabilities[r * classes] * weight(0);
    for (let k = 1; k < classes; k++) {
      const value = probabilities[r * classes + k] * weight(k);
      if (value > top) {
        top = value;
        best[r] = k;
      }
    }
  }
  return best;
}

/**
 * Scores `predictions` (as FittedPredictor.predict returns them) against `labels`; the baseline
 * is fitted on `trainingLabels` so it never sees the rows it is scored on. Multiclass: the guess
 * weighs the probabilities by `guessWeights` (the model's) when given.
 */
export function scoreTarget(
  kind: TargetKind,
  predictions: Float64Array,
  labels: ArrayLike<number>,
  trainingLabels: ArrayLike<number>,
  classes: number,
  guessWeights?: ArrayLike<number>,
): TargetMetrics {
  if (kind === 'binary') {
    const auc = areaUnderRoc(predictions, labels);
    const calibration = calibrationBins(predictions, labels);
    let positives = 0;
    for (let r = 0; r < labels.length; r++) positives += labels[r] === 1 ? 1 : 0;
    return {
      metric: 'auc',
      value: auc,
      baseline: 0.5,
      auc,
      lift10: liftAtTopFraction(predictions, labels, 0.1),
      brier: brierScore(predictions, labels),
      calibration,
      calibrationError: calibrationError(calibration),
      roc: rocCurve(predictions, labels),
      positiveRate: labels.length > 0 ? positives / labels.length : Number.NaN,
    };
  }
  if (kind === 'multiclass') {
    const predicted = argmaxRows(predictions, classes, guessWeights);
    const counts = new Float64Array(classes);
    for (let r = 0; r < trainingLabels.length; r++) counts[trainingLabels[r]]++;
    let majority = 0;
    for (let k = 1; k < classes; k++) if (counts[k] > counts[majority]) majority = k;
    const majorityGuess = new Int32Array(labels.length).fill(majority);
    const f1 = macroF1(predicted, labels);
    return {
      metric: 'macroF1',
      value: f1,
      baseline: macroF1(majorityGuess, labels),
      auc: macroAuc(predictions, labels, classes),
      macroF1: f1,
      accuracy: accuracy(predicted, labels),
      baselineAccuracy: accuracy(majorityGuess, labels),
    };
  }
  const mae = meanAbsoluteError(predictions, labels);
  const constant = median(trainingLabels);
  return {
    metric: 'mae',
    value: mae,
    baseline: meanAbsoluteError(new Float64Array(labels.length).fill(constant), labels),
    mae,
  };
}
