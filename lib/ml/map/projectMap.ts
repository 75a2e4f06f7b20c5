import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { UMAP } from 'umap-js';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

export interface ProjectMapOptions {
  /** 'pca' (default) is linear and takes a fraction of a second; 'umap' keeps local neighbourhoods but costs seconds per thousand users */
  method?: 'pca' | 'umap';
  seed?: number;
  /** users UMAP is fitted on (default 20,000); the rest are placed beside their nearest anchor */
  umapSampleSize?: number;
  umapNeighbors?: number;
  /** default: umap-js's choice (500 epochs under 10,000 points, 200 above) */
  umapEpochs?: number;
  /** fitted users that the rest are matched against (default 2,000) */
  anchorCount?: number;
}

export interface MapProjection {
  x: Float32Array;
  y: Float32Array;
  method: 'pca' | 'umap';
  /** PCA only: share of the total variance along each axis */
  explainedVariance?: [number, number];
  /** PCA only: the centre and the two axes, to place other users on the same map */
  pca?: PcaMapModel;
}

export interface PcaMapModel {
  means: Float32Array;
  /** two axes of length cols, one after the other */
  axes: Float32Array;
}

/** Map positions for other users on a fitted PCA map. */
export function placeOnPcaMap(
  { rows, cols, data }: DenseMatrix,
  model: PcaMapModel,
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let first = 0;
    let second = 0;
    for (let t = 0; t < cols; t++) {
      const value = data[i * cols + t] - model.means[t];
      first += value * model.axes[t];
      second += value * model.axes[cols + t];
    }
    x[i] = first;
    y[i] = second;
  }
  return { x, y };
}

/** Two map coordinates per user, for the segment scatter plot. */
export function projectMap(matrix: DenseMatrix, options: ProjectMapOptions = {}): MapProjection {
  return options.method === 'umap' ? projectWithUmap(matrix, options) : projectWithPca(matrix);
}

/**
 * PCA through the covariance matrix (cols x cols, one pass over the rows) and its eigenvectors:
 * for 100k x 40 this is one streaming pass, where ml-pca's SVD of the whole data matrix is far
 * slower. Axis signs are fixed (largest loading positive) so maps are stable between runs.
 */
function projectWithPca({ rows, cols, data }: DenseMatrix): MapProjection {
  const means = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let t = 0; t < cols; t++) means[t] += data[i * cols + t];
  for (let t = 0; t < cols; t++) means[t] /= rows;
  const covariance = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < cols; t++) centred[t] = data[i * cols + t] - means[t];
    for (let p = 0; p < cols; p++) {
      const value = centred[p];
      if (value === 0) continue;
      const offset = p * cols;
      for (let q = p; q < cols; q++) covariance[offset + q] += value * centred[q];
    }
  }
  const symmetric = new Matrix(cols, cols);
  for (let p = 0; p < cols; p++) {
    for (let q = p; q < cols; q++) {
      const value = covariance[p * cols + q] / Math.max(1, rows - 1);
      symmetric.set(p, q, value);
      symmetric.set(q, p, value);
    }
  }
  const eigen = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const totalVariance = order.reduce((sum, { value }) => sum + Math.max(0, value), 0);
  const axes = [0, 1].map((component) => {
    const axis = new Float64Array(cols);
    if (component >= order.length) return axis;
    let largest = 0;
    for (let t = 0; t < cols; t++) {
      axis[t] = eigen.eigenvectorMatrix.get(t, order[component].index);
      if (Math.abs(axis[t]) > Math.abs(largest)) largest = axis[t];
    }
    if (largest < 0) for (let t = 0; t < cols; t++) axis[t] = -axis[t];
    return axis;
  });
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let first = 0;
    let second = 0;
    for (let t = 0; t < cols; t++) {
      const value = data[i * cols + t] - means[t];
      first += value * axes[0][t];
      second += value * axes[1][t];
    }
    x[i] = first;
    y[i] = second;
  }
  const share = (component: number) =>
    totalVariance > 0 && component < order.length ? Math.max(0, order[component].value) / totalVariance : 0;
  const axesData = new Float32Array(2 * cols);
  axesData.set(axes[0], 0);
  axesData.set(axes[1], cols);
  return {
    x,
    y,
    method: 'pca',
    explainedVariance: [share(0), share(1)],
    pca: { means: Float32Array.from(means), axes: axesData },
  };
}

/**
 * UMAP on a seeded sample (umap-js takes about 38 s for 20k x 32 here), then every other user is
 * put at the position of the nearest of a few thousand fitted anchors, nudged by a small seeded
 * jitter so users do not stack on one pixel.
 */
function projectWithUmap(matrix: DenseMatrix, options: ProjectMapOptions): MapProjection {
  const { rows, cols, data } = matrix;
  const random = createSeededRandom(options.seed ?? 0);
  const sample = random.sampleIndexes(rows, options.umapSampleSize ?? 20_000);
  const vectors = Array.from(sample, (row) => Array.from(data.subarray(row * cols, row * cols + cols)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.umapNeighbors ?? 15, Math.max(2, sample.length - 1)),
    nEpochs: options.umapEpochs,
    random: () => random.next(),
  });
  const embedded = umap.fit(vectors);

  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  const fitted = new Uint8Array(rows);
  sample.forEach((row, s) => {
    x[row] = embedded[s][0];
    y[row] = embedded[s][1];
    fitted[row] = 1;
  });
  if (sample.length === rows) return { x, y, method: 'umap' };

  const anchorPositions = random.sampleIndexes(sample.length, options.anchorCount ?? 2000);
  const anchorRows = Array.from(anchorPositions, (s) => sample[s]);
  const anchors = new Float64Array(anchorRows.length * cols);
  const anchorNorms = new Float64Array(anchorRows.length);
  anchorRows.forEach((row, a) => {
    for (let t = 0; t < cols; t++) {
      anchors[a * cols + t] = data[row * cols + t];
      anchorNorms[a] += data[row * cols + t] ** 2;
    }
  });
  const spread = Math.max(standardDeviation(x, fitted), standardDeviation(y, fitted));
  const jitter = 0.01 * spread;
  for (let i = 0; i < rows; i++) {
    if (fitted[i]) continue;
    let best = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    const offset = i * cols;
    for (let a = 0; a < anchorRows.length; a++) {
      let dot = 0;
      const anchorOffset = a * cols;
      for (let t = 0; t < cols; t++) dot += data[offset + t] * anchors[anchorOffset + t];
      // ||x - a||² minus the constant ||x||² ranks anchors the same way.
      const score = anchorNorms[a] - 2 * dot;
      if (score < bestScore) {
        bestScore = score;
        best = a;
      }
    }
    x[i] = x[anchorRows[best]] + jitter * random.normal();
    y[i] = y[anchorRows[best]] + jitter * random.normal();
  }
  return { x, y, method: 'umap' };
}

function standardDeviation(values: Float32Array, include: Uint8Array): number {
  let count = 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) {
    if (!include[i]) continue;
    count++;
    mean += values[i];
  }
  mean /= Math.max(1, count);
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (include[i]) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / Math.max(1, count));
}
