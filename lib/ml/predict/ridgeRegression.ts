import { fitStandardizer } from '@/lib/ml/predict/standardizeFeatures';
import { choleskyInPlace, solveWithCholesky } from '@/lib/ml/recommend/choleskyDecomposition';
import type { DenseMatrix } from '@/lib/ml/types';

export interface RidgeRegressionModel {
  predict(matrix: DenseMatrix): Float64Array;
  /** |coefficient| per standardised feature */
  featureImportance(): Float64Array;
  intercept: number;
  /** coefficients on standardised features */
  coefficients: Float64Array;
  /** the standardisation the coefficients apply to */
  means: Float64Array;
  scales: Float64Array;
}

/**
 * Ridge regression for numeric targets: standardised features, an unpenalised intercept (the
 * target mean) and the closed form (XᵀX + λI)·w = Xᵀ(y − ȳ), solved by Cholesky.
 */
export function fitRidgeRegression(
  matrix: DenseMatrix,
  targets: ArrayLike<number>,
  options: { l2?: number } = {},
): RidgeRegressionModel {
  const l2 = options.l2 ?? 1;
  const { rows, cols } = matrix;
  const standardizer = fitStandardizer(matrix);
  const x = standardizer.apply(matrix);
  let intercept = 0;
  for (let r = 0; r < rows; r++) intercept += targets[r];
  intercept /= rows;
  const gram = new Float64Array(cols * cols);
  const rhs = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    const centred = targets[r] - intercept;
    for (let a = 0; a < cols; a++) {
      const value = x[row + a];
      if (value === 0) continue;
      rhs[a] += value * centred;
      for (let b = 0; b <= a; b++) gram[a * cols + b] += value * x[row + b];
    }
  }
  for (let a = 0; a < cols; a++) gram[a * cols + a] += l2;
  if (!choleskyInPlace(gram, cols)) throw new Error('ridge system is not positive definite');
  solveWithCholesky(gram, cols, rhs);
  const coefficients = rhs;
  return {
    intercept,
    coefficients,
    means: standardizer.means,
    scales: standardizer.scales,
    predict(input) {
      const standardized = standardizer.apply(input);
      const out = new Float64Array(input.rows);
      for (let r = 0; r < input.rows; r++) {
        let sum = intercept;
        for (let c = 0; c < cols; c++) sum += coefficients[c] * standardized[r * cols + c];
        out[r] = sum;
      }
      return out;
    },
    featureImportance() {
      return Float64Array.from(coefficients, Math.abs);
    },
  };
}
