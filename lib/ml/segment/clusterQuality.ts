import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

/*
 * How good a segmentation is: internal measures (silhouette, Davies-Bouldin) for choosing k and
 * reporting, and agreement with a known labelling (ARI, NMI) for `--truth` evaluation against
 * true_persona. Definitions follow scikit-learn so figures can be compared side by side.
 */

export type Labels = ArrayLike<number> | readonly string[];

/**
 * Euclidean distances between the given rows, as the condensed upper triangle
 * (pair (a, b) with a < b at a * m - a * (a + 1) / 2 + b - a - 1).
 */
export function pairwiseDistances(matrix: DenseMatrix, rowIndexes: Int32Array): Float32Array {
  const { cols, data } = matrix;
  const m = rowIndexes.length;
  const rows = new Float64Array(m * cols);
  const norms = new Float64Array(m);
  for (let s = 0; s < m; s++) {
    let norm = 0;
    for (let t = 0; t < cols; t++) {
      const value = data[rowIndexes[s] * cols + t];
      rows[s * cols + t] = value;
      norm += value * value;
    }
    norms[s] = norm;
  }
  const condensed = new Float32Array((m * (m - 1)) / 2);
  const rowStart = (a: number) => a * m - (a * (a + 1)) / 2 - a - 1;
  const store = (a: number, b: number, dot: number) => {
    const squared = norms[a] + norms[b] - 2 * dot;
    condensed[rowStart(a) + b] = squared > 0 ? Math.sqrt(squared) : 0;
  };
  // Four rows at a time against each later row: every value of row b loaded once serves four dot
  // products, which is where the time goes (m²/2 of them).
  let a = 0;
  for (; a + 3 < m; a += 4) {
    const o0 = a * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    store(a, a + 1, dot(rows, o0, o1, cols));
    store(a, a + 2, dot(rows, o0, o2, cols));
    store(a, a + 3, dot(rows, o0, o3, cols));
    store(a + 1, a + 2, dot(rows, o1, o2, cols));
    store(a + 1, a + 3, dot(rows, o1, o3, cols));
    store(a + 2, a + 3, dot(rows, o2, o3, cols));
    for (let b = a + 4; b < m; b++) {
      const ob = b * cols;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let t = 0; t < cols; t++) {
        const value = rows[ob + t];
        d0 += rows[o0 + t] * value;
        d1 += rows[o1 + t] * value;
        d2 += rows[o2 + t] * value;
        d3 += rows[o3 + t] * value;
      }
      store(a, b, d0);
      store(a + 1, b, d1);
      store(a + 2, b, d2);
      store(a + 3, b, d3);
    }
  }
  for (; a < m; a++) for (let b = a + 1; b < m; b++) store(a, b, dot(rows, a * cols, b * cols, cols));
  return condensed;
}

function dot(rows: Float64Array, aOffset: number, bOffset: number, cols: number): number {
  let sum = 0;
  for (let t = 0; t < cols; t++) sum += rows[aOffset + t] * rows[bOffset + t];
  return sum;
}

/**
 * Mean silhouette of m points from their condensed pairwise distances and labels in [0, k).
 * A point alone in its cluster scores 0, as in scikit-learn.
 */
export function silhouetteFromDistances(condensed: Float32Array, m: number, labels: Int32Array, k: number): number {
  const sums = new Float64Array(m * k);
  const sizes = new Float64Array(k);
  for (let a = 0; a < m; a++) sizes[labels[a]]++;
  let position = 0;
  for (let a = 0; a < m; a++) {
    const aLabel = labels[a];
    const aRow = a * k;
    for (let b = a + 1; b < m; b++) {
      const distance = condensed[position++];
      sums[aRow + labels[b]] += distance;
      sums[b * k + aLabel] += distance;
    }
  }
  let total = 0;
  for (let a = 0; a < m; a++) {
    const own = labels[a];
    if (sizes[own] <= 1) continue;
    const cohesion = sums[a * k + own] / (sizes[own] - 1);
    let separation = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const mean = sums[a * k + c] / sizes[c];
      if (mean < separation) separation = mean;
    }
    if (!Number.isFinite(separation)) continue;
    const larger = Math.max(cohesion, separation);
    if (larger > 0) total += (separation - cohesion) / larger;
  }
  return total / m;
}

export interface SilhouetteOptions {
  /** points drawn for the estimate (default 5,000); all points when there are fewer */
  sampleSize?: number;
  seed?: number;
}

/** Mean silhouette coefficient, estimated on a seeded sample because it costs O(m²). */
export function silhouetteScore(matrix: DenseMatrix, labels: Labels, options: SilhouetteOptions = {}): number {
  const { codes, count } = encodeLabels(labels);
  const sample = createSeededRandom(options.seed ?? 0).sampleIndexes(matrix.rows, options.sampleSize ?? 5000);
  const sampleLabels = Int32Array.from(sample, (row) => codes[row]);
  return silhouetteFromDistances(pairwiseDistances(matrix, sample), sample.length, sampleLabels, count);
}

/**
 * Davies-Bouldin index: mean over clusters of the worst (scatter_i + scatter_j) / centroid gap;
 * lower is better, 0 at best.
 */
export function daviesBouldinIndex(matrix: DenseMatrix, labels: Labels): number {
  const { rows, cols, data } = matrix;
  const { codes, count: k } = encodeLabels(labels);
  const centroids = new Float64Array(k * cols);
  const sizes = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    sizes[codes[i]]++;
    for (let t = 0; t < cols; t++) centroids[codes[i] * cols + t] += data[i * cols + t];
  }
  for (let c = 0; c < k; c++) for (let t = 0; t < cols; t++) centroids[c * cols + t] /= sizes[c];
  const scatter = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    let squared = 0;
    for (let t = 0; t < cols; t++) squared += (data[i * cols + t] - centroids[codes[i] * cols + t]) ** 2;
    scatter[codes[i]] += Math.sqrt(squared);
  }
  for (let c = 0; c < k; c++) scatter[c] /= sizes[c];
  if (k < 2) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      let squared = 0;
      for (let t = 0; t < cols; t++) squared += (centroids[a * cols + t] - centroids[b * cols + t]) ** 2;
      const gap = Math.sqrt(squared);
      const ratio = gap > 0 ? (scatter[a] + scatter[b]) / gap : Number.POSITIVE_INFINITY;
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / k;
}

/** Adjusted Rand index between two labellings of the same items: 1 identical, about 0 random. */
export function adjustedRandIndex(first: Labels, second: Labels): number {
  const table = contingencyTable(first, second);
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const cell of table.cells) index += pairs(cell);
  let rowPairs = 0;
  for (const size of table.firstSizes) rowPairs += pairs(size);
  let columnPairs = 0;
  for (const size of table.secondSizes) columnPairs += pairs(size);
  const expected = (rowPairs * columnPairs) / pairs(table.n);
  const maximum = (rowPairs + columnPairs) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}

/** Normalised mutual information with the arithmetic mean of entropies (scikit-learn's default). */
export function normalizedMutualInformation(first: Labels, second: Labels): number {
  const table = contingencyTable(first, second);
  const { n } = table;
  const entropy = (sizes: Float64Array) => {
    let h = 0;
    for (const size of sizes) if (size > 0) h -= (size / n) * Math.log(size / n);
    return h;
  };
  const firstEntropy = entropy(table.firstSizes);
  const secondEntropy = entropy(table.secondSizes);
  if (firstEntropy === 0 && secondEntropy === 0) return 1;
  let mutual = 0;
  const columns = table.secondSizes.length;
  for (let a = 0; a < table.firstSizes.length; a++) {
    for (let b = 0; b < columns; b++) {
      const cell = table.cells[a * columns + b];
      if (cell > 0) mutual += (cell / n) * Math.log((n * cell) / (table.firstSizes[a] * table.secondSizes[b]));
    }
  }
  const normaliser = (firstEntropy + secondEntropy) / 2;
  return normaliser > 0 ? Math.max(0, mutual / normaliser) : 0;
}

/** Dense codes 0..count-1 for any labelling, in order of first appearance. */
export function encodeLabels(labels: Labels): { codes: Int32Array; count: number } {
  const codes = new Int32Array(labels.length);
  const seen = new Map<number | string, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    let code = seen.get(label);
    if (code === undefined) {
      code = seen.size;
      seen.set(label, code);
    }
    codes[i] = code;
  }
  return { codes, count: seen.size };
}

function contingencyTable(first: Labels, second: Labels) {
  if (first.length !== second.length) {
    throw new RangeError(`labellings differ in length: ${first.length} vs ${second.length}`);
  }
  const a = encodeLabels(first);
  const b = encodeLabels(second);
  const cells = new Float64Array(a.count * b.count);
  const firstSizes = new Float64Array(a.count);
  const secondSizes = new Float64Array(b.count);
  for (let i = 0; i < first.length; i++) {
    cells[a.codes[i] * b.count + b.codes[i]]++;
    firstSizes[a.codes[i]]++;
    secondSizes[b.codes[i]]++;
  }
  return { cells, firstSizes, secondSizes, n: first.length };
}
