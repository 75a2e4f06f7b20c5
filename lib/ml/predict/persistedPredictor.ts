import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import { type BoostingTask, loadGradientBoosting } from '@/lib/ml/predict/gradientBoosting';
import { softmaxInto } from '@/lib/ml/predict/softmax';
import type { DenseMatrix } from '@/lib/ml/types';

/**
 * A fitted model as plain JSON, for scoring users between retrains: the linear model's
 * standardisation and weights (logistic for classes, ridge for a number), or the boosted trees'
 * XGBoost bytes (base64).
 */
export type PersistedPredictor =
  | {
      family: 'linear';
      kind: TargetKind;
      /** 0 for a number */
      classes: number;
      features: number;
      means: number[];
      scales: number[];
      /** outputs × (1 + features), intercept first, on standardised features; one output for a number or two classes */
      weights: number[];
    }
  | {
      family: 'boosting';
      kind: TargetKind;
      classes: number;
      features: number;
      /** ml-xgboost's model bytes */
      base64: string;
      options: Record<string, unknown>;
    };

export interface RestoredPredictor {
  /** binary: P(y = 1) per row; multiclass: rows × classes; as FittedPredictor.predict */
  predict(matrix: DenseMatrix): Float64Array;
  free(): void;
}

/** ml-xgboost's toJSON() (bytes as signed numbers) as a persisted predictor. */
export function persistBoosting(json: object, kind: TargetKind, classes: number, features: number): PersistedPredictor {
  const { model, options } = json as { model: number[]; options: Record<string, unknown> };
  return {
    family: 'boosting',
    kind,
    classes,
    features,
    base64: Buffer.from(Uint8Array.from(model, (value) => value & 255)).toString('base64'),
    options,
  };
}

function linearPredict(model: Extract<PersistedPredictor, { family: 'linear' }>, input: DenseMatrix): Float64Array {
  const { features, classes, means, scales, weights } = model;
  if (input.cols !== features) throw new Error(`expected ${features} feature columns, got ${input.cols}`);
  const outputs = model.kind === 'numeric' || classes === 2 ? 1 : classes;
  const width = features + 1;
  const out = new Float64Array(input.rows * (model.kind === 'multiclass' ? classes : 1));
  const scores = new Float64Array(outputs);
  for (let r = 0; r < input.rows; r++) {
    for (let k = 0; k < outputs; k++) {
      let sum = weights[k * width];
      for (let c = 0; c < features; c++) {
        const value = input.data[r * features + c];
        const standardised = Number.isNaN(value) ? 0 : (value - means[c]) / scales[c];
        sum += weights[k * width + 1 + c] * standardised;
      }
      scores[k] = sum;
    }
    if (model.kind === 'numeric') {
      out[r] = scores[0];
      continue;
    }
    if (outputs === 1) {
      out[r] = 1 / (1 + Math.exp(-scores[0]));
      continue;
    }
    softmaxInto(scores, 0, outputs, out, r * classes);
  }
  return out;
}

/** The persisted predictor, predicting as the fitted one did. */
export async function restorePredictor(model: PersistedPredictor): Promise<RestoredPredictor> {
  if (model.family === 'linear') return { predict: (input) => linearPredict(model, input), free() {} };
  const bytes = Buffer.from(model.base64, 'base64');
  const json = { name: 'ml-xgboost', model: Array.from(bytes, (value) => (value << 24) >> 24), options: model.options };
  const task: BoostingTask = model.kind === 'numeric' ? 'regression' : model.kind;
  const boosted = await loadGradientBoosting(json, task, model.classes, model.features);
  return { predict: boosted.predict, free: boosted.free };
}
