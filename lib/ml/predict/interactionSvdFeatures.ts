import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

export interface InteractionSvdOptions {
  /** columns of the result (default 32) */
  components?: number;
  /** extra random directions, for accuracy (default 10) */
  oversampling?: number;
  /** subspace iterations, which sharpen the leading directions (default 2) */
  powerIterations?: number;
  seed?: number;
}

/**
 * Truncated SVD of the binary user × item matrix, U_k·Σ_k per user: a few dense columns that
 * carry what users' item choices say about them, for attribute inference. Randomised range
 * finder (Halko, Martinsson & Tropp 2011) on the sparse rows, so the cost is
 * O(pairs·l + (users + items)·l²) for l = components + oversampling.
 */
export function interactionSvdFeatures(
  interactions: UserItemInteractions,
  options: InteractionSvdOptions = {},
): DenseMatrix {
  return interactionSvd(interactions, options).userFeatures;
}

/**
 * interactionSvdFeatures with the item side beside it: V_k = Xᵀ·Q·w_k / σ_k per item (items ×
 * components), so that a user's binary item row x projects to x·V, their features, whether or
 * not they were in the fit (for a fitted user x·V equals U·Σ up to the range finder's error).
 */
export function interactionSvd(
  interactions: UserItemInteractions,
  options: InteractionSvdOptions = {},
): { userFeatures: DenseMatrix; itemSide: DenseMatrix } {
  const { users, items } = interactions;
  const components = Math.min(options.components ?? 32, users, items);
  const width = Math.min(components + (options.oversampling ?? 10), users, items);
  // A log without item ids has no interactions to factor: no columns, rather than an empty eigenproblem.
  if (width === 0 || interactions.itemIndex.length === 0)
    return {
      userFeatures: { rows: users, cols: 0, data: new Float32Array(0) },
      itemSide: { rows: items, cols: 0, data: new Float32Array(0) },
    };
  const random = createSeededRandom(options.seed ?? 0);
  const projection = Float64Array.from({ length: items * width }, () => random.normal());

  let range = orthonormalColumns(multiplyRows(interactions, projection, width), users, width);
  for (let iteration = 0; iteration < (options.powerIterations ?? 2); iteration++) {
    const itemSide = orthonormalColumns(multiplyTransposed(interactions, range.basis, range.cols), items, range.cols);
    range = orthonormalColumns(multiplyRows(interactions, itemSide.basis, itemSide.cols), users, itemSide.cols);
  }
  // B = Qᵀ·X is small (l × items); the eigenvectors of B·Bᵀ rotate Q onto the singular vectors.
  const l = range.cols;
  const bTransposed = multiplyTransposed(interactions, range.basis, l);
  const eigen = new EigenvalueDecomposition(gramOfColumns(bTransposed, items, l), { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const kept = Math.min(components, l);
  // U·Σ = Q·V·Σ and V·Σ's column is the eigenvector scaled by σ = √λ
  const rotation = new Float64Array(kept * l);
  for (let k = 0; k < kept; k++) {
    const sigma = Math.sqrt(Math.max(0, order[k].value));
    const vector = eigen.eigenvectorMatrix.getColumn(order[k].index);
    for (let a = 0; a < l; a++) rotation[k * l + a] = vector[a] * sigma;
  }
  const data = new Float32Array(users * components);
  rotateRows(range.basis, users, l, rotation, kept, (u, k, value) => {
    data[u * components + k] = value;
  });
  // the same eigenvectors divided by σ instead: Bᵀ·w_k / σ_k; a direction without weight projects to 0
  const itemRotation = new Float64Array(kept * l);
  for (let k = 0; k < kept; k++) {
    const sigma = Math.sqrt(Math.max(0, order[k].value));
    if (sigma === 0) continue;
    const vector = eigen.eigenvectorMatrix.getColumn(order[k].index);
    for (let a = 0; a < l; a++) itemRotation[k * l + a] = vector[a] / sigma;
  }
  const itemData = new Float32Array(items * components);
  rotateRows(bTransposed, items, l, itemRotation, kept, (i, k, value) => {
    itemData[i * components + k] = value;
  });
  return {
    userFeatures: { rows: users, cols: components, data },
    itemSide: { rows: items, cols: components, data: itemData },
  };
}

/**
 * Users' item factors from the item side of interactionSvd: x·V for each user's binary row x
 * over the item side's items (compressed rows: user u's items are itemRows[rowStart[u] .. rowStart[u + 1])).
 */
export function projectOntoItemSide(itemSide: DenseMatrix, rowStart: Int32Array, itemRows: Int32Array): DenseMatrix {
  const users = rowStart.length - 1;
  const width = itemSide.cols;
  const data = new Float32Array(users * width);
  const sum = new Float64Array(width);
  for (let u = 0; u < users; u++) {
    sum.fill(0);
    for (let p = rowStart[u]; p < rowStart[u + 1]; p++) {
      const row = itemRows[p] * width;
      for (let k = 0; k < width; k++) sum[k] += itemSide.data[row + k];
    }
    data.set(sum, u * width);
  }
  return { rows: users, cols: width, data };
}

/** YᵀY for Y (rows × cols, row-major), accumulated row by row so Y is read once, in order. */
function gramOfColumns(y: Float64Array, rows: number, cols: number): Matrix {
  const lower = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let a = 0; a < cols; a++) {
      const value = y[row + a];
      if (value === 0) continue;
      const offset = a * cols;
      for (let b = 0; b <= a; b++) lower[offset + b] += value * y[row + b];
    }
  }
  const gram = new Matrix(cols, cols);
  for (let a = 0; a < cols; a++) {
    for (let b = 0; b <= a; b++) {
      gram.set(a, b, lower[a * cols + b]);
      gram.set(b, a, lower[a * cols + b]);
    }
  }
  return gram;
}

/** For each row r of Y (rows × cols) and each of the `count` rows v_k of `rotation`: write(r, k, Y_r·v_k). */
function rotateRows(
  y: Float64Array,
  rows: number,
  cols: number,
  rotation: Float64Array,
  count: number,
  write: (row: number, k: number, value: number) => void,
): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let k = 0; k < count; k++) {
      const offset = k * cols;
      let sum = 0;
      for (let a = 0; a < cols; a++) sum += y[row + a] * rotation[offset + a];
      write(r, k, sum);
    }
  }
}

/** X·M for the sparse binary X (users × items) and dense M (items × width). */
function multiplyRows(interactions: UserItemInteractions, matrix: Float64Array, width: number): Float64Array {
  const { users, userStart, itemIndex } = interactions;
  const out = new Float64Array(users * width);
  for (let u = 0; u < users; u++) {
    for (let p = userStart[u]; p < userStart[u + 1]; p++) {
      const row = itemIndex[p] * width;
      for (let c = 0; c < width; c++) out[u * width + c] += matrix[row + c];
    }
  }
  return out;
}

/** Xᵀ·M for dense M (users × width). */
function multiplyTransposed(interactions: UserItemInteractions, matrix: Float64Array, width: number): Float64Array {
  const { users, items, userStart, itemIndex } = interactions;
  const out = new Float64Array(items * width);
  for (let u = 0; u < users; u++) {
    for (let p = userStart[u]; p < userStart[u + 1]; p++) {
      const row = itemIndex[p] * width;
      for (let c = 0; c < width; c++) out[row + c] += matrix[u * width + c];
    }
  }
  return out;
}

/**
 * An orthonormal basis of the columns of Y (rows × cols, row-major) through the eigenvectors of
 * YᵀY, dropping directions with no weight (so a rank-deficient Y yields fewer columns).
 */
function orthonormalColumns(y: Float64Array, rows: number, cols: number): { basis: Float64Array; cols: number } {
  const eigen = new EigenvalueDecomposition(gramOfColumns(y, rows, cols), { assumeSymmetric: true });
  const largest = Math.max(...eigen.realEigenvalues);
  const kept = eigen.realEigenvalues
    .map((value, index) => ({ value, index }))
    .filter((entry) => entry.value > largest * 1e-10)
    .sort((a, b) => b.value - a.value);
  const width = kept.length;
  const rotation = new Float64Array(width * cols);
  for (let k = 0; k < width; k++) {
    const vector = eigen.eigenvectorMatrix.getColumn(kept[k].index);
    const scale = 1 / Math.sqrt(kept[k].value);
    for (let a = 0; a < cols; a++) rotation[k * cols + a] = vector[a] * scale;
  }
  const basis = new Float64Array(rows * width);
  rotateRows(y, rows, cols, rotation, width, (r, k, value) => {
    basis[r * width + k] = value;
  });
  return { basis, cols: width };
}
