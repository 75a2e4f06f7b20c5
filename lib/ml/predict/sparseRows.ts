import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';

/** Compressed sparse rows: row r holds `value[k]` in column `index[k]` for k in rowStart[r]..rowStart[r+1]. */
export interface SparseRows {
  rows: number;
  cols: number;
  rowStart: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

/** The binary user × item matrix of `interactions`: 1 for every distinct item a user engaged with. */
export function itemRowsOf(interactions: UserItemInteractions): SparseRows {
  return {
    rows: interactions.users,
    cols: interactions.items,
    rowStart: interactions.userStart,
    index: interactions.itemIndex,
    value: new Float32Array(interactions.itemIndex.length).fill(1),
  };
}

/** The rows `rows` of `matrix`, in that order. */
export function selectSparseRows(matrix: SparseRows, rows: ArrayLike<number>): SparseRows {
  const rowStart = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) {
    rowStart[r + 1] = rowStart[r] + matrix.rowStart[rows[r] + 1] - matrix.rowStart[rows[r]];
  }
  const index = new Int32Array(rowStart[rows.length]);
  const value = new Float32Array(rowStart[rows.length]);
  for (let r = 0; r < rows.length; r++) {
    const from = matrix.rowStart[rows[r]];
    const to = matrix.rowStart[rows[r] + 1];
    index.set(matrix.index.subarray(from, to), rowStart[r]);
    value.set(matrix.value.subarray(from, to), rowStart[r]);
  }
  return { rows: rows.length, cols: matrix.cols, rowStart, index, value };
}

/**
 * Feature rows of a prediction target: dense columns, and for attribute targets the same users'
 * raw item rows beside them (which selectRows carries along and the `items` family reads).
 */
export type FeatureRows = DenseMatrix & { itemRows?: SparseRows };

/** The rows `rows` of `matrix` (dense columns and item rows alike), in that order. */
export function selectFeatureRows(matrix: FeatureRows, rows: ArrayLike<number>): FeatureRows {
  const { cols } = matrix;
  const data = new Float32Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++) data.set(matrix.data.subarray(rows[r] * cols, (rows[r] + 1) * cols), r * cols);
  return matrix.itemRows
    ? { rows: rows.length, cols, data, itemRows: selectSparseRows(matrix.itemRows, rows) }
    : { rows: rows.length, cols, data };
}
