import { minimizeLbfgs } from '@/lib/ml/predict/minimizeLbfgs';

/**
 * Rows of a linear model's inputs: a dense block (rows × denseCols, row-major) followed by a sparse
 * block whose column c is input column denseCols + c.
 */
export interface LinearDesign {
  rows: number;
  denseCols: number;
  dense: Float64Array;
  sparseCols: number;
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

export type LinearLoss = 'logistic' | 'squared';

export interface SparseLinearOptions {
  loss: LinearLoss;
  /** logistic: number of classes (2: one sigmoid; more: a softmax) */
  classes?: number;
  /** L2 penalty ½·l2·‖w‖² against the summed loss; the intercepts are not penalised */
  l2: number;
  /** weights to start from (as SparseLinearModel.weights) */
  start?: Float64Array;
  /** a weight per row on its loss (default 1 each) */
  rowWeights?: Float64Array;
  maxIterations?: number;
  gradientTolerance?: number;
  relativeImprovementTolerance?: number;
}

export interface SparseLinearModel {
  outputs: number;
  /** outputs × (1 + denseCols + sparseCols), intercept first */
  weights: Float64Array;
  /** rows × outputs linear scores (logits, or the predicted value for squared loss) */
  scores(design: LinearDesign): Float64Array;
}

/**
 * L2-regularised linear model on dense plus sparse inputs, fitted by L-BFGS: logistic (sigmoid or
 * softmax) or least squares. Each objective costs O(rows·denseCols + nonzeros) per output, so a
 * user × item matrix of a large catalogue is as cheap as its nonzeros.
 */
export function fitSparseLinearModel(
  design: LinearDesign,
  labels: ArrayLike<number>,
  options: SparseLinearOptions,
): SparseLinearModel {
  const { rows, denseCols } = design;
  const width = 1 + denseCols + design.sparseCols;
  let outputs = 1;
  if (options.loss === 'logistic') {
    let classes = options.classes ?? 2;
    for (let r = 0; r < rows; r++) classes = Math.max(classes, labels[r] + 1);
    outputs = classes === 2 ? 1 : classes;
  }
  const l2 = options.l2;
  const perRow = new Float64Array(rows * outputs);
  const logits = new Float64Array(outputs);
  const softmax = options.loss === 'logistic' && outputs > 1;
  const rowWeights = options.rowWeights;

  const objective = (weights: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    linearScores(design, weights, outputs, perRow);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const at = r * outputs;
      const y = labels[r];
      const weight = rowWeights ? rowWeights[r] : 1;
      if (options.loss === 'squared') {
        const error = perRow[at] - y;
        loss += weight * 0.5 * error * error;
        perRow[at] = weight * error;
      } else if (!softmax) {
        const z = perRow[at];
        loss += weight * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
        perRow[at] = weight * (1 / (1 + Math.exp(-z)) - y);
      } else {
        let largest = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) largest = Math.max(largest, perRow[at + k]);
        let total = 0;
        for (let k = 0; k < outputs; k++) {
          logits[k] = Math.exp(perRow[at + k] - largest);
          total += logits[k];
        }
        loss += weight * (largest + Math.log(total) - perRow[at + y]);
        for (let k = 0; k < outputs; k++) perRow[at + k] = weight * (logits[k] / total - (k === y ? 1 : 0));
      }
    }
    accumulateGradient(design, perRow, outputs, gradient);
    for (let k = 0; k < outputs; k++) {
      for (let c = 1; c < width; c++) {
        const w = weights[k * width + c];
        loss += 0.5 * l2 * w * w;
        gradient[k * width + c] += l2 * w;
      }
    }
    for (let i = 0; i < gradient.length; i++) gradient[i] /= rows;
    return loss / rows;
  };

  const start = new Float64Array(outputs * width);
  if (options.start) {
    if (options.start.length !== start.length)
      throw new Error(`start has ${options.start.length} weights, expected ${start.length}`);
    start.set(options.start);
  } else if (options.loss === 'squared') {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += labels[r];
    start[0] = rows > 0 ? mean / rows : 0;
  }
  const { x: weights } = minimizeLbfgs(objective, start, {
    maxIterations: options.maxIterations ?? 200,
    gradientTolerance: options.gradientTolerance ?? 1e-5,
    relativeImprovementTolerance: options.relativeImprovementTolerance,
  });
  return {
    outputs,
    weights,
    scores(input) {
      if (input.denseCols !== denseCols || input.sparseCols !== design.sparseCols)
        throw new Error('the design has other columns than the model was fitted on');
      const out = new Float64Array(input.rows * outputs);
      linearScores(input, weights, outputs, out);
      return out;
    },
  };
}

/** out[r·outputs + k] = intercept_k + row r · weights_k */
export function linearScores(design: LinearDesign, weights: Float64Array, outputs: number, out: Float64Array): void {
  const { rows, denseCols, dense, rowStart, index, value } = design;
  const width = 1 + denseCols + design.sparseCols;
  const sparseOffset = 1 + denseCols;
  for (let r = 0; r < rows; r++) {
    const row = r * denseCols;
    for (let k = 0; k < outputs; k++) {
      const base = k * width;
      let sum = weights[base];
      for (let c = 0; c < denseCols; c++) sum += weights[base + 1 + c] * dense[row + c];
      for (let p = rowStart[r]; p < rowStart[r + 1]; p++) sum += weights[base + sparseOffset + index[p]] * value[p];
      out[r * outputs + k] = sum;
    }
  }
}

/** gradient_k += Σ_r error[r, k] · (1, row r) */
function accumulateGradient(design: LinearDesign, errors: Float64Array, outputs: number, gradient: Float64Array): void {
  const { rows, denseCols, dense, rowStart, index, value } = design;
  const width = 1 + denseCols + design.sparseCols;
  const sparseOffset = 1 + denseCols;
  for (let r = 0; r < rows; r++) {
    const row = r * denseCols;
    for (let k = 0; k < outputs; k++) {
      const error = errors[r * outputs + k];
      if (error === 0) continue;
      const base = k * width;
      gradient[base] += error;
      for (let c = 0; c < denseCols; c++) gradient[base + 1 + c] += error * dense[row + c];
      for (let p = rowStart[r]; p < rowStart[r + 1]; p++) gradient[base + sparseOffset + index[p]] += error * value[p];
    }
  }
}
