import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  invertSymmetricPositiveDefinite,
  solveWithCholesky,
} from '@/lib/ml/recommend/choleskyDecomposition';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

function randomSpdMatrix(n: number, seed: number): Float64Array {
  const random = createSeededRandom(seed);
  const factor = Float64Array.from({ length: n * n }, () => random.normal());
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n : 0;
      for (let k = 0; k < n; k++) sum += factor[i * n + k] * factor[j * n + k];
      matrix[i * n + j] = sum;
    }
  }
  return matrix;
}

describe('Cholesky', () => {
  // odd and even sizes: the factor and the inverse work on pairs of rows, with a last single row when odd
  it.each([1, 2, 3, 4, 37, 38])(
    'inverts a symmetric positive-definite %i × %i matrix so that A·P is the identity',
    (n) => {
      const matrix = randomSpdMatrix(n, 4);
      const inverse = invertSymmetricPositiveDefinite(matrix.slice(), n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          expect(inverse[i * n + j]).toBe(inverse[j * n + i]);
          let sum = 0;
          for (let k = 0; k < n; k++) sum += matrix[i * n + k] * inverse[k * n + j];
          expect(sum).toBeCloseTo(i === j ? 1 : 0, 9);
        }
      }
    },
  );

  it.each([9, 10])('solves A·x = b (%i unknowns)', (n) => {
    const matrix = randomSpdMatrix(n, 8);
    const expected = Float64Array.from({ length: n }, (_, i) => i - 4);
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) rhs[i] += matrix[i * n + k] * expected[k];
    const factor = matrix.slice();
    expect(choleskyInPlace(factor, n)).toBe(true);
    solveWithCholesky(factor, n, rhs);
    for (let i = 0; i < n; i++) expect(rhs[i]).toBeCloseTo(expected[i], 9);
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    expect(() => invertSymmetricPositiveDefinite(Float64Array.from([0, 0, 0, 0]), 2)).toThrow(/positive definite/);
  });
});
