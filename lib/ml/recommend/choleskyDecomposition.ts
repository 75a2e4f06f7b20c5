/**
 * Cholesky factorisation of symmetric positive-definite matrices held row-major in a
 * Float64Array, and what it is used for here: small solves (ALS, ridge) and the full inverse
 * that EASE needs. Every inner loop runs along a contiguous row, which is what keeps plain
 * JavaScript within a small factor of BLAS for these sizes.
 */

/** Σ a[aOffset+k]·b[bOffset+k] for k < length, with four accumulators to hide add latency. */
function dotProduct(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    sum0 += a[aOffset + k] * b[bOffset + k];
    sum1 += a[aOffset + k + 1] * b[bOffset + k + 1];
    sum2 += a[aOffset + k + 2] * b[bOffset + k + 2];
    sum3 += a[aOffset + k + 3] * b[bOffset + k + 3];
  }
  for (; k < length; k++) sum0 += a[aOffset + k] * b[bOffset + k];
  return sum0 + sum1 + (sum2 + sum3);
}

/**
 * Overwrites the lower triangle of `matrix` (n × n) with L where matrix = L·Lᵀ. The strict upper
 * triangle is left untouched. Returns false when the matrix is not positive definite.
 */
export function choleskyInPlace(matrix: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      const sum = matrix[rowI + j] - dotProduct(matrix, rowI, matrix, rowJ, j);
      if (i === j) {
        if (!(sum > 0)) return false;
        matrix[rowI + i] = Math.sqrt(sum);
      } else {
        matrix[rowI + j] = sum / matrix[rowJ + j];
      }
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = rhs in place, with L the lower triangle written by choleskyInPlace. */
export function solveWithCholesky(factor: Float64Array, n: number, rhs: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    rhs[i] = (rhs[i] - dotProduct(factor, row, rhs, 0, i)) / factor[row + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = rhs[i];
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i] * rhs[k];
    rhs[i] = sum / factor[i * n + i];
  }
}

/**
 * The inverse of a symmetric positive-definite matrix, written over `matrix` (which is consumed).
 * P = L⁻ᵀ·L⁻¹: factor, invert the triangle, multiply, each about n³/6 multiply-adds, all as dot
 * products of contiguous rows. Throws when the matrix is not positive definite.
 */
export function invertSymmetricPositiveDefinite(matrix: Float64Array, n: number): Float64Array {
  if (!choleskyInPlace(matrix, n)) throw new Error('matrix is not positive definite');
  // Row j of `inverseFactorTransposed` is column j of L⁻¹, found by forward substitution L·w = e_j.
  const inverseFactorTransposed = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const column = j * n;
    inverseFactorTransposed[column + j] = 1 / matrix[j * n + j];
    for (let i = j + 1; i < n; i++) {
      const row = i * n;
      const sum = dotProduct(matrix, row + j, inverseFactorTransposed, column + j, i - j);
      inverseFactorTransposed[column + i] = -sum / matrix[row + i];
    }
  }
  // P[i,j] = Σ_k L⁻¹[k,i]·L⁻¹[k,j], and L⁻¹[k,i] is zero for k < i.
  const inverse = matrix;
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const value = dotProduct(inverseFactorTransposed, rowI + i, inverseFactorTransposed, j * n + i, n - i);
      inverse[rowI + j] = value;
      inverse[j * n + i] = value;
    }
  }
  return inverse;
}
