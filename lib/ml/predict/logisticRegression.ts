import { minimizeLbfgs } from '@/lib/ml/predict/minimizeLbfgs';
import { fitStandardizer } from '@/lib/ml/predict/standardizeFeatures';
import type { DenseMatrix } from '@/lib/ml/types';

export interface LogisticRegressionOptions {
  /** number of classes; 2 fits one sigmoid, more fit a softmax (default: max label + 1) */
  classes?: number;
  /** L2 penalty ½·l2·‖w‖² against the summed log-loss, as scikit-learn's C = 1/l2 (default 1); the intercept is not penalised */
  l2?: number;
  maxIterations?: number;
  /** stop when every component of the mean-loss gradient is below this (default 1e-7) */
  gradientTolerance?: number;
}

export interface LogisticRegressionModel {
  classes: number;
  /** rows × classes probabilities, row-major (binary: column 1 is P(y = 1)) */
  predictProbabilities(matrix: DenseMatrix): Float64Array;
  /** per feature, Σ over outputs of |coefficient| on the standardised scale */
  featureImportance(): Float64Array;
  /** coefficients on standardised features, outputs × (1 + features), intercept first */
  weights: Float64Array;
  converged: boolean;
}

/**
 * L2-regularised logistic regression with an intercept, on standardised features, fitted by
 * L-BFGS: binary with a sigmoid, multi-class with a softmax.
 */
export function fitLogisticRegression(
  matrix: DenseMatrix,
  labels: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const rows = matrix.rows;
  const features = matrix.cols;
  let classes = options.classes ?? 0;
  for (let r = 0; r < rows; r++) classes = Math.max(classes, labels[r] + 1);
  classes = Math.max(2, classes);
  const outputs = classes === 2 ? 1 : classes;
  const l2 = options.l2 ?? 1;
  const standardizer = fitStandardizer(matrix);
  const x = standardizer.apply(matrix);
  const width = features + 1;
  const logits = new Float64Array(outputs);

  const objective = (weights: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const row = r * features;
      for (let k = 0; k < outputs; k++) {
        const offset = k * width;
        let sum = weights[offset];
        for (let c = 0; c < features; c++) sum += weights[offset + 1 + c] * x[row + c];
        logits[k] = sum;
      }
      const label = labels[r];
      if (outputs === 1) {
        const z = logits[0];
        // log(1 + e^z) − y·z, written to stay finite for large |z|
        loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - label * z;
        const error = 1 / (1 + Math.exp(-z)) - label;
        accumulate(gradient, 0, error, row);
      } else {
        let largest = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) largest = Math.max(largest, logits[k]);
        let total = 0;
        for (let k = 0; k < outputs; k++) total += Math.exp(logits[k] - largest);
        const logTotal = largest + Math.log(total);
        loss += logTotal - logits[label];
        for (let k = 0; k < outputs; k++) {
          const error = Math.exp(logits[k] - logTotal) - (k === label ? 1 : 0);
          accumulate(gradient, k * width, error, row);
        }
      }
    }
    for (let k = 0; k < outputs; k++) {
      for (let c = 1; c < width; c++) {
        const w = weights[k * width + c];
        loss += 0.5 * l2 * w * w;
        gradient[k * width + c] += l2 * w;
      }
    }
    // the mean keeps the gradient tolerance meaningful whatever the row count
    for (let i = 0; i < gradient.length; i++) gradient[i] /= rows;
    return loss / rows;
  };

  function accumulate(gradient: Float64Array, offset: number, error: number, row: number): void {
    gradient[offset] += error;
    for (let c = 0; c < features; c++) gradient[offset + 1 + c] += error * x[row + c];
  }

  const result = minimizeLbfgs(objective, new Float64Array(outputs * width), {
    maxIterations: options.maxIterations ?? 300,
    gradientTolerance: options.gradientTolerance ?? 1e-7,
  });
  const weights = result.x;

  return {
    classes,
    weights,
    converged: result.converged,
    predictProbabilities(input) {
      const standardized = standardizer.apply(input);
      const out = new Float64Array(input.rows * classes);
      const scores = new Float64Array(outputs);
      for (let r = 0; r < input.rows; r++) {
        const row = r * features;
        for (let k = 0; k < outputs; k++) {
          let sum = weights[k * width];
          for (let c = 0; c < features; c++) sum += weights[k * width + 1 + c] * standardized[row + c];
          scores[k] = sum;
        }
        if (outputs === 1) {
          const probability = 1 / (1 + Math.exp(-scores[0]));
          out[r * 2] = 1 - probability;
          out[r * 2 + 1] = probability;
        } else {
          let largest = Number.NEGATIVE_INFINITY;
          for (let k = 0; k < outputs; k++) largest = Math.max(largest, scores[k]);
          let total = 0;
          for (let k = 0; k < outputs; k++) total += Math.exp(scores[k] - largest);
          for (let k = 0; k < outputs; k++) out[r * classes + k] = Math.exp(scores[k] - largest) / total;
        }
      }
      return out;
    },
    featureImportance() {
      const importance = new Float64Array(features);
      for (let k = 0; k < outputs; k++) {
        for (let c = 0; c < features; c++) importance[c] += Math.abs(weights[k * width + 1 + c]);
      }
      return importance;
    },
  };
}
