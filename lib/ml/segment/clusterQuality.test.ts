import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  daviesBouldinIndex,
  normalizedMutualInformation,
  pairwiseDistances,
  silhouetteScore,
} from '@/lib/ml/segment/clusterQuality';
import type { DenseMatrix } from '@/lib/ml/types';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';

const matrixOf = (rows: number[][]): DenseMatrix => ({
  rows: rows.length,
  cols: rows[0].length,
  data: Float32Array.from(rows.flat()),
});

describe('adjustedRandIndex', () => {
  it('matches the hand-computed value for a split cluster', () => {
    // Contingency [[2,1,0],[0,1,2]]: index = 2 pairs, row pairs 6, column pairs 3, C(6,2) = 15,
    // expected 6*3/15 = 1.2, maximum 4.5, so ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 12);
  });

  it('is 1 for the same partition under other names and near 0 for unrelated labels', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b', 'c'], [7, 7, 3, 3, 9])).toBe(1);
    const n = 20_000;
    const first = Int32Array.from({ length: n }, (_, i) => i % 5);
    const second = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 7) % 4);
    expect(Math.abs(adjustedRandIndex(first, second))).toBeLessThan(0.01);
  });

  it('rejects labellings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
  });
});

describe('normalizedMutualInformation', () => {
  it('matches the hand-computed value for a split cluster', () => {
    // MI = 2 * (2/6) * ln(6*2 / (3*2)) = (2/3) ln 2; H = ln 2 and ln 3; NMI = MI / mean(H).
    const expected = ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
    expect(normalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.5158037429793889, 12);
  });

  it('is 1 for identical partitions and 0 when one side carries no information', () => {
    expect(normalizedMutualInformation(['x', 'y', 'y'], [2, 5, 5])).toBe(1);
    expect(normalizedMutualInformation([0, 0, 0, 0], [0, 1, 0, 1])).toBe(0);
  });
});

describe('silhouetteScore', () => {
  it('matches the hand-computed value on four points on a line', () => {
    // Points 0,1 | 4,5: each a = 1; b = 4.5 for the outer points and 3.5 for the inner ones.
    const score = silhouetteScore(matrixOf([[0], [1], [4], [5]]), [0, 0, 1, 1]);
    expect(score).toBeCloseTo((7 / 9 + 5 / 7) / 2, 6);
  });

  it('scores a singleton cluster 0 as scikit-learn does', () => {
    const points = matrixOf([
      [0, 0],
      [0, 2],
      [3, 0],
      [3, 2],
      [10, 1],
    ]);
    expect(silhouetteScore(points, [0, 0, 1, 1, 2])).toBeCloseTo(0.3155589796288086, 6);
  });

  it('is high for separated blobs and drops when the labels are shuffled', () => {
    const { matrix, labels } = generateGaussianBlobs({ rows: 3000, cols: 6, clusters: 4, seed: 3 });
    const planted = silhouetteScore(matrix, labels, { sampleSize: 1000 });
    const shuffled = silhouetteScore(
      matrix,
      Int32Array.from(labels, (_, i) => i % 4),
      { sampleSize: 1000 },
    );
    expect(planted).toBeGreaterThan(0.6);
    expect(shuffled).toBeLessThan(0.05);
  });
});

describe('pairwiseDistances', () => {
  it('stores the condensed upper triangle in row order', () => {
    const distances = pairwiseDistances(
      matrixOf([
        [0, 0],
        [3, 4],
        [6, 8],
      ]),
      Int32Array.from([0, 1, 2]),
    );
    expect(Array.from(distances)).toEqual([5, 10, 5]);
  });
});

describe('daviesBouldinIndex', () => {
  it('matches hand-computed values', () => {
    // Centroids 0.5 and 4.5, scatter 0.5 each: (0.5 + 0.5) / 4 = 0.25.
    expect(daviesBouldinIndex(matrixOf([[0], [1], [4], [5]]), [0, 0, 1, 1])).toBeCloseTo(0.25, 10);
    const points = matrixOf([
      [0, 0],
      [0, 2],
      [3, 0],
      [3, 2],
      [10, 1],
    ]);
    expect(daviesBouldinIndex(points, [0, 0, 1, 1, 2])).toBeCloseTo(0.49206349206349204, 10);
  });
});
