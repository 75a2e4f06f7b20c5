import { describe, expect, it } from 'vitest';
import { calibrationBins, calibrationError, rocCurve } from './calibration';

describe('calibration on hold-out rows', () => {
  it('puts probabilities in bands and compares each band’s mean prediction with what happened', () => {
    const probabilities = [0.05, 0.15, 0.12, 0.85, 0.95, 0.9];
    const labels = [0, 0, 1, 1, 1, 0];
    const table = calibrationBins(probabilities, labels, 10);
    expect(table.map((bin) => [bin.from, bin.count])).toEqual([
      [0, 1],
      [0.1, 2],
      [0.8, 1],
      [0.9, 2],
    ]);
    expect(table[1].meanPredicted).toBeCloseTo(0.135);
    expect(table[1].observedRate).toBe(0.5);
    expect(calibrationError(table)).toBeCloseTo((0.05 + 2 * 0.365 + 0.15 + 2 * 0.425) / 6);
  });

  it('finds no gap for probabilities that match the outcome rate in each band', () => {
    const probabilities = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    expect(calibrationError(calibrationBins(probabilities, labels))).toBeCloseTo(0);
  });

  it('draws the ROC curve from (0,0) to (1,1), straight up for a perfect ranking', () => {
    expect(rocCurve([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toEqual([
      [0, 0],
      [0, 0.5],
      [0, 1],
      [0.5, 1],
      [1, 1],
    ]);
    expect(rocCurve([0.5, 0.5], [1, 0])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(rocCurve([0.5, 0.5], [1, 1])).toEqual([]);
    const many = rocCurve(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 500 }, (_, i) => i % 2),
      41,
    );
    expect(many).toHaveLength(41);
    expect(many[40]).toEqual([1, 1]);
  });
});
