import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import { type BoostingTask, loadGradientBoosting } from '@/lib/ml/predict/gradientBoosting';
import {
  type ItemLinearModel,
  type ItemWeighting,
  itemDesign,
  itemProbabilities,
} from '@/lib/ml/predict/itemLinearModel';
import { softmaxInto } from '@/lib/ml/predict/softmax';
import { linearScores } from '@/lib/ml/predict/sparseLinearModel';
import type { FeatureRows } from '@/lib/ml/predict/sparseRows';
import type { DenseMatrix } from '@/lib/ml/types';

/**
 * A fitted model as plain JSON, for scoring users between retrains: the linear model's
 * standardisation and weights (logistic for classes, ridge for a number), the boosted trees'
 * XGBoost bytes (base64), or the items model's idf and weights (base64 of their Float64 bytes:
 * one weight per item and output, exact and about half the size of JSON numbers).
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
    }
  | {
      family: 'items';
      kind: TargetKind;
      classes: number;
      /** the dense columns of the rows it was fitted on, which it does not read (its input is their item rows) */
      features: number;
      /** the item columns, in the order of the rows' item indexes */
      items: number;
      weighting: ItemWeighting;
      /** Float64 per item */
      idf: string;
      /** Float64, outputs × (1 + items), intercept first (the model reads no dense columns) */
      weights: string;
      outputs: number;
    };

export interface RestoredPredictor {
  /** binary: P(y = 1) per row; multiclass: rows × classes; as FittedPredictor.predict (the items family reads the item rows) */
  predict(matrix: FeatureRows): Float64Array;
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

/** The items model as JSON; null for one that also reads the dense columns, which no target fits. */
export function persistItems(
  model: ItemLinearModel,
  kind: TargetKind,
  classes: number,
  features: number,
): PersistedPredictor | null {
  if (model.dense) return null;
  return {
    family: 'items',
    kind,
    classes,
    features,
    items: model.idf.length,
    weighting: model.weighting,
    idf: float64Base64(model.idf),
    weights: float64Base64(model.weights),
    outputs: model.outputs,
  };
}

function float64Base64(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function float64FromBase64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

function itemsPredictor(model: Extract<PersistedPredictor, { family: 'items' }>): RestoredPredictor {
  const idf = float64FromBase64(model.idf);
  const weights = float64FromBase64(model.weights);
  return {
    predict(input) {
      if (!input.itemRows || input.itemRows.cols !== model.items)
        throw new Error(`expected item rows over ${model.items} items`);
      const scores = new Float64Array(input.rows * model.outputs);
      linearScores(itemDesign(input, model.weighting, idf), weights, model.outputs, scores);
      return itemProbabilities(model.kind, scores, model.outputs);
    },
    free() {},
  };
}

/** The persisted predictor, predicting as the fitted one did. */
export async function restorePredictor(model: PersistedPredictor): Promise<RestoredPredictor> {
  if (model.family === 'linear') return { predict: (input) => linearPredict(model, input), free() {} };
  if (model.family === 'items') return itemsPredictor(model);
  const bytes = Buffer.from(model.base64, 'base64');
  const json = { name: 'ml-xgboost', model: Array.from(bytes, (value) => (value << 24) >> 24), options: model.options };
  const task: BoostingTask = model.kind === 'numeric' ? 'regression' : model.kind;
  const boosted = await loadGradientBoosting(json, task, model.classes, model.features);
  return { predict: boosted.predict, free: boosted.free };
}
