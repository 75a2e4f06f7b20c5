import { describe, expect, it } from 'vitest';
import { fitGradientBoosting } from '@/lib/ml/predict/gradientBoosting';
import { areaUnderRoc, macroF1, meanAbsoluteError } from '@/lib/ml/predict/metrics';
import { argmaxRows } from '@/lib/ml/predict/targetMetrics';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

const rows = 1500;
const cols = 5;
const random = createSeededRandom(12);
const data = Float32Array.from({ length: rows * cols }, () => random.normal());
const matrix: DenseMatrix = { rows, cols, data };
const at = (r: number, c: number) => data[r * cols + c];

describe('fitGradientBoosting', () => {
  it('fits a binary target and credits the gain to the feature that decides it', async () => {
    const labels = Float64Array.from({ length: rows }, (_, r) => (at(r, 2) > 0.3 ? 1 : 0));
    const model = await fitGradientBoosting(matrix, labels, 'binary', { rounds: 40, seed: 1 });
    const probabilities = model.predict(matrix);
    expect(areaUnderRoc(probabilities, labels)).toBeGreaterThan(0.98);
    for (const p of probabilities) expect(p >= 0 && p <= 1).toBe(true);
    const importance = model.featureImportance();
    expect(importance.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
    expect(importance[2]).toBeGreaterThan(0.8);
    model.free();
  });

  it('fits three classes with rows of probabilities summing to one', async () => {
    const labels = Float64Array.from({ length: rows }, (_, r) => (at(r, 1) > 0.5 ? 2 : at(r, 1) > -0.5 ? 1 : 0));
    const model = await fitGradientBoosting(matrix, labels, 'multiclass', { rounds: 30, seed: 1 });
    const probabilities = model.predict(matrix);
    expect(probabilities).toHaveLength(rows * 3);
    expect(probabilities[0] + probabilities[1] + probabilities[2]).toBeCloseTo(1, 5);
    expect(macroF1(argmaxRows(probabilities, 3), labels)).toBeGreaterThan(0.95);
    expect(model.featureImportance()[1]).toBeGreaterThan(0.8);
    model.free();
  });

  it('scores 12,000 wide rows in slices, each row as it scores alone', async () => {
    const wideRows = 12_000;
    const wideCols = 250;
    const wide: DenseMatrix = {
      rows: wideRows,
      cols: wideCols,
      data: Float32Array.from({ length: wideRows * wideCols }, () => random.normal()),
    };
    const labels = Float64Array.from({ length: rows }, (_, r) => (at(r, 1) > 0.5 ? 2 : at(r, 1) > -0.5 ? 1 : 0));
    const narrow = { rows, cols: wideCols, data: wide.data.subarray(0, rows * wideCols) };
    const model = await fitGradientBoosting(narrow, labels, 'multiclass', { rounds: 20, seed: 1 });
    const all = model.predict(wide);
    expect(all).toHaveLength(wideRows * 3);
    const last = model.predict({ rows: 1, cols: wideCols, data: wide.data.subarray((wideRows - 1) * wideCols) });
    expect(Array.from(all.subarray((wideRows - 1) * 3))).toEqual(Array.from(last));
    model.free();
  });

  it('fits a numeric target', async () => {
    const targets = Float64Array.from({ length: rows }, (_, r) => 3 * at(r, 3) + 1);
    const model = await fitGradientBoosting(matrix, targets, 'regression', { rounds: 80, learningRate: 0.3, seed: 1 });
    expect(meanAbsoluteError(model.predict(matrix), targets)).toBeLessThan(0.3);
    expect(model.featureImportance()[3]).toBeGreaterThan(0.9);
    model.free();
  });

  it('treats missing values as a value of their own instead of aborting the WebAssembly module', async () => {
    const withGaps = Float32Array.from(data);
    const labels = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      if (r % 3 === 0) withGaps[r * cols] = Number.NaN;
      labels[r] = r % 3 === 0 ? 1 : 0;
    }
    const model = await fitGradientBoosting({ rows, cols, data: withGaps }, labels, 'binary', { rounds: 10 });
    expect(areaUnderRoc(model.predict({ rows, cols, data: withGaps }), labels)).toBeGreaterThan(0.99);
    model.free();
  });
});
