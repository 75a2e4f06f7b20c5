import type { DenseMatrix } from '@/lib/ml/types';

/** Per-column centre and scale learned on training rows, applied unchanged to any later rows. */
export interface FeatureStandardizer {
  means: Float64Array;
  /** 1 for constant columns, so they become all-zero rather than NaN */
  scales: Float64Array;
  /** (X − mean) / scale as Float64 rows; NaN inputs become 0 (the column mean) */
  apply(matrix: DenseMatrix): Float64Array;
}

export function fitStandardizer(matrix: DenseMatrix): FeatureStandardizer {
  const { rows, cols, data } = matrix;
  const means = new Float64Array(cols);
  const counts = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = data[r * cols + c];
      if (Number.isNaN(value)) continue;
      means[c] += value;
      counts[c]++;
    }
  }
  for (let c = 0; c < cols; c++) means[c] = counts[c] > 0 ? means[c] / counts[c] : 0;
  const scales = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = data[r * cols + c];
      if (!Number.isNaN(value)) scales[c] += (value - means[c]) ** 2;
    }
  }
  for (let c = 0; c < cols; c++) {
    const deviation = counts[c] > 1 ? Math.sqrt(scales[c] / counts[c]) : 0;
    scales[c] = deviation > 1e-12 ? deviation : 1;
  }
  return {
    means,
    scales,
    apply(input) {
      if (input.cols !== cols) throw new Error(`expected ${cols} feature columns, got ${input.cols}`);
      const out = new Float64Array(input.rows * cols);
      for (let r = 0; r < input.rows; r++) {
        for (let c = 0; c < cols; c++) {
          const value = input.data[r * cols + c];
          out[r * cols + c] = Number.isNaN(value) ? 0 : (value - means[c]) / scales[c];
        }
      }
      return out;
    },
  };
}
