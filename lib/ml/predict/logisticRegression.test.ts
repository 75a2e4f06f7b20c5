import { describe, expect, it } from 'vitest';
import { fitLogisticRegression } from '@/lib/ml/predict/logisticRegression';
import { areaUnderRoc } from '@/lib/ml/predict/metrics';
import { fitRidgeRegression } from '@/lib/ml/predict/ridgeRegression';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

const tenRows: DenseMatrix = {
  rows: 10,
  cols: 2,
  data: Float32Array.from([1, 5, 2, 3, 3, 8, 4, 1, 5, 7, 6, 2, 7, 9, 8, 4, 9, 6, 10, 0]),
};

// Reference values from scikit-learn 1.2 (StandardScaler, then LogisticRegression(C=1; multinomial by newton-cg) / Ridge(alpha=1)).
describe('fitLogisticRegression', () => {
  it('matches scikit-learn on a binary problem, intercept included', () => {
    const model = fitLogisticRegression(tenRows, [0, 0, 1, 0, 1, 0, 1, 1, 1, 0]);
    expect(model.converged).toBe(true);
    expect(model.weights[0]).toBeCloseTo(0.04350904, 5);
    expect(model.weights[1]).toBeCloseTo(0.68029378, 5);
    expect(model.weights[2]).toBeCloseTo(1.41276179, 5);
    const probabilities = model.predictProbabilities(tenRows);
    expect(probabilities[0] + probabilities[1]).toBeCloseTo(1, 12);
  });

  it("matches scikit-learn's multinomial probabilities for three classes", () => {
    const model = fitLogisticRegression(tenRows, [0, 0, 1, 0, 1, 2, 1, 2, 1, 2], { gradientTolerance: 1e-10 });
    expect(model.classes).toBe(3);
    const probabilities = model.predictProbabilities(tenRows);
    const expected = [0.73398754, 0.20509065, 0.06092181, 0.77688199, 0.10322369, 0.11989432];
    for (let i = 0; i < expected.length; i++) expect(probabilities[i]).toBeCloseTo(expected[i], 5);
  });

  it('learns a rule that needs the intercept: positives are rows with x above 3 (all x positive)', () => {
    const random = createSeededRandom(1);
    const rows = 2000;
    const data = new Float32Array(rows * 3);
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      data[r * 3] = 1 + 4 * random.next();
      data[r * 3 + 1] = random.normal();
      data[r * 3 + 2] = 7;
      labels[r] = data[r * 3] > 3 ? 1 : 0;
    }
    const matrix = { rows, cols: 3, data };
    const model = fitLogisticRegression(matrix, labels);
    const probabilities = model.predictProbabilities(matrix);
    const positive = Float64Array.from({ length: rows }, (_, r) => probabilities[r * 2 + 1]);
    expect(areaUnderRoc(positive, labels)).toBeGreaterThan(0.99);
    const importance = model.featureImportance();
    expect(importance[0]).toBeGreaterThan(10 * importance[1]);
    expect(importance[2]).toBe(0);
  });
});

describe('fitLogisticRegression stopping and warm starts', () => {
  // Eight classes over 30 noisy columns: an ill-conditioned loss whose tail L-BFGS crawls down.
  const random = createSeededRandom(5);
  const rows = 3000;
  const cols = 30;
  const data = Float32Array.from({ length: rows * cols }, () => random.normal());
  const labels = Int32Array.from({ length: rows }, (_, r) => {
    const signal = data[r * cols] + 0.7 * data[r * cols + 1] + random.normal();
    return Math.max(0, Math.min(7, Math.floor(signal + 4)));
  });
  const matrix = { rows, cols, data };
  const accuracyOf = (model: ReturnType<typeof fitLogisticRegression>) => {
    const probabilities = model.predictProbabilities(matrix);
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let k = 1; k < 8; k++) if (probabilities[r * 8 + k] > probabilities[r * 8 + best]) best = k;
      if (best === labels[r]) correct++;
    }
    return correct / rows;
  };

  it('stops on a flat loss well before the gradient tolerance, with the same predictions', () => {
    const exact = fitLogisticRegression(matrix, labels, { gradientTolerance: 1e-9, maxIterations: 1000 });
    const early = fitLogisticRegression(matrix, labels, {
      gradientTolerance: 1e-9,
      relativeImprovementTolerance: 1e-5,
    });
    expect(early.iterations).toBeLessThan(exact.iterations / 2);
    expect(Math.abs(accuracyOf(early) - accuracyOf(exact))).toBeLessThan(0.005);
  });

  it('a warm start from a fitted model converges in fewer iterations to the same weights', () => {
    const cold = fitLogisticRegression(matrix, labels, { gradientTolerance: 1e-6 });
    const warm = fitLogisticRegression(matrix, labels, { gradientTolerance: 1e-6, start: cold.weights });
    expect(warm.iterations).toBeLessThan(5);
    for (let i = 0; i < cold.weights.length; i++) expect(warm.weights[i]).toBeCloseTo(cold.weights[i], 3);
    expect(() => fitLogisticRegression(matrix, labels, { start: new Float64Array(3) })).toThrow(/start has 3 weights/);
  });
});

describe('fitRidgeRegression', () => {
  it('matches scikit-learn Ridge on standardised features', () => {
    const model = fitRidgeRegression(tenRows, [1.0, 2.5, 2.0, 4.1, 3.3, 6.2, 5.0, 8.4, 7.7, 9.9]);
    expect(model.intercept).toBeCloseTo(5.01, 10);
    expect(model.coefficients[0]).toBeCloseTo(2.34118402, 6);
    expect(model.coefficients[1]).toBeCloseTo(-0.70774608, 6);
  });
});
