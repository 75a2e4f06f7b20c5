import type { ComputeDevice } from '@/lib/ml/runtime/device/computeDevice';
import { kmeansStepGraph } from '@/lib/ml/runtime/onnx/kmeansStepGraph';
import { createOnnxSession, float32Tensor, type OnnxSession } from '@/lib/ml/runtime/onnx/onnxSession';
import type { DenseMatrix } from '@/lib/ml/types';
import { type KMeansOptions, type KMeansResult, kmeans, kmeansStart } from './kmeans';

export interface KMeansOnDeviceOptions extends KMeansOptions {
  device: ComputeDevice;
  /** rows sent to the graph per run, bounding its memory (default 1,048,576) */
  blockRows?: number;
}

/**
 * K-means with its Lloyd iterations as an ONNX graph on `device` (kmeansStepGraph): the same
 * seeded start as `kmeans` (k-means++ restarts on a sample), the same update, empty-cluster rule
 * and stopping rules, so a seeded run gives the same labels up to float32 rounding of points that
 * lie on a boundary. Every iteration computes all n x k distances, which a GPU does faster than
 * the CPU path's pruned scan once there are a few hundred thousand rows; below that, `kmeans`.
 */
export async function kmeansOnDevice(
  matrix: DenseMatrix,
  k: number,
  options: KMeansOnDeviceOptions,
): Promise<KMeansResult> {
  const { rows, cols, data } = matrix;
  const start = kmeansStart(matrix, k, options);
  const session = await createOnnxSession(kmeansStepGraph(k, cols), options.device);
  try {
    const blockRows = Math.max(1, options.blockRows ?? 1 << 20);
    const centroids = start.centroids;
    const labels = new Int32Array(rows);
    const distances = new Float32Array(rows);
    const sums = new Float64Array(k * cols);
    const counts = new Float64Array(k);
    const previous = new Float64Array(k * cols);

    const assign = async (): Promise<number> => {
      sums.fill(0);
      counts.fill(0);
      let changed = 0;
      const centroidTensor = float32Tensor(Float32Array.from(centroids), [k, cols]);
      for (let from = 0; from < rows; from += blockRows) {
        const to = Math.min(rows, from + blockRows);
        const out = await runStep(session, data.subarray(from * cols, to * cols), to - from, cols, centroidTensor);
        const blockLabels = out.labels.data as BigInt64Array;
        for (let i = from; i < to; i++) {
          const label = Number(blockLabels[i - from]);
          if (label !== labels[i]) changed++;
          labels[i] = label;
        }
        distances.set(out.distances.data as Float32Array, from);
        const blockSums = out.sums.data as Float32Array;
        const blockCounts = out.counts.data as Float32Array;
        for (let c = 0; c < k * cols; c++) sums[c] += blockSums[c];
        for (let j = 0; j < k; j++) counts[j] += blockCounts[j];
      }
      return changed;
    };
    const recompute = () => {
      relocateEmptyClusters(matrix, labels, distances, sums, counts, k);
      for (let j = 0; j < k; j++)
        for (let t = 0; t < cols; t++) centroids[j * cols + t] = sums[j * cols + t] / counts[j];
    };

    await assign();
    let iterations = 0;
    let converged = false;
    let centroidsMatchLabels = false;
    while (iterations < start.maxIterations) {
      iterations++;
      previous.set(centroids);
      recompute();
      centroidsMatchLabels = true;
      let shift = 0;
      for (let c = 0; c < k * cols; c++) shift += (centroids[c] - previous[c]) ** 2;
      if (shift <= start.tolerance) {
        converged = true;
        break;
      }
      if ((await assign()) === 0) {
        converged = true;
        break;
      }
      centroidsMatchLabels = false;
    }
    if (!centroidsMatchLabels) recompute();

    let inertia = 0;
    for (let i = 0; i < rows; i++) {
      const offset = i * cols;
      const centroid = labels[i] * cols;
      for (let t = 0; t < cols; t++) inertia += (data[offset + t] - centroids[centroid + t]) ** 2;
    }
    return { labels, centroids: { rows: k, cols, data: Float32Array.from(centroids) }, inertia, iterations, converged };
  } finally {
    await session.release();
  }
}

async function runStep(
  session: OnnxSession,
  block: Float32Array,
  rows: number,
  cols: number,
  centroids: ReturnType<typeof float32Tensor>,
) {
  const out = await session.run({ x: float32Tensor(block, [rows, cols]), centroids });
  return { labels: out.labels, distances: out.distances, sums: out.sums, counts: out.counts };
}

/** As `kmeans`: an emptied cluster takes the point farthest from its centroid, from a cluster that keeps one. */
function relocateEmptyClusters(
  { cols, data }: DenseMatrix,
  labels: Int32Array,
  distances: Float32Array,
  sums: Float64Array,
  counts: Float64Array,
  k: number,
): void {
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) continue;
    let farthest = -1;
    for (let i = 0; i < labels.length; i++) {
      if (counts[labels[i]] > 1 && (farthest < 0 || distances[i] > distances[farthest])) farthest = i;
    }
    if (farthest < 0) continue;
    const from = labels[farthest];
    for (let t = 0; t < cols; t++) {
      sums[from * cols + t] -= data[farthest * cols + t];
      sums[j * cols + t] += data[farthest * cols + t];
    }
    counts[from]--;
    counts[j]++;
    labels[farthest] = j;
    distances[farthest] = 0;
  }
}

/** `kmeansOnDevice` on a GPU for data of at least `minRows` rows, else the CPU path. */
export function kmeansFor(
  matrix: DenseMatrix,
  k: number,
  options: KMeansOptions & { device: ComputeDevice; minRows: number },
): Promise<KMeansResult> {
  if (options.device === 'cpu' || matrix.rows < options.minRows) return Promise.resolve(kmeans(matrix, k, options));
  return kmeansOnDevice(matrix, k, options);
}
