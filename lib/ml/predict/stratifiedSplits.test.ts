import { describe, expect, it } from 'vitest';
import { numericStrata, stratifiedFolds, stratifiedHoldout } from '@/lib/ml/predict/stratifiedSplits';

describe('stratified splits', () => {
  const labels = Int32Array.from({ length: 1000 }, (_, r) => (r % 10 === 0 ? 1 : 0));

  it('holds out the same share of each class, reproducibly for a seed', () => {
    const split = stratifiedHoldout(labels, 0.2, 3);
    expect(split.test).toHaveLength(200);
    expect(split.test.filter((row) => labels[row] === 1)).toHaveLength(20);
    expect(new Set([...split.train, ...split.test]).size).toBe(1000);
    expect(Array.from(stratifiedHoldout(labels, 0.2, 3).test)).toEqual(Array.from(split.test));
    expect(Array.from(stratifiedHoldout(labels, 0.2, 4).test)).not.toEqual(Array.from(split.test));
  });

  it('deals five folds of equal size with the same class balance', () => {
    const folds = stratifiedFolds(labels, 5, 1);
    for (let fold = 0; fold < 5; fold++) {
      const rows = Array.from(folds.keys()).filter((row) => folds[row] === fold);
      expect(rows).toHaveLength(200);
      expect(rows.filter((row) => labels[row] === 1)).toHaveLength(20);
    }
  });

  it('bins numeric values into equal-count quantiles', () => {
    expect(Array.from(numericStrata([50, 10, 40, 20, 30], 5))).toEqual([4, 0, 3, 1, 2]);
  });

  it('splits a million-user-sized stratum without overflowing the call stack', () => {
    const strata = new Int32Array(300_000);
    strata.fill(1, 0, 30_000);
    const split = stratifiedHoldout(strata, 0.25, 7);
    expect(split.test).toHaveLength(75_000);
    expect(split.train).toHaveLength(225_000);
    expect(split.test.filter((row) => strata[row] === 1)).toHaveLength(7_500);
    expect(split.test.every((row, i) => i === 0 || row > split.test[i - 1])).toBe(true);
    expect(stratifiedFolds(strata, 4, 7).filter((fold) => fold === 0)).toHaveLength(75_000);
  });
});
