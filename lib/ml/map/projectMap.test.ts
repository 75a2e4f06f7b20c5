import { PCA } from 'ml-pca';
import { describe, expect, it } from 'vitest';
import { projectMap } from '@/lib/ml/map/projectMap';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { kmeans } from '@/lib/ml/segment/kmeans';
import type { DenseMatrix } from '@/lib/ml/types';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';

function interleave(x: Float32Array, y: Float32Array): DenseMatrix {
  const data = new Float32Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    data[2 * i] = x[i];
    data[2 * i + 1] = y[i];
  }
  return { rows: x.length, cols: 2, data };
}

describe('projectMap with PCA', () => {
  it('puts the first axis along the direction of largest variance', () => {
    const random = createSeededRandom(1);
    const rows = 2000;
    const data = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      const along = 10 * random.normal();
      const across = 2 * random.normal();
      // Main direction (0.6, 0.8, 0), second direction (0, 0, 1).
      data[i * 3] = 5 + 0.6 * along + 0.1 * random.normal();
      data[i * 3 + 1] = -3 + 0.8 * along + 0.1 * random.normal();
      data[i * 3 + 2] = across;
    }
    const { x, y, explainedVariance } = projectMap({ rows, cols: 3, data });
    const projected = 0.6 * (data[0] - 5) + 0.8 * (data[1] + 3);
    expect(Math.abs(x[0])).toBeCloseTo(Math.abs(projected), 0);
    expect(explainedVariance?.[0]).toBeGreaterThan(0.95);
    expect(explainedVariance?.[1]).toBeGreaterThan(0.03);
    expect(Math.abs(y[0])).toBeCloseTo(Math.abs(data[2]), 0);
  });

  it('gives the same coordinates as ml-pca up to the sign of each axis', () => {
    const { matrix } = generateGaussianBlobs({ rows: 400, cols: 6, clusters: 3, seed: 2 });
    const ours = projectMap(matrix);
    const rows = Array.from({ length: 400 }, (_, i) => Array.from(matrix.data.subarray(i * 6, i * 6 + 6)));
    const reference = new PCA(rows).predict(rows, { nComponents: 2 });
    const firstSign = Math.sign(reference.get(0, 0) * ours.x[0]);
    const secondSign = Math.sign(reference.get(0, 1) * ours.y[0]);
    for (let i = 0; i < 400; i += 37) {
      expect(ours.x[i] * firstSign).toBeCloseTo(reference.get(i, 0), 3);
      expect(ours.y[i] * secondSign).toBeCloseTo(reference.get(i, 1), 3);
    }
  });
});

describe('projectMap with UMAP', () => {
  it('keeps planted clusters apart, placing unfitted users beside their nearest fitted one', () => {
    const { matrix, labels } = generateGaussianBlobs({ rows: 500, cols: 8, clusters: 3, seed: 4 });
    const map = projectMap(matrix, { method: 'umap', umapSampleSize: 250, umapEpochs: 100, anchorCount: 100, seed: 3 });
    expect(map.method).toBe('umap');
    expect(map.x.every(Number.isFinite)).toBe(true);
    const clusters = kmeans(interleave(map.x, map.y), 3, { seed: 0 });
    expect(adjustedRandIndex(clusters.labels, labels)).toBeGreaterThan(0.95);
  });
});
