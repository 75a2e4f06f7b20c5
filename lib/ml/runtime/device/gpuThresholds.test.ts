import { describe, expect, it } from 'vitest';
import { gpuThresholds } from './gpuThresholds';

describe('gpuThresholds', () => {
  it('sends k-means to a GPU from 200,000 users unless PORTRAIT_GPU_KMEANS_MIN_ROWS says otherwise', () => {
    expect(gpuThresholds({})).toEqual({ kmeansMinRows: 200_000 });
    expect(gpuThresholds({ PORTRAIT_GPU_KMEANS_MIN_ROWS: '0' })).toEqual({ kmeansMinRows: 0 });
  });

  it('refuses a value that is not a whole number, naming the setting', () => {
    expect(() => gpuThresholds({ PORTRAIT_GPU_KMEANS_MIN_ROWS: 'lots' })).toThrow(
      'PORTRAIT_GPU_KMEANS_MIN_ROWS must be a whole number, not "lots"',
    );
  });
});
