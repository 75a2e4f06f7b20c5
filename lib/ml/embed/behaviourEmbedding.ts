import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix, EventTable, ItemTable } from '@/lib/ml/types';

/** A sparse matrix in compressed sparse row form. */
export interface SparseRows {
  rows: number;
  cols: number;
  /** row r's entries are rowStart[r] .. rowStart[r + 1] - 1 */
  rowStart: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

export interface BehaviourEmbeddingOptions {
  /** width of the embedding (default 16) */
  dimensions?: number;
  /** what a user is described by: the items they touched, the items' categories, or both (default both) */
  columns?: 'items' | 'categories' | 'items+categories';
  /** items touched by fewer users carry no shared signal and are dropped (default 2) */
  minUsersPerItem?: number;
  /** extra random directions beyond `dimensions` (default 8) */
  oversampling?: number;
  /** power iterations that sharpen the leading subspace (default 2: segment-level structure needs the leading directions, not exact trailing ones) */
  powerIterations?: number;
  seed?: number;
}

export interface BehaviourEmbedding {
  /** users x dimensions: each user's coordinates on the leading singular directions (U Σ) */
  matrix: DenseMatrix;
  singularValues: Float64Array;
  /** columns x dimensions, row-major: the right singular directions V, so that U Σ = A V */
  components: Float32Array;
}

/** The columns, weights and directions fitted on a run's users, to embed other users the same way. */
export interface BehaviourEmbeddingModel {
  dimensions: number;
  /** item id -> column, for the items that had a column */
  itemColumns: Record<string, number>;
  /** category -> column */
  categoryColumns: Record<string, number>;
  /** inverse user frequency per column */
  idf: Float32Array;
  /** columns x dimensions, row-major */
  components: Float32Array;
}

/** A user x column interaction matrix with what its columns mean and how they were weighted. */
export interface WeightedInteractions extends SparseRows {
  /** per item of the EventTable: its own column, or -1 */
  itemColumn: Int32Array;
  categoryIndex: Map<string, number>;
  idf: Float64Array;
}

/**
 * Low-rank taste vectors: the user x item (and item-category) interaction counts, weighted as
 * tf-idf (log1p count x smoothed inverse user frequency) and L2-normalised per user so heavy users
 * do not dominate, then reduced by randomized truncated SVD. Users with similar baskets land close
 * even when they never touched the same item.
 */
export function computeBehaviourEmbedding(
  events: EventTable,
  items: ItemTable,
  options: BehaviourEmbeddingOptions = {},
): BehaviourEmbedding & { model: BehaviourEmbeddingModel } {
  const weighted = buildInteractionMatrix(events, items, options);
  const dimensions = options.dimensions ?? 16;
  const embedding = truncatedSvd(weighted, dimensions, options);
  const itemColumns: Record<string, number> = {};
  weighted.itemColumn.forEach((column, item) => {
    if (column >= 0) itemColumns[events.itemIds[item]] = column;
  });
  return {
    ...embedding,
    model: {
      dimensions,
      itemColumns,
      categoryColumns: Object.fromEntries(weighted.categoryIndex),
      idf: Float32Array.from(weighted.idf),
      components: embedding.components,
    },
  };
}

/**
 * Embeds users with a fitted model: their interactions on the model's columns (items and
 * categories it never saw are left out), weighted with its inverse user frequencies, times its
 * singular directions. For the users it was fitted on this gives their embedding again.
 */
export function applyBehaviourEmbedding(
  events: EventTable,
  items: ItemTable,
  model: BehaviourEmbeddingModel,
): DenseMatrix {
  return embedColumnCounts(embeddingColumnCounts(events, items, model), model);
}

/**
 * Per user, how many of their events fall on each of the model's columns (an item's own column
 * and its categories'), in the order the columns first occur. With `start` (counts of the same
 * users' earlier events) the counts go on from there.
 */
export function embeddingColumnCounts(
  events: EventTable,
  items: ItemTable,
  model: Pick<BehaviourEmbeddingModel, 'itemColumns' | 'categoryColumns'>,
  start?: Map<number, number>[],
): Map<number, number>[] {
  const users = events.userIds.length;
  const itemColumn = Int32Array.from(events.itemIds, (id) => model.itemColumns[id] ?? -1);
  const itemCategories = items.categories.map((categories) =>
    [...new Set(categories ?? [])].map((category) => model.categoryColumns[category]).filter((c) => c !== undefined),
  );
  const countsOf = Array.from({ length: users }, (_, u) => new Map(start?.[u] ?? []));
  let e = 0;
  for (let u = 0; u < users; u++) {
    const counts = countsOf[u];
    while (e < events.user.length && events.user[e] === u) {
      const item = events.item[e++];
      if (item < 0) continue;
      if (itemColumn[item] >= 0) counts.set(itemColumn[item], (counts.get(itemColumn[item]) ?? 0) + 1);
      for (const column of itemCategories[item] ?? []) counts.set(column, (counts.get(column) ?? 0) + 1);
    }
  }
  if (e !== events.user.length) throw new Error('events must be sorted by user');
  return countsOf;
}

/** Users' column counts weighted with the model's inverse user frequencies, normalised, times its singular directions. */
export function embedColumnCounts(countsOf: Map<number, number>[], model: BehaviourEmbeddingModel): DenseMatrix {
  const users = countsOf.length;
  const { dimensions, components, idf } = model;
  const data = new Float32Array(users * dimensions);
  for (let u = 0; u < users; u++) {
    let norm = 0;
    const weights: [number, number][] = [];
    for (const [column, count] of countsOf[u]) {
      const weight = Math.log1p(count) * idf[column];
      weights.push([column, weight]);
      norm += weight * weight;
    }
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    const offset = u * dimensions;
    for (const [column, weight] of weights) {
      for (let d = 0; d < dimensions; d++) data[offset + d] += weight * scale * components[column * dimensions + d];
    }
  }
  return { rows: users, cols: dimensions, data };
}

/** The tf-idf weighted, row-normalised user x column interaction matrix. */
export function buildInteractionMatrix(
  events: EventTable,
  items: ItemTable,
  options: Pick<BehaviourEmbeddingOptions, 'columns' | 'minUsersPerItem'> = {},
): WeightedInteractions {
  const users = events.userIds.length;
  const itemCount = events.itemIds.length;
  const mode = options.columns ?? 'items+categories';
  const minUsers = options.minUsersPerItem ?? 2;

  const itemUsers = new Int32Array(itemCount);
  const lastUserOfItem = new Int32Array(itemCount).fill(-1);
  const itemColumn = new Int32Array(itemCount).fill(-1);
  const categoryIndex = new Map<string, number>();
  const itemCategoryStart = new Int32Array(itemCount + 1);
  const itemCategories: number[] = [];
  if (mode !== 'categories') {
    // Events are grouped by user, so the last user seen per item counts distinct users.
    for (let e = 0; e < events.item.length; e++) {
      const item = events.item[e];
      if (item >= 0 && lastUserOfItem[item] !== events.user[e]) {
        lastUserOfItem[item] = events.user[e];
        itemUsers[item]++;
      }
    }
  }
  let cols = 0;
  if (mode !== 'categories') {
    for (let item = 0; item < itemCount; item++) if (itemUsers[item] >= minUsers) itemColumn[item] = cols++;
  }
  for (let item = 0; item < itemCount; item++) {
    itemCategoryStart[item] = itemCategories.length;
    if (mode === 'items') continue;
    for (const category of new Set(items.categories[item] ?? [])) {
      let index = categoryIndex.get(category);
      if (index === undefined) {
        index = cols++;
        categoryIndex.set(category, index);
      }
      itemCategories.push(index);
    }
  }
  itemCategoryStart[itemCount] = itemCategories.length;

  // Count per user with a dense scratch row, touching only the columns the user used.
  const scratch = new Float64Array(cols);
  const touched: number[] = [];
  const rowStart = new Int32Array(users + 1);
  let column = new Int32Array(1024);
  let value = new Float64Array(1024);
  let nonZeros = 0;
  const documentFrequency = new Float64Array(cols);
  let e = 0;
  const eventCount = events.user.length;
  for (let u = 0; u < users; u++) {
    rowStart[u] = nonZeros;
    while (e < eventCount && events.user[e] === u) {
      const item = events.item[e++];
      if (item < 0) continue;
      const direct = itemColumn[item];
      if (direct >= 0) {
        if (scratch[direct] === 0) touched.push(direct);
        scratch[direct]++;
      }
      for (let c = itemCategoryStart[item]; c < itemCategoryStart[item + 1]; c++) {
        const categoryColumn = itemCategories[c];
        if (scratch[categoryColumn] === 0) touched.push(categoryColumn);
        scratch[categoryColumn]++;
      }
    }
    touched.sort((a, b) => a - b);
    if (nonZeros + touched.length > column.length) {
      const capacity = Math.max(2 * column.length, nonZeros + touched.length);
      const grownColumn = new Int32Array(capacity);
      grownColumn.set(column);
      column = grownColumn;
      const grownValue = new Float64Array(capacity);
      grownValue.set(value);
      value = grownValue;
    }
    for (const c of touched) {
      column[nonZeros] = c;
      value[nonZeros] = scratch[c];
      nonZeros++;
      documentFrequency[c]++;
      scratch[c] = 0;
    }
    touched.length = 0;
  }
  rowStart[users] = nonZeros;
  if (e !== eventCount) throw new Error('events must be sorted by user');

  const idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + users) / (1 + df)) + 1);
  const values = value.slice(0, nonZeros);
  const columns = column.slice(0, nonZeros);
  for (let u = 0; u < users; u++) {
    let norm = 0;
    for (let p = rowStart[u]; p < rowStart[u + 1]; p++) {
      values[p] = Math.log1p(values[p]) * idf[columns[p]];
      norm += values[p] * values[p];
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let p = rowStart[u]; p < rowStart[u + 1]; p++) values[p] *= scale;
  }
  return { rows: users, cols, rowStart, column: columns, value: values, itemColumn, categoryIndex, idf };
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011) of a sparse matrix, sketched from the
 * column side: Z spans dimensions + oversampling random directions in column space, sharpened by
 * power iterations (Z <- orth(Aᵀ A Z)); then A Z = U Σ Wᵀ is solved through the small Gram matrix
 * (A Z)ᵀ(A Z). Only the column side (items, a few thousand) is ever orthonormalised, never the
 * 100k-row side, which is what keeps this fast. Returns U Σ for the leading `dimensions`
 * (zero-padded when the matrix has lower rank), signs fixed so the largest entry of each column
 * is positive.
 */
export function truncatedSvd(
  a: SparseRows,
  dimensions: number,
  options: Pick<BehaviourEmbeddingOptions, 'oversampling' | 'powerIterations' | 'seed'> = {},
): BehaviourEmbedding {
  if (a.cols === 0 || a.rows === 0) {
    // No item was touched by enough users (or the data names no items at all): the embedding is a
    // zero block of the same width, so the profile layout does not depend on the data's shape.
    return {
      matrix: { rows: a.rows, cols: dimensions, data: new Float32Array(a.rows * dimensions) },
      singularValues: new Float64Array(dimensions),
      components: new Float32Array(0),
    };
  }
  const random = createSeededRandom(options.seed ?? 0);
  const width = Math.max(1, Math.min(dimensions + (options.oversampling ?? 8), a.cols, a.rows));
  const omega = new Float64Array(a.cols * width);
  for (let i = 0; i < omega.length; i++) omega[i] = random.normal();

  let sketch = orthonormalise(omega, a.cols, width);
  for (let iteration = 0; iteration < (options.powerIterations ?? 2); iteration++) {
    const projected = multiply(a, sketch.data, sketch.width);
    sketch = orthonormalise(multiplyTransposed(a, projected, sketch.width), a.cols, sketch.width);
  }

  const rank = sketch.width;
  const projected = multiply(a, sketch.data, rank);
  const gram = new Float64Array(rank * rank);
  accumulateGram(projected, a.rows, rank, gram);
  const eigen = new EigenvalueDecomposition(toMatrix(gram, rank), { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value);

  const kept = Math.min(dimensions, rank);
  const singularValues = new Float64Array(dimensions);
  const rotation = new Float64Array(rank * kept);
  for (let d = 0; d < kept; d++) {
    singularValues[d] = Math.sqrt(Math.max(0, order[d].value));
    for (let r = 0; r < rank; r++) rotation[r * kept + d] = eigen.eigenvectorMatrix.get(r, order[d].index);
  }

  // U Σ = (A Z) W
  const scores = new Float64Array(a.rows * kept);
  for (let i = 0; i < a.rows; i++) {
    for (let r = 0; r < rank; r++) {
      const value = projected[i * rank + r];
      if (value === 0) continue;
      for (let d = 0; d < kept; d++) scores[i * kept + d] += value * rotation[r * kept + d];
    }
  }
  const embedding = new Float32Array(a.rows * dimensions);
  // V = Z W, with the same sign flips, so that U Σ = A V embeds rows the matrix never held.
  const components = new Float32Array(a.cols * dimensions);
  for (let d = 0; d < kept; d++) {
    let largest = 0;
    for (let i = 0; i < a.rows; i++) {
      if (Math.abs(scores[i * kept + d]) > Math.abs(largest)) largest = scores[i * kept + d];
    }
    const sign = largest < 0 ? -1 : 1;
    for (let i = 0; i < a.rows; i++) embedding[i * dimensions + d] = sign * scores[i * kept + d];
    for (let c = 0; c < a.cols; c++) {
      let sum = 0;
      for (let r = 0; r < rank; r++) sum += sketch.data[c * rank + r] * rotation[r * kept + d];
      components[c * dimensions + d] = sign * sum;
    }
  }
  return { matrix: { rows: a.rows, cols: dimensions, data: embedding }, singularValues, components };
}

/** A (rows x cols, sparse) times X (cols x width, row-major dense). */
function multiply(a: SparseRows, x: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.rows * width);
  for (let i = 0; i < a.rows; i++) {
    const outOffset = i * width;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
      const v = a.value[p];
      const xOffset = a.column[p] * width;
      for (let w = 0; w < width; w++) out[outOffset + w] += v * x[xOffset + w];
    }
  }
  return out;
}

/** Aᵀ (cols x rows) times Y (rows x width, row-major dense). */
function multiplyTransposed(a: SparseRows, y: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.cols * width);
  for (let i = 0; i < a.rows; i++) {
    const yOffset = i * width;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
      const v = a.value[p];
      const outOffset = a.column[p] * width;
      for (let w = 0; w < width; w++) out[outOffset + w] += v * y[yOffset + w];
    }
  }
  return out;
}

function accumulateGram(y: Float64Array, rows: number, width: number, gram: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const offset = i * width;
    for (let p = 0; p < width; p++) {
      const value = y[offset + p];
      if (value === 0) continue;
      for (let q = p; q < width; q++) gram[p * width + q] += value * y[offset + q];
    }
  }
  for (let p = 0; p < width; p++) for (let q = 0; q < p; q++) gram[p * width + q] = gram[q * width + p];
}

function toMatrix(values: Float64Array, size: number): Matrix {
  const matrix = new Matrix(size, size);
  for (let p = 0; p < size; p++) for (let q = 0; q < size; q++) matrix.set(p, q, values[p * size + q]);
  return matrix;
}

/**
 * An orthonormal basis of the columns of Y (rows x width): Q = Y V Λ^-1/2 from the eigenvectors
 * of YᵀY, dropping directions with no weight, so a matrix of lower rank than the sketch still
 * gives a clean basis. One pass suffices between power iterations, where YᵀY is well conditioned.
 */
function orthonormalise(y: Float64Array, rows: number, width: number): { data: Float64Array; width: number } {
  const gram = new Float64Array(width * width);
  accumulateGram(y, rows, width, gram);
  const eigen = new EigenvalueDecomposition(toMatrix(gram, width), { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const largest = Math.max(...values, 0);
  const keep = values.map((v, index) => ({ v, index })).filter(({ v }) => v > largest * 1e-10 && v > 0);
  const kept = keep.length;
  const transform = new Float64Array(width * kept);
  keep.forEach(({ v, index }, column) => {
    const scale = 1 / Math.sqrt(v);
    for (let r = 0; r < width; r++) transform[r * kept + column] = eigen.eigenvectorMatrix.get(r, index) * scale;
  });
  const basis = new Float64Array(rows * kept);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < width; r++) {
      const value = y[i * width + r];
      if (value === 0) continue;
      for (let c = 0; c < kept; c++) basis[i * kept + c] += value * transform[r * kept + c];
    }
  }
  return { data: basis, width: kept };
}
