import { createSeededRandom } from '@/lib/ml/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

export interface GaussianBlobsOptions {
  rows: number;
  cols: number;
  clusters: number;
  /** standard deviation of each blob (default 1) */
  spread?: number;
  /** centres are drawn uniformly in [-centerBox, centerBox] per dimension (default 10) */
  centerBox?: number;
  /** relative blob sizes; equal when omitted */
  weights?: number[];
  seed?: number;
}

/**
 * Planted clusters with known membership, like scikit-learn's make_blobs: the ground truth that
 * clustering tests and benchmarks measure against.
 */
export function generateGaussianBlobs(options: GaussianBlobsOptions): {
  matrix: DenseMatrix;
  labels: Int32Array;
  centers: DenseMatrix;
} {
  const { rows, cols, clusters } = options;
  const spread = options.spread ?? 1;
  const box = options.centerBox ?? 10;
  const random = createSeededRandom(options.seed ?? 0);
  const centers = new Float32Array(clusters * cols);
  for (let i = 0; i < centers.length; i++) centers[i] = (random.next() * 2 - 1) * box;

  const weights = options.weights ?? new Array(clusters).fill(1);
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const labels = new Int32Array(rows);
  let start = 0;
  for (let c = 0; c < clusters; c++) {
    const end = c === clusters - 1 ? rows : start + Math.round((rows * weights[c]) / totalWeight);
    labels.fill(c, start, Math.min(end, rows));
    start = Math.min(end, rows);
  }
  // Shuffle so cluster order in the rows carries no information.
  for (let i = rows - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = labels[i];
    labels[i] = labels[j];
    labels[j] = swap;
  }

  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const centerOffset = labels[i] * cols;
    for (let t = 0; t < cols; t++) data[i * cols + t] = centers[centerOffset + t] + spread * random.normal();
  }
  return { matrix: { rows, cols, data }, labels, centers: { rows: clusters, cols, data: centers } };
}
