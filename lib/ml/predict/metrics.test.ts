import { describe, expect, it } from 'vitest';
import {
  accuracy,
  areaUnderRoc,
  brierScore,
  liftAtTopFraction,
  macroF1,
  meanAbsoluteError,
  median,
} from '@/lib/ml/predict/metrics';

describe('areaUnderRoc', () => {
  it('counts correctly ordered positive-negative pairs: 3 of 4 here', () => {
    // positives 0.8, 0.4; negatives 0.6, 0.2 → pairs (0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2)
    expect(areaUnderRoc([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBe(0.75);
  });

  it('counts a tie between a positive and a negative as half a pair', () => {
    // pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.1) = 1 → 1.5 / 2
    expect(areaUnderRoc([0.5, 0.5, 0.1], [1, 0, 0])).toBe(0.75);
    expect(areaUnderRoc([3, 3, 3, 3], [1, 0, 1, 0])).toBe(0.5);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and NaN with one class', () => {
    expect(areaUnderRoc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(areaUnderRoc([0.1, 0.8, 0.9], [1, 1, 0])).toBe(0);
    expect(areaUnderRoc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('liftAtTopFraction', () => {
  it('divides the positive rate of the top 10% by the base rate', () => {
    // 20 rows, 4 positives (base rate 0.2); the top 2 rows hold 1 positive → 0.5 / 0.2
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = Array.from({ length: 20 }, (_, i) => (i === 1 || i === 5 || i === 9 || i === 13 ? 1 : 0));
    expect(liftAtTopFraction(scores, labels)).toBeCloseTo(2.5, 12);
  });

  it('shares the slots of rows tied at the cut pro rata', () => {
    // top 1 of 10 slots; all 10 tied, 5 positives → expected 0.5 positives in the slot → lift 1
    expect(liftAtTopFraction(new Array(10).fill(1), [1, 1, 1, 1, 1, 0, 0, 0, 0, 0])).toBeCloseTo(1, 12);
  });
});

describe('brierScore', () => {
  it('averages squared errors of the probabilities', () => {
    expect(brierScore([1, 0.5, 0.2], [1, 0, 0])).toBeCloseTo((0 + 0.25 + 0.04) / 3, 12);
  });
});

describe('macroF1 and accuracy', () => {
  it('averages per-class F1 over classes seen in truth or predictions', () => {
    const actual = [0, 0, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 0];
    // class 0: TP1 FP1 FN1 → 2/4; class 1: TP2 FP1 FN0 → 4/5; class 2: TP0 FN1 → 0
    expect(macroF1(predicted, actual)).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
    expect(accuracy(predicted, actual)).toBeCloseTo(3 / 5, 12);
  });

  it('scores a majority-class guess low on macro-F1 though its accuracy looks fine', () => {
    const actual = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const predicted = new Array(10).fill(0);
    expect(accuracy(predicted, actual)).toBe(0.8);
    expect(macroF1(predicted, actual)).toBeCloseTo(16 / 18 / 3, 12);
  });
});

describe('meanAbsoluteError and median', () => {
  it('averages absolute errors', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 5])).toBe(1);
  });

  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
