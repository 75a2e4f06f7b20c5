import { minimizeLbfgs } from '@/lib/ml/predict/minimizeLbfgs';
import { softmaxInto } from '@/lib/ml/predict/softmax';
import { fitStandardizer } from '@/lib/ml/predict/standardizeFeatures';
import { createLogisticKernels } from '@/lib/ml/runtime/logisticKernels';
import type { DenseMatrix } from '@/lib/ml/types';

export interface LogisticRegressionOptions {
  /** number of classes; 2 fits one sigmoid, more fit a softmax (default: max label + 1) */
  classes?: number;
  /** L2 penalty ½·l2·‖w‖² against the summed log-loss, as scikit-learn's C = 1/l2 (default 1); the intercept is not penalised */
  l2?: number;
  /** L-BFGS iterations at most (default 300) */
  maxIterations?: number;
  /** stop when every component of the mean-loss gradient is below this (default 1e-7) */
  gradientTolerance?: number;
  /** stop when the mean loss falls by less than this share per iteration, over 5 iterations (default 0: off) */
  relativeImprovementTolerance?: number;
  /**
   * weights to start from (as LogisticRegressionModel.weights, same classes and features), e.g. a
   * model fitted on most of the same rows: the optimum is the same, it is reached in fewer steps
   */
  start?: Float64Array;
}

export interface LogisticRegressionModel {
  classes: number;
  /** rows × classes probabilities, row-major (binary: column 1 is P(y = 1)) */
  predictProbabilities(matrix: DenseMatrix): Float64Array;
  /** per feature, Σ over outputs of |coefficient| on the standardised scale */
  featureImportance(): Float64Array;
  /** coefficients on standardised features, outputs × (1 + features), intercept first */
  weights: Float64Array;
  /** the standardisation of the training features (mean and scale per feature) */
  means: Float64Array;
  scales: Float64Array;
  converged: boolean;
  /** L-BFGS iterations taken */
  iterations: number;
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
  const label = Int32Array.from({ length: rows }, (_, r) => labels[r]);
  const logits = new Float64Array(outputs);
  // The objective is where nearly all the fitting time goes: its two passes over the rows (the
  // dot products with each output's weights, then the gradient's sum of error × row) run as
  // WebAssembly SIMD, with the same arithmetic in the same order as the JavaScript loops kept
  // for where it is missing; the per-row losses and errors stay here.
  const kernels = createLogisticKernels(x, rows, features, outputs);
  const perRow = kernels?.perRow ?? new Float64Array(rows * outputs);

  const objective = (weights: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    if (kernels) {
      kernels.weights.set(weights);
      kernels.dots();
    } else {
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < outputs; k++)
          perRow[r * outputs + k] = dotRow(weights, k * width + 1, x, r * features, features);
      }
    }
    let loss = 0;
    if (outputs === 1) {
      for (let r = 0; r < rows; r++) {
        const z = weights[0] + perRow[r];
        const y = label[r];
        // log(1 + e^z) − y·z, written to stay finite for large |z|
        loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
        const error = 1 / (1 + Math.exp(-z)) - y;
        gradient[0] += error;
        perRow[r] = error;
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const at = r * outputs;
        let largest = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) {
          const logit = weights[k * width] + perRow[at + k];
          logits[k] = logit;
          if (logit > largest) largest = logit;
        }
        const y = label[r];
        const labelLogit = logits[y];
        let total = 0;
        for (let k = 0; k < outputs; k++) {
          logits[k] = Math.exp(logits[k] - largest);
          total += logits[k];
        }
        // −log softmax_y = log Σ e^z − z_y
        loss += largest + Math.log(total) - labelLogit;
        for (let k = 0; k < outputs; k++) {
          const error = logits[k] / total - (k === y ? 1 : 0);
          gradient[k * width] += error;
          perRow[at + k] = error;
        }
      }
    }
    // each gradient entry sums its rows' error × feature in row order, whichever loop does it
    if (kernels) {
      kernels.accumulateGradient();
      for (let k = 0; k < outputs; k++) {
        gradient.set(kernels.gradient.subarray(k * width + 1, (k + 1) * width), k * width + 1);
      }
    } else {
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < outputs; k++)
          addScaledRow(gradient, k * width + 1, perRow[r * outputs + k], x, r * features, features);
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

  const start = new Float64Array(outputs * width);
  if (options.start) {
    if (options.start.length !== start.length)
      throw new Error(`start has ${options.start.length} weights, expected ${start.length}`);
    start.set(options.start);
  }
  const result = minimizeLbfgs(objective, start, {
    maxIterations: options.maxIterations ?? 300,
    gradientTolerance: options.gradientTolerance ?? 1e-7,
    relativeImprovementTolerance: options.relativeImprovementTolerance,
  });
  const weights = result.x;

  return {
    classes,
    weights,
    means: standardizer.means,
    scales: standardizer.scales,
    converged: result.converged,
    iterations: result.iterations,
    predictProbabilities(input) {
      const standardized = standardizer.apply(input);
      const out = new Float64Array(input.rows * classes);
      const scores = new Float64Array(outputs);
      for (let r = 0; r < input.rows; r++) {
        const row = r * features;
        for (let k = 0; k < outputs; k++) {
          scores[k] = weights[k * width] + dotRow(weights, k * width + 1, standardized, row, features);
        }
        if (outputs === 1) {
          const probability = 1 / (1 + Math.exp(-scores[0]));
          out[r * 2] = 1 - probability;
          out[r * 2 + 1] = probability;
        } else {
          softmaxInto(scores, 0, outputs, out, r * classes);
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

/** Σ a[aOffset+i]·b[bOffset+i] for i < length, four accumulators to hide the add latency. */
export function dotRow(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    sum0 += a[aOffset + i] * b[bOffset + i];
    sum1 += a[aOffset + i + 1] * b[bOffset + i + 1];
    sum2 += a[aOffset + i + 2] * b[bOffset + i + 2];
    sum3 += a[aOffset + i + 3] * b[bOffset + i + 3];
  }
  for (; i < length; i++) sum0 += a[aOffset + i] * b[bOffset + i];
  return sum0 + sum1 + (sum2 + sum3);
}

/** target[targetOffset+i] += factor·source[sourceOffset+i] for i < length. */
function addScaledRow(
  target: Float64Array,
  targetOffset: number,
  factor: number,
  source: Float64Array,
  sourceOffset: number,
  length: number,
): void {
  let i = 0;
  for (; i + 3 < length; i += 4) {
    target[targetOffset + i] += factor * source[sourceOffset + i];
    target[targetOffset + i + 1] += factor * source[sourceOffset + i + 1];
    target[targetOffset + i + 2] += factor * source[sourceOffset + i + 2];
    target[targetOffset + i + 3] += factor * source[sourceOffset + i + 3];
  }
  for (; i < length; i++) target[targetOffset + i] += factor * source[sourceOffset + i];
}
