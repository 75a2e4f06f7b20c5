import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { predictiveVerdict } from './predictiveVerdict';
import { scoreTarget } from './targetMetrics';

describe('predictiveVerdict', () => {
  it('marks a binary model below AUC 0.55 not predictive, with its number', () => {
    expect(predictiveVerdict({ metric: 'auc', value: 0.455, baseline: 0.5 })).toEqual({
      predictive: false,
      reason: 'not predictive: hold-out AUC 0.455 is below 0.55',
    });
    expect(predictiveVerdict({ metric: 'auc', value: 0.549, baseline: 0.5 }).predictive).toBe(false);
    expect(predictiveVerdict({ metric: 'auc', value: 0.55, baseline: 0.5 }).predictive).toBe(true);
  });

  it('needs a multiclass model to beat the majority class on macro-F1, and a numeric one the median', () => {
    expect(predictiveVerdict({ metric: 'macroF1', value: 0.2, baseline: 0.2 }).reason).toBe(
      'not predictive: hold-out macro-F1 0.200 does not beat the majority class (0.200)',
    );
    expect(predictiveVerdict({ metric: 'macroF1', value: 0.4, baseline: 0.2 }).predictive).toBe(true);
    expect(predictiveVerdict({ metric: 'mae', value: 3, baseline: 2 }).predictive).toBe(false);
    expect(predictiveVerdict({ metric: 'mae', value: 1, baseline: 2 }).predictive).toBe(true);
  });

  it('needs a multiclass model whose macro-F1 beats the majority class to rank each value above chance too', () => {
    expect(predictiveVerdict({ metric: 'macroF1', value: 0.23, baseline: 0.08, auc: 0.51 })).toEqual({
      predictive: false,
      reason: 'not predictive: hold-out macro-AUC 0.510 is below 0.55',
    });
    expect(predictiveVerdict({ metric: 'macroF1', value: 0.23, baseline: 0.08, auc: 0.62 }).predictive).toBe(true);
  });

  it('finds random values predicted from random features not predictive, though their macro-F1 beats the majority class', () => {
    const random = createSeededRandom(5);
    const classes = 5;
    const rows = 2000;
    const labels = Int32Array.from({ length: rows }, () => Math.floor(random.next() * classes));
    const training = Int32Array.from({ length: rows }, () => Math.floor(random.next() * classes));
    const predictions = Float64Array.from({ length: rows * classes }, () => random.next());
    const holdout = scoreTarget('multiclass', predictions, labels, training, classes);
    expect(holdout.value).toBeGreaterThan(holdout.baseline);
    expect(predictiveVerdict(holdout).predictive).toBe(false);
  });

  it("needs predicted value to rank hold-out spend better than the previous period's spend (higher Spearman)", () => {
    expect(predictiveVerdict({ metric: 'spearman', value: 0.3, baseline: 0.3 }).reason).toBe(
      "not predictive: hold-out Spearman 0.300 does not beat the previous period's spend (0.300)",
    );
    expect(predictiveVerdict({ metric: 'spearman', value: 0.2, baseline: 0.3 }).predictive).toBe(false);
    expect(predictiveVerdict({ metric: 'spearman', value: 0.35, baseline: 0.3 }).predictive).toBe(true);
  });

  it('calls a model whose metric could not be measured not predictive', () => {
    expect(predictiveVerdict({ metric: 'auc', value: Number.NaN, baseline: 0.5 }).predictive).toBe(false);
  });
});
