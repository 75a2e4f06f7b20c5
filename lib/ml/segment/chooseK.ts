import type { ComputeDevice } from '@/lib/ml/runtime/device/computeDevice';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';
import { pairwiseDistances, silhouetteFromDistances } from '@/lib/ml/segment/clusterQuality';
import { type KMeansOptions, type KMeansResult, kmeans } from '@/lib/ml/segment/kmeans';
import { kmeansFor } from '@/lib/ml/segment/kmeansOnDevice';
import type { DenseMatrix } from '@/lib/ml/types';

export interface ChooseKOptions {
  /** use this k instead of searching */
  k?: number;
  /** candidate k, both ends included (default [2, 12]) */
  kRange?: [number, number];
  /** users the silhouette is computed on (default 5,000) */
  silhouetteSampleSize?: number;
  /** candidates are fitted on this many users; the chosen k is then refitted on everyone (default 30,000) */
  fitSampleSize?: number;
  /** segments smaller than this are merged away or flagged (default 20) */
  sizeFloor?: number;
  /** 'merge' moves the users of a too-small segment to their nearest other segment; 'flag' keeps it, marked */
  floorMode?: 'merge' | 'flag';
  seed?: number;
  kmeans?: Omit<KMeansOptions, 'seed' | 'initialCentroids'>;
  /** after each k-means fit of the search: steps done of all, and what was fitted */
  onProgress?: (done: number, total: number, detail: string) => void;
}

export interface KCandidate {
  k: number;
  /** mean silhouette on the sample */
  silhouette: number;
  /** k-means inertia on the fitting sample */
  inertia: number;
  /** its smallest segment is below the size floor, so it cannot be chosen */
  tooSmall?: boolean;
}

/**
 * Below this mean silhouette no k separates the users (Kaufman & Rousseeuw read 0.25 and below
 * as "no substantial structure"; profile vectors of a few dozen dimensions with real segments,
 * such as the demo shop's, score 0.27-0.30, uniform noise of the same width 0.05-0.10).
 */
export const minimumClearSilhouette = 0.15;
/**
 * Uniform noise in the same box as the data, segmented the same way, shows how high a silhouette
 * k-means reaches on data without segments; the data's best must beat it by this margin.
 */
export const minimumSilhouetteGain = 0.05;

export interface Segmentation {
  /** segments after the size floor, numbered by size (0 = largest) */
  k: number;
  labels: Int32Array;
  centroids: DenseMatrix;
  sizes: number[];
  inertia: number;
  /** k picked before the size floor */
  chosenK: number;
  /** the chosen k's silhouette (NaN when k was fixed at 1) */
  silhouette: number;
  /** every k tried, empty when k was fixed */
  candidates: KCandidate[];
  /**
   * no k in the range separates the users (best silhouette below minimumClearSilhouette, or no
   * better than on uniform noise, or every k leaves a segment below the floor): one group
   */
  noClearSegments: boolean;
  /** why no k separates the users, with the numbers */
  noClearReason?: string;
  /** the best silhouette on uniform noise in the data's box, when the search measured it */
  referenceSilhouette?: number;
  /** segments dissolved by the floor: their size and the segment that took most of their users */
  merged: { size: number; into: number }[];
  /** per segment: below the floor (only in 'flag' mode can this be true) */
  belowFloor: boolean[];
}

/**
 * Segments users with k-means, choosing k by the mean silhouette on a sample (or using a fixed
 * k), then enforces a size floor so no persona describes a handful of people.
 */
export function chooseK(matrix: DenseMatrix, options: ChooseKOptions = {}): Segmentation {
  const search = searchK(matrix, options);
  if ('segmentation' in search) return search.segmentation;
  return finishSegmentation(matrix, options, search, kmeans(matrix, search.chosenK, search.fitOptions));
}

/**
 * `chooseK` with the final fit on everyone (the one that grows with the users; the search fits
 * samples of at most 30,000) through kmeansFor: an ONNX graph on a GPU device for at least
 * `minRows` users, the CPU path otherwise.
 */
export async function chooseKOnDevice(
  matrix: DenseMatrix,
  options: ChooseKOptions & { device: ComputeDevice; minRows: number },
): Promise<Segmentation> {
  const search = searchK(matrix, options);
  if ('segmentation' in search) return search.segmentation;
  const fit = await kmeansFor(matrix, search.chosenK, {
    ...search.fitOptions,
    device: options.device,
    minRows: options.minRows,
  });
  return finishSegmentation(matrix, options, search, fit);
}

interface KSearch {
  chosenK: number;
  /** the final fit's options: the sample's centroids as its start, or the seed */
  fitOptions: KMeansOptions;
  silhouette: number;
  candidates: KCandidate[];
  referenceSilhouette?: number;
  random: SeededRandom;
}

function searchK(matrix: DenseMatrix, options: ChooseKOptions): KSearch | { segmentation: Segmentation } {
  const seed = options.seed ?? 0;
  const floor = options.sizeFloor ?? 20;
  const random = createSeededRandom(seed);
  const candidates: KCandidate[] = [];
  let chosenK: number;
  let silhouette = Number.NaN;
  let start: DenseMatrix | undefined;
  let referenceSilhouette: number | undefined;

  if (options.k !== undefined) {
    chosenK = Math.min(options.k, matrix.rows);
  } else {
    const [low, high] = options.kRange ?? [2, 12];
    const fitRows = random.sampleIndexes(matrix.rows, options.fitSampleSize ?? 30_000);
    const fitMatrix = selectRows(matrix, fitRows);
    // The silhouette sample is drawn from the fitted rows so its labels come from the same fit.
    const silhouetteRows = random.sampleIndexes(fitRows.length, options.silhouetteSampleSize ?? 5000);
    const distances = pairwiseDistances(fitMatrix, silhouetteRows);
    const upper = Math.min(high, silhouetteRows.length - 1);
    const lower = Math.max(2, Math.min(low, upper));
    let bestCentroids: DenseMatrix | undefined;
    chosenK = 1;
    // the floor, scaled to the fitting sample
    const sampleFloor = (floor * fitRows.length) / matrix.rows;
    // each candidate, each candidate again on uniform noise, and the final fit on everyone
    const steps = 2 * (upper - lower + 1) + 1;
    const report = (done: number, detail: string) => options.onProgress?.(done, steps, detail);
    for (let k = lower; k <= upper; k++) {
      // A candidate stuck in a poor local minimum would hide its k; restarts on the seeding sample
      // cost milliseconds, so candidates get more of them than a single fit.
      const fit = kmeans(fitMatrix, k, { restarts: 5, ...options.kmeans, seed: seed + k });
      const sampleLabels = Int32Array.from(silhouetteRows, (row) => fit.labels[row]);
      const score = silhouetteFromDistances(distances, silhouetteRows.length, sampleLabels, k);
      const tooSmall = Math.min(...countLabels(fit.labels, k)) < sampleFloor;
      candidates.push({ k, silhouette: score, inertia: fit.inertia, ...(tooSmall ? { tooSmall } : {}) });
      report(k - lower + 1, `k-means for k = ${k} (${k - lower + 1} of ${upper - lower + 1} candidates)`);
      if (!tooSmall && (Number.isNaN(silhouette) || score > silhouette)) {
        silhouette = score;
        chosenK = k;
        bestCentroids = fit.centroids;
      }
    }
    if (chosenK > 1) {
      referenceSilhouette = uniformReferenceSilhouette(
        fitMatrix,
        silhouetteRows.length,
        lower,
        upper,
        seed,
        options,
        (k) =>
          report(
            upper - lower + 1 + k - lower + 1,
            `k = ${k} on uniform noise, the baseline a real segmentation must beat`,
          ),
      );
      report(steps - 1, `k = ${chosenK} on every user`);
    }
    if (
      chosenK === 1 ||
      silhouette < minimumClearSilhouette ||
      silhouette < (referenceSilhouette ?? Number.NEGATIVE_INFINITY) + minimumSilhouetteGain
    ) {
      const noClearReason =
        chosenK === 1
          ? `every k from ${lower} to ${upper} leaves a segment smaller than the size floor of ${floor} users`
          : silhouette < minimumClearSilhouette
            ? `the best silhouette, ${silhouette.toFixed(3)} at k = ${chosenK}, is below ${minimumClearSilhouette}`
            : `the best silhouette, ${silhouette.toFixed(3)} at k = ${chosenK}, is no better than ${(referenceSilhouette as number).toFixed(3)} on uniform noise`;
      return {
        segmentation: {
          ...oneGroup(matrix, floor),
          chosenK: 1,
          silhouette,
          candidates,
          noClearSegments: true,
          noClearReason,
          referenceSilhouette,
        },
      };
    }
    // Fitting everyone from the sample's centroids converges in a few passes.
    if (fitRows.length < matrix.rows) start = bestCentroids;
  }
  return {
    chosenK,
    fitOptions: start !== undefined ? { ...options.kmeans, initialCentroids: start } : { ...options.kmeans, seed },
    silhouette,
    candidates,
    referenceSilhouette,
    random,
  };
}

function finishSegmentation(
  matrix: DenseMatrix,
  options: ChooseKOptions,
  search: KSearch,
  fit: KMeansResult,
): Segmentation {
  const { chosenK, candidates, referenceSilhouette, random } = search;
  let { silhouette } = search;
  const floor = options.sizeFloor ?? 20;
  if (options.k !== undefined && chosenK >= 2 && matrix.rows > chosenK) {
    const sample = random.sampleIndexes(matrix.rows, options.silhouetteSampleSize ?? 5000);
    silhouette = silhouetteFromDistances(
      pairwiseDistances(matrix, sample),
      sample.length,
      Int32Array.from(sample, (row) => fit.labels[row]),
      chosenK,
    );
  }
  const floored = applySizeFloor(matrix, fit.labels, chosenK, floor, options.floorMode ?? 'merge');
  return {
    ...floored,
    chosenK,
    silhouette,
    candidates,
    noClearSegments: false,
    ...(referenceSilhouette !== undefined ? { referenceSilhouette } : {}),
  };
}

/** Everyone in one segment, its centroid the mean. */
function oneGroup(
  matrix: DenseMatrix,
  floor: number,
): Omit<Segmentation, 'chosenK' | 'silhouette' | 'candidates' | 'noClearSegments'> {
  const labels = new Int32Array(matrix.rows);
  const centroid = Float32Array.from(meansOf(matrix, labels, 1));
  let inertia = 0;
  for (let i = 0; i < matrix.rows; i++) {
    for (let t = 0; t < matrix.cols; t++) inertia += (matrix.data[i * matrix.cols + t] - centroid[t]) ** 2;
  }
  return {
    k: 1,
    labels,
    centroids: { rows: 1, cols: matrix.cols, data: centroid },
    sizes: [matrix.rows],
    inertia,
    merged: [],
    belowFloor: [matrix.rows < floor],
  };
}

/**
 * The best silhouette over the same k range on uniform noise drawn in the data's bounding box
 * (per column, between its 1st and 99th percentile so a few outliers do not stretch it): the
 * reference of the gap statistic (Tibshirani, Walther & Hastie 2001), read with the silhouette.
 */
function uniformReferenceSilhouette(
  matrix: DenseMatrix,
  sampleSize: number,
  lower: number,
  upper: number,
  seed: number,
  options: ChooseKOptions,
  fitted: (k: number) => void,
): number {
  const { cols } = matrix;
  const rows = Math.min(matrix.rows, 2000);
  const random = createSeededRandom(seed + 7919);
  const low = new Float64Array(cols);
  const high = new Float64Array(cols);
  const column = new Float64Array(matrix.rows);
  for (let t = 0; t < cols; t++) {
    for (let i = 0; i < matrix.rows; i++) column[i] = matrix.data[i * cols + t];
    column.sort();
    low[t] = column[Math.floor(0.01 * (matrix.rows - 1))];
    high[t] = column[Math.ceil(0.99 * (matrix.rows - 1))];
  }
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < cols; t++) data[i * cols + t] = low[t] + random.next() * (high[t] - low[t]);
  }
  const reference: DenseMatrix = { rows, cols, data };
  const sample = random.sampleIndexes(rows, Math.min(sampleSize, rows));
  const distances = pairwiseDistances(reference, sample);
  let best = Number.NEGATIVE_INFINITY;
  for (let k = lower; k <= Math.min(upper, sample.length - 1); k++) {
    const fit = kmeans(reference, k, { restarts: 2, ...options.kmeans, seed: seed + k });
    const score = silhouetteFromDistances(
      distances,
      sample.length,
      Int32Array.from(sample, (row) => fit.labels[row]),
      k,
    );
    if (score > best) best = score;
    fitted(k);
  }
  return best;
}

/**
 * Dissolves segments below the floor (smallest first), moving each of their users to the nearest
 * remaining centroid, or only flags them; then renumbers segments by size, largest first.
 */
export function applySizeFloor(
  matrix: DenseMatrix,
  initialLabels: Int32Array,
  k: number,
  floor: number,
  mode: 'merge' | 'flag' = 'merge',
): Omit<Segmentation, 'chosenK' | 'silhouette' | 'candidates' | 'noClearSegments'> {
  const { rows, cols, data } = matrix;
  const labels = Int32Array.from(initialLabels);
  const alive = new Array<boolean>(k).fill(true);
  const merged: { size: number; into: number }[] = [];
  let centroids = meansOf(matrix, labels, k);
  const sizes = countLabels(labels, k);

  if (mode === 'merge') {
    for (;;) {
      const living = alive.filter(Boolean).length;
      let smallest = -1;
      for (let j = 0; j < k; j++) {
        if (alive[j] && sizes[j] < floor && (smallest < 0 || sizes[j] < sizes[smallest])) smallest = j;
      }
      if (smallest < 0 || living <= 1) break;
      alive[smallest] = false;
      const receivedBy = new Float64Array(k);
      for (let i = 0; i < rows; i++) {
        if (labels[i] !== smallest) continue;
        let best = -1;
        let bestDistance = Number.POSITIVE_INFINITY;
        for (let j = 0; j < k; j++) {
          if (!alive[j]) continue;
          let distance = 0;
          for (let t = 0; t < cols; t++) distance += (data[i * cols + t] - centroids[j * cols + t]) ** 2;
          if (distance < bestDistance) {
            bestDistance = distance;
            best = j;
          }
        }
        labels[i] = best;
        receivedBy[best]++;
        sizes[best]++;
      }
      let into = 0;
      for (let j = 1; j < k; j++) if (receivedBy[j] > receivedBy[into]) into = j;
      merged.push({ size: sizes[smallest], into });
      sizes[smallest] = 0;
      centroids = meansOf(matrix, labels, k);
    }
  }

  // Renumber the surviving segments by size, largest first.
  const order = Array.from({ length: k }, (_, j) => j)
    .filter((j) => alive[j] && sizes[j] > 0)
    .sort((a, b) => sizes[b] - sizes[a] || a - b);
  const renumber = new Int32Array(k).fill(-1);
  order.forEach((j, index) => {
    renumber[j] = index;
  });
  for (let i = 0; i < rows; i++) labels[i] = renumber[labels[i]];
  for (const entry of merged) entry.into = renumber[entry.into];
  const finalK = order.length;
  const finalCentroids = new Float32Array(finalK * cols);
  order.forEach((j, index) => {
    for (let t = 0; t < cols; t++) finalCentroids[index * cols + t] = centroids[j * cols + t];
  });
  let inertia = 0;
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < cols; t++) inertia += (data[i * cols + t] - finalCentroids[labels[i] * cols + t]) ** 2;
  }
  const finalSizes = order.map((j) => sizes[j]);
  return {
    k: finalK,
    labels,
    centroids: { rows: finalK, cols, data: finalCentroids },
    sizes: finalSizes,
    inertia,
    merged,
    belowFloor: finalSizes.map((size) => size < floor),
  };
}

function selectRows(matrix: DenseMatrix, rowIndexes: Int32Array): DenseMatrix {
  if (rowIndexes.length === matrix.rows) return matrix;
  const { cols } = matrix;
  const data = new Float32Array(rowIndexes.length * cols);
  for (let s = 0; s < rowIndexes.length; s++) {
    data.set(matrix.data.subarray(rowIndexes[s] * cols, rowIndexes[s] * cols + cols), s * cols);
  }
  return { rows: rowIndexes.length, cols, data };
}

function countLabels(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label]++;
  return sizes;
}

function meansOf({ rows, cols, data }: DenseMatrix, labels: Int32Array, k: number): Float64Array {
  const sums = new Float64Array(k * cols);
  const counts = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    counts[labels[i]]++;
    for (let t = 0; t < cols; t++) sums[labels[i] * cols + t] += data[i * cols + t];
  }
  for (let j = 0; j < k; j++) for (let t = 0; t < cols; t++) sums[j * cols + t] /= counts[j] || 1;
  return sums;
}
