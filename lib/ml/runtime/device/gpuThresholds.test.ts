import { describe, expect, it } from 'vitest';
import { gpuThresholds } from './gpuThresholds';

describe('gpuThresholds', () => {
  it('sends k-means to a GPU from 200,000 users and EASE from 3,000 items unless the settings say otherwise', () => {
    expect(gpuThresholds({})).toEqual({ kmeansMinRows: 200_000, easeMinItems: 3_000 });
    expect(gpuThresholds({ PORTRAIT_GPU_KMEANS_MIN_ROWS: '0', PORTRAIT_GPU_EASE_MIN_ITEMS: '500' })).toEqual({
      kmeansMinRows: 0,
      easeMinItems: 500,
    });
  });

  it('refuses a value that is not a whole number, naming the setting', () => {
    expect(() => gpuThresholds({ PORTRAIT_GPU_KMEANS_MIN_ROWS: 'lots' })).toThrow(
      'PORTRAIT_GPU_KMEANS_MIN_ROWS must be a whole number, not "lots"',
    );
    expect(() => gpuThresholds({ PORTRAIT_GPU_EASE_MIN_ITEMS: '-1' })).toThrow(
      'PORTRAIT_GPU_EASE_MIN_ITEMS must be a whole number, not "-1"',
    );
  });
});
