import { fitGradientBoosting, type GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { fitItemLinearModel, type ItemWeighting } from '@/lib/ml/predict/itemLinearModel';
import { fitLogisticRegression } from '@/lib/ml/predict/logisticRegression';
import { type PersistedPredictor, persistBoosting, persistItems } from '@/lib/ml/predict/persistedPredictor';
import { fitRidgeRegression } from '@/lib/ml/predict/ridgeRegression';
import type { FeatureRows } from '@/lib/ml/predict/sparseRows';

export type TargetKind = 'binary' | 'multiclass' | 'numeric';

/**
 * `linear`: logistic regression for classes, ridge regression for numbers, on the dense features.
 * `items`: the same on the users' raw items (the user × item matrix, tf-idf or binary, weighting and
 * L2 chosen by inner validation); attribute targets only, whose feature rows carry the item rows.
 */
export type PredictorFamily = 'linear' | 'boosting' | 'items';

export interface FittedPredictor {
  family: PredictorFamily;
  /** binary: P(y = 1) per row; multiclass: rows × classes probabilities; numeric: values */
  predict(matrix: FeatureRows): Float64Array;
  /** multiclass: the class guess is the argmax of probability × guessWeights (items: classes weighed evenly); absent, of probability */
  guessWeights?: Float64Array;
  /** non-negative importance per feature, summing to 1 */
  featureImportance(): Float64Array;
  free(): void;
  /** linear classifiers: the fitted weights, to warm-start a refit */
  weights?: Float64Array;
  /** the model as JSON, for scoring users between retrains (undefined when it cannot be stored) */
  persist?(): PersistedPredictor | undefined;
  /** items: the L2 penalty and weighting validation chose, which a refit on more of the same rows keeps */
  l2?: number;
  weighting?: ItemWeighting;
}

export interface FitPredictorOptions {
  classes?: number;
  l2?: number;
  /** items: with l2, the weighting chosen before */
  weighting?: ItemWeighting;
  boosting?: GradientBoostingOptions;
  seed?: number;
  /** a model of the same family and classes on (mostly) the same rows: the linear fit starts from its weights */
  start?: FittedPredictor;
}

/**
 * When the linear classifier stops: scikit-learn's defaults for lbfgs (tol 1e-4 on the mean-loss
 * gradient, 100 iterations), and a loss that improves by less than 1e-5 of itself per iteration
 * over five iterations. On the demo's 11-class attributes the hold-out macro-F1 and accuracy are
 * the same as after 300 iterations to 1e-7, at a fifth of the time.
 */
export const linearStopping = { gradientTolerance: 1e-4, maxIterations: 100, relativeImprovementTolerance: 1e-5 };

/** One model family fitted to one target, behind the interface the training loop compares. */
export async function fitPredictor(
  family: PredictorFamily,
  kind: TargetKind,
  matrix: FeatureRows,
  labels: ArrayLike<number>,
  options: FitPredictorOptions = {},
): Promise<FittedPredictor> {
  if (family === 'items') {
    const model = fitItemLinearModel(matrix, labels, {
      kind,
      classes: options.classes,
      seed: options.seed,
      l2: options.start?.l2 ?? options.l2,
      weighting: options.start?.weighting ?? options.weighting,
      start: options.start?.weights,
      // the headline of several classes is macro-F1, which a guess of the likeliest class loses on
      // rare classes: the guess weighs classes evenly, the probabilities stay the unweighted fit's
      balanced: true,
    });
    return {
      family,
      weights: model.weights,
      ...(model.guessWeights ? { guessWeights: model.guessWeights } : {}),
      l2: model.l2,
      weighting: model.weighting,
      predict: model.predict,
      persist: () => persistItems(model, kind, options.classes ?? 0, matrix.cols) ?? undefined,
      // after the dense columns' zeros, one entry per item: feature names list the items after the columns
      featureImportance: () => {
        const items = model.featureImportance();
        const padded = new Float64Array(matrix.cols + items.length);
        padded.set(items, matrix.cols);
        return normalise(padded);
      },
      free() {},
    };
  }
  if (family === 'boosting') {
    const task = kind === 'numeric' ? 'regression' : kind;
    const model = await fitGradientBoosting(matrix, labels, task, {
      seed: options.seed,
      ...options.boosting,
      classes: options.classes,
    });
    return {
      family,
      predict: model.predict,
      featureImportance: model.featureImportance,
      free: model.free,
      persist: () => persistBoosting(model.toJSON(), kind, model.classes, matrix.cols),
    };
  }
  if (kind === 'numeric') {
    const model = fitRidgeRegression(matrix, labels, { l2: options.l2 });
    return {
      family,
      predict: model.predict,
      featureImportance: () => normalise(model.featureImportance()),
      free() {},
      persist: () => ({
        family: 'linear',
        kind,
        classes: 0,
        features: matrix.cols,
        means: Array.from(model.means),
        scales: Array.from(model.scales),
        weights: [model.intercept, ...model.coefficients],
      }),
    };
  }
  const model = fitLogisticRegression(matrix, labels, {
    classes: options.classes,
    l2: options.l2,
    ...linearStopping,
    start: options.start?.weights,
  });
  return {
    family,
    weights: model.weights,
    predict(input) {
      const probabilities = model.predictProbabilities(input);
      if (kind !== 'binary') return probabilities;
      return Float64Array.from({ length: input.rows }, (_, r) => probabilities[r * 2 + 1]);
    },
    featureImportance: () => normalise(model.featureImportance()),
    free() {},
    persist: () => ({
      family: 'linear',
      kind,
      classes: model.classes,
      features: matrix.cols,
      means: Array.from(model.means),
      scales: Array.from(model.scales),
      weights: Array.from(model.weights),
    }),
  };
}

function normalise(values: Float64Array): Float64Array {
  let total = 0;
  for (const value of values) total += value;
  if (total > 0) for (let i = 0; i < values.length; i++) values[i] /= total;
  return values;
}
