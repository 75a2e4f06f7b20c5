import type { DenseMatrix } from '@/lib/ml/types';

/** Side-by-side join of matrices with the same rows (profile vectors, SVD columns, hashed items). */
export function concatenateColumns(...matrices: DenseMatrix[]): DenseMatrix {
  if (matrices.length === 0) throw new Error('nothing to concatenate');
  const rows = matrices[0].rows;
  for (const matrix of matrices) {
    if (matrix.rows !== rows) throw new Error(`cannot join ${matrix.rows} rows to ${rows}`);
  }
  const cols = matrices.reduce((sum, matrix) => sum + matrix.cols, 0);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let offset = r * cols;
    for (const matrix of matrices) {
      data.set(matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols), offset);
      offset += matrix.cols;
    }
  }
  return { rows, cols, data };
}
