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
 * The four dot products of rows a and b of `x` with rows c and d of `y` over columns [from, to),
 * into out as [a·c, a·d, b·c, b·d]. Each value loaded feeds two products (a 2 × 2 tile), which
 * halves the memory traffic of one-pair dot products once the matrix outgrows the cache, and the
 * eight accumulators keep the adds from waiting on each other.
 */
function tileDots(
  x: Float64Array,
  a: number,
  b: number,
  y: Float64Array,
  c: number,
  d: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  let ac0 = 0;
  let ad0 = 0;
  let bc0 = 0;
  let bd0 = 0;
  let ac1 = 0;
  let ad1 = 0;
  let bc1 = 0;
  let bd1 = 0;
  let k = from;
  for (; k + 1 < to; k += 2) {
    const a0 = x[a + k];
    const b0 = x[b + k];
    const c0 = y[c + k];
    const d0 = y[d + k];
    ac0 += a0 * c0;
    ad0 += a0 * d0;
    bc0 += b0 * c0;
    bd0 += b0 * d0;
    const a1 = x[a + k + 1];
    const b1 = x[b + k + 1];
    const c1 = y[c + k + 1];
    const d1 = y[d + k + 1];
    ac1 += a1 * c1;
    ad1 += a1 * d1;
    bc1 += b1 * c1;
    bd1 += b1 * d1;
  }
  if (k < to) {
    ac0 += x[a + k] * y[c + k];
    ad0 += x[a + k] * y[d + k];
    bc0 += x[b + k] * y[c + k];
    bd0 += x[b + k] * y[d + k];
  }
  out[0] = ac0 + ac1;
  out[1] = ad0 + ad1;
  out[2] = bc0 + bc1;
  out[3] = bd0 + bd1;
}

/**
 * Overwrites the lower triangle of `matrix` (n × n) with L where matrix = L·Lᵀ. The strict upper
 * triangle is left untouched. Returns false when the matrix is not positive definite.
 * Rows are factored two at a time against two earlier rows at a time (tileDots).
 */
export function choleskyInPlace(matrix: Float64Array, n: number): boolean {
  const sums = new Float64Array(4);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const rowA = i * n;
    const rowB = rowA + n;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const rowC = j * n;
      const rowD = rowC + n;
      tileDots(matrix, rowA, rowB, matrix, rowC, rowD, 0, j, sums);
      const aj = (matrix[rowA + j] - sums[0]) / matrix[rowC + j];
      const bj = (matrix[rowB + j] - sums[2]) / matrix[rowC + j];
      matrix[rowA + j] = aj;
      matrix[rowB + j] = bj;
      // column j + 1 also takes the k = j term, known only now
      matrix[rowA + j + 1] = (matrix[rowA + j + 1] - sums[1] - aj * matrix[rowD + j]) / matrix[rowD + j + 1];
      matrix[rowB + j + 1] = (matrix[rowB + j + 1] - sums[3] - bj * matrix[rowD + j]) / matrix[rowD + j + 1];
    }
    // the 2 × 2 block on the diagonal
    const first = matrix[rowA + i] - dotProduct(matrix, rowA, matrix, rowA, i);
    if (!(first > 0)) return false;
    matrix[rowA + i] = Math.sqrt(first);
    matrix[rowB + i] = (matrix[rowB + i] - dotProduct(matrix, rowB, matrix, rowA, i)) / matrix[rowA + i];
    const second = matrix[rowB + i + 1] - dotProduct(matrix, rowB, matrix, rowB, i + 1);
    if (!(second > 0)) return false;
    matrix[rowB + i + 1] = Math.sqrt(second);
  }
  for (; i < n; i++) {
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
  const inverseFactorTransposed = invertFactorTransposed(matrix, n);
  // P[i,j] = Σ_k L⁻¹[k,i]·L⁻¹[k,j], and L⁻¹[k,i] is zero for k < i.
  multiplyTransposedLowerByItself(inverseFactorTransposed, n, matrix);
  return matrix;
}

/**
 * Row j of the result is column j of L⁻¹ (L the lower triangle of `factor`), found by forward
 * substitution L·w = e_j; two columns at a time, each step against two rows of L (tileDots).
 */
function invertFactorTransposed(factor: Float64Array, n: number): Float64Array {
  const w = new Float64Array(n * n);
  const sums = new Float64Array(4);
  const solveOne = (j: number, i: number) => {
    const sum = dotProduct(factor, i * n + j, w, j * n + j, i - j);
    w[j * n + i] = -sum / factor[i * n + i];
  };
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const rowC = j * n;
    const rowD = rowC + n;
    w[rowC + j] = 1 / factor[j * n + j];
    w[rowD + j + 1] = 1 / factor[(j + 1) * n + j + 1];
    solveOne(j, j + 1);
    let i = j + 2;
    for (; i + 1 < n; i += 2) {
      const rowA = i * n;
      const rowB = rowA + n;
      // w[j + 1, j] is zero, so both columns can sum from j
      tileDots(factor, rowA, rowB, w, rowC, rowD, j, i, sums);
      const ci = -sums[0] / factor[rowA + i];
      const di = -sums[1] / factor[rowA + i];
      w[rowC + i] = ci;
      w[rowD + i] = di;
      // row i + 1 also takes the k = i term, known only now
      w[rowC + i + 1] = -(sums[2] + factor[rowB + i] * ci) / factor[rowB + i + 1];
      w[rowD + i + 1] = -(sums[3] + factor[rowB + i] * di) / factor[rowB + i + 1];
    }
    if (i < n) {
      solveOne(j, i);
      solveOne(j + 1, i);
    }
  }
  if (j < n) w[j * n + j] = 1 / factor[j * n + j];
  return w;
}

/**
 * out[i,j] = out[j,i] = Σ_{k ≥ i} w[i,k]·w[j,k] for j ≤ i, where row i of w is zero before column
 * i. Two rows of each side at a time (a 2 × 2 tile): every value loaded feeds two products, which
 * halves the memory traffic of row-by-row dot products on matrices larger than the cache.
 */
function multiplyTransposedLowerByItself(w: Float64Array, n: number, out: Float64Array): void {
  const sums = new Float64Array(4);
  const set = (i: number, j: number, value: number) => {
    out[i * n + j] = value;
    out[j * n + i] = value;
  };
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const rowA = i * n;
    const rowB = rowA + n;
    let j = 0;
    for (; j + 1 <= i; j += 2) {
      // rows i and i + 1 are both zero before column i, so every sum can start there
      tileDots(w, rowA, rowB, w, j * n, j * n + n, i, n, sums);
      set(i, j, sums[0]);
      set(i, j + 1, sums[1]);
      set(i + 1, j, sums[2]);
      set(i + 1, j + 1, sums[3]);
    }
    for (; j <= i + 1; j++) {
      if (j <= i) set(i, j, dotProduct(w, rowA + i, w, j * n + i, n - i));
      set(i + 1, j, dotProduct(w, rowB + i + 1, w, j * n + i + 1, n - i - 1));
    }
  }
  for (; i < n; i++) {
    for (let j = 0; j <= i; j++) set(i, j, dotProduct(w, i * n + i, w, j * n + i, n - i));
  }
}
