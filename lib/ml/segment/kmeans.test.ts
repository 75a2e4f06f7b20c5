import { kmeans as mlKMeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { assignToNearestCentroids, kmeans } from '@/lib/ml/segment/kmeans';
import type { DenseMatrix } from '@/lib/ml/types';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';

function inertiaOf(matrix: DenseMatrix, labels: ArrayLike<number>, centroids: number[][]): number {
  let total = 0;
  for (let i = 0; i < matrix.rows; i++) {
    for (let t = 0; t < matrix.cols; t++) total += (matrix.data[i * matrix.cols + t] - centroids[labels[i]][t]) ** 2;
  }
  return total;
}

describe('kmeans', () => {
  it('recovers planted Gaussian blobs (ARI > 0.95)', () => {
    const { matrix, labels } = generateGaussianBlobs({ rows: 5000, cols: 16, clusters: 6, spread: 2, seed: 11 });
    const result = kmeans(matrix, 6, { seed: 1 });
    expect(adjustedRandIndex(result.labels, labels)).toBeGreaterThan(0.95);
    expect(result.converged).toBe(true);
  });

  it('reaches an inertia no worse than ml-kmeans x 1.02 on the same data', () => {
    const { matrix } = generateGaussianBlobs({ rows: 4000, cols: 10, clusters: 5, spread: 4, seed: 5 });
    const ours = kmeans(matrix, 5, { seed: 3 });
    const rows = Array.from({ length: matrix.rows }, (_, i) => Array.from(matrix.data.subarray(i * 10, i * 10 + 10)));
    const reference = mlKMeans(rows, 5, { seed: 3 });
    const referenceInertia = inertiaOf(matrix, reference.clusters, reference.centroids);
    expect(ours.inertia).toBeLessThanOrEqual(referenceInertia * 1.02);
  });

  it("ends at a fixed point: each row sits with its nearest centroid, each centroid is its rows' mean", () => {
    // Overlapping blobs and a tiny seeding sample force many full-data iterations through the
    // pruned (Hamerly) path.
    const { matrix } = generateGaussianBlobs({ rows: 3000, cols: 5, clusters: 8, spread: 6, seed: 9 });
    const result = kmeans(matrix, 8, { seed: 2, tolerance: 0, seedingSampleSize: 150 });
    expect(result.iterations).toBeGreaterThan(3);
    const nearest = assignToNearestCentroids(matrix, result.centroids);
    expect(Array.from(nearest.labels)).toEqual(Array.from(result.labels));
    const sums = new Float64Array(8 * 5);
    const counts = new Float64Array(8);
    for (let i = 0; i < matrix.rows; i++) {
      counts[result.labels[i]]++;
      for (let t = 0; t < 5; t++) sums[result.labels[i] * 5 + t] += matrix.data[i * 5 + t];
    }
    for (let j = 0; j < 8; j++) {
      expect(counts[j]).toBeGreaterThan(0);
      for (let t = 0; t < 5; t++) expect(result.centroids.data[j * 5 + t]).toBeCloseTo(sums[j * 5 + t] / counts[j], 3);
    }
    const exactInertia = nearest.squaredDistances.reduce((sum, d) => sum + d, 0);
    expect(result.inertia).toBeCloseTo(exactInertia, 0);
  });

  it('is reproducible for a seed', () => {
    const { matrix } = generateGaussianBlobs({ rows: 2000, cols: 4, clusters: 7, spread: 5, seed: 4 });
    const first = kmeans(matrix, 7, { seed: 8 });
    const second = kmeans(matrix, 7, { seed: 8 });
    expect(Array.from(second.labels)).toEqual(Array.from(first.labels));
    expect(second.inertia).toBe(first.inertia);
  });

  it('starts from given centroids and handles k = 1', () => {
    const matrix: DenseMatrix = { rows: 4, cols: 1, data: Float32Array.from([0, 1, 10, 11]) };
    const result = kmeans(matrix, 2, { initialCentroids: { rows: 2, cols: 1, data: Float32Array.from([1, 10]) } });
    expect(Array.from(result.labels)).toEqual([0, 0, 1, 1]);
    expect(Array.from(result.centroids.data)).toEqual([0.5, 10.5]);
    expect(result.inertia).toBeCloseTo(1, 10);
    const single = kmeans(matrix, 1);
    expect(Array.from(single.centroids.data)).toEqual([5.5]);
  });

  it('refuses more clusters than rows', () => {
    const matrix: DenseMatrix = { rows: 2, cols: 1, data: Float32Array.from([0, 1]) };
    expect(() => kmeans(matrix, 3)).toThrow(/cannot form 3 clusters from 2 rows/);
  });
});
