import { describe, expect, it } from 'vitest';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';
import { kmeans } from './kmeans';
import { kmeansFor, kmeansOnDevice } from './kmeansOnDevice';

function agreement(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

describe('k-means as an ONNX graph on the CPU provider', () => {
  it('gives the same labels as the JavaScript path on a seeded run, and centroids within 1e-4', async () => {
    const { matrix } = generateGaussianBlobs({ rows: 6000, cols: 16, clusters: 6, spread: 1.5, seed: 3 });
    const js = kmeans(matrix, 6, { seed: 11 });
    const onnx = await kmeansOnDevice(matrix, 6, { seed: 11, device: 'cpu', blockRows: 2500 });
    expect(Array.from(onnx.labels)).toEqual(Array.from(js.labels));
    for (let c = 0; c < js.centroids.data.length; c++)
      expect(Math.abs(onnx.centroids.data[c] - js.centroids.data[c])).toBeLessThan(1e-4);
    expect(onnx.inertia).toBeCloseTo(js.inertia, 0);
    expect(onnx.converged).toBe(true);
  });

  it('agrees on at least 99.9% of labels where the clusters overlap, from the same start', async () => {
    // Heavily overlapping blobs: many points lie near a boundary, where float32 rounding can
    // tip a point; the label sets must still match almost everywhere.
    const { matrix } = generateGaussianBlobs({ rows: 8000, cols: 8, clusters: 8, spread: 4, centerBox: 5, seed: 5 });
    const js = kmeans(matrix, 8, { seed: 2 });
    const onnx = await kmeansOnDevice(matrix, 8, { seed: 2, device: 'cpu' });
    expect(agreement(onnx.labels, js.labels)).toBeGreaterThanOrEqual(0.999);
    expect(Math.abs(onnx.inertia - js.inertia) / js.inertia).toBeLessThan(1e-4);
  });

  it('refills an emptied cluster as the JavaScript path does', async () => {
    // two far-apart points and a start whose third centroid attracts no point
    const matrix = { rows: 4, cols: 1, data: Float32Array.from([0, 0.1, 10, 10.2]) };
    const initialCentroids = { rows: 3, cols: 1, data: Float32Array.from([0, 10, 100]) };
    const js = kmeans(matrix, 3, { initialCentroids });
    const onnx = await kmeansOnDevice(matrix, 3, { initialCentroids, device: 'cpu' });
    expect(Array.from(onnx.labels)).toEqual(Array.from(js.labels));
    expect(new Set(onnx.labels).size).toBe(3);
  });

  it('keeps the CPU path below the size threshold or on the CPU device', async () => {
    const { matrix } = generateGaussianBlobs({ rows: 500, cols: 4, clusters: 3, seed: 1 });
    const js = kmeans(matrix, 3, { seed: 4 });
    const small = await kmeansFor(matrix, 3, { seed: 4, device: 'webgpu', minRows: 1000 });
    expect(small).toEqual(js);
  });
});
