import { describe, expect, it } from 'vitest';
import { sampleMoments, studentTwoSidedP, twoProportionTest, welchTest } from './differenceTests';

describe('difference tests', () => {
  it("gives Student's t tail probabilities as tables do", () => {
    expect(studentTwoSidedP(2, 10)).toBeCloseTo(0.0734, 4);
    expect(studentTwoSidedP(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(studentTwoSidedP(1.96, 1e7)).toBeCloseTo(0.05, 3);
  });

  it("finds a real difference in means with Cohen's d, and none between equal samples", () => {
    const low = sampleMoments([1, 2, 3, 2, 1, 2, 3, 2, 1, 2]);
    const high = sampleMoments([4, 5, 6, 5, 4, 5, 6, 5, 4, 5]);
    const test = welchTest(high, low);
    expect(test.effect).toBeGreaterThan(3);
    expect(test.p).toBeLessThan(1e-6);
    expect(welchTest(low, low).p).toBeCloseTo(1, 10);
  });

  it('tests two proportions with a z-test', () => {
    expect(twoProportionTest(60, 100, 30, 100).p).toBeLessThan(1e-4);
    expect(twoProportionTest(30, 100, 30, 100).p).toBeCloseTo(1, 10);
  });
});
