import { describe, expect, it } from 'vitest';
import { computeBehaviourEmbedding } from '@/lib/ml/embed/behaviourEmbedding';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { buildProfileVector } from '@/lib/ml/features/profileVector';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { applySizeFloor, chooseK } from '@/lib/ml/segment/chooseK';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { type DenseMatrix, defaultPipelineSettings } from '@/lib/ml/types';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';

describe('chooseK', () => {
  it('finds the planted number of blobs by silhouette and recovers them', () => {
    const { matrix, labels } = generateGaussianBlobs({ rows: 4000, cols: 10, clusters: 6, spread: 1, seed: 7 });
    const result = chooseK(matrix, { seed: 1, silhouetteSampleSize: 1000, fitSampleSize: 2000 });
    expect(result.chosenK).toBe(6);
    expect(result.k).toBe(6);
    expect(result.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.noClearSegments).toBe(false);
    const best = Math.max(...result.candidates.map((c) => c.silhouette));
    expect(result.silhouette).toBe(best);
    expect(adjustedRandIndex(result.labels, labels)).toBeGreaterThan(0.95);
    expect(result.sizes.reduce((a, b) => a + b)).toBe(4000);
    for (let j = 1; j < result.sizes.length; j++) expect(result.sizes[j]).toBeLessThanOrEqual(result.sizes[j - 1]);
  });

  it('finds a different planted k too, and uses a fixed k when given one', () => {
    const { matrix } = generateGaussianBlobs({ rows: 3000, cols: 8, clusters: 8, spread: 1, seed: 6 });
    expect(chooseK(matrix, { seed: 2, silhouetteSampleSize: 1000 }).chosenK).toBe(8);
    const fixed = chooseK(matrix, { k: 4, seed: 2 });
    expect(fixed.k).toBe(4);
    expect(fixed.candidates).toEqual([]);
    expect(fixed.silhouette).toBeGreaterThan(0);
  });

  it('is reproducible for a seed', () => {
    const { matrix } = generateGaussianBlobs({ rows: 1500, cols: 4, clusters: 4, spread: 3, seed: 8 });
    const first = chooseK(matrix, { seed: 3, silhouetteSampleSize: 500, kRange: [3, 6] });
    const second = chooseK(matrix, { seed: 3, silhouetteSampleSize: 500, kRange: [3, 6] });
    expect(Array.from(second.labels)).toEqual(Array.from(first.labels));
    expect(second.candidates).toEqual(first.candidates);
  });
});

function uniformNoise(rows: number, cols: number, seed: number): DenseMatrix {
  const random = createSeededRandom(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => random.next()) };
}

describe('chooseK when no k separates the users', () => {
  it('says "no clear segments" and keeps one group on uniform noise, in few and in many dimensions', () => {
    for (const cols of [2, 10, 40]) {
      const result = chooseK(uniformNoise(1500, cols, cols), { seed: 1, silhouetteSampleSize: 800 });
      expect(result.noClearSegments, `${cols} columns`).toBe(true);
      expect(result.k).toBe(1);
      expect(new Set(result.labels)).toEqual(new Set([0]));
      expect(result.candidates.length).toBeGreaterThan(0);
    }
  });

  it('finds two planted blobs (k = 2 is a candidate now)', () => {
    const { matrix, labels } = generateGaussianBlobs({ rows: 600, cols: 6, clusters: 2, spread: 1, seed: 5 });
    const result = chooseK(matrix, { seed: 1 });
    expect(result.noClearSegments).toBe(false);
    expect(result.k).toBe(2);
    expect(adjustedRandIndex(result.labels, labels)).toBeGreaterThan(0.95);
  });

  it('with 43 users: finds planted groups when there are some, and one group without them, never k = 1 by accident', () => {
    const { matrix } = generateGaussianBlobs({ rows: 43, cols: 8, clusters: 2, weights: [22, 21], spread: 1, seed: 9 });
    const clear = chooseK(matrix, { seed: 1, sizeFloor: 5 });
    expect(clear.noClearSegments).toBe(false);
    expect(clear.k).toBe(2);
    const noise = chooseK(uniformNoise(43, 30, 4), { seed: 1, sizeFloor: 5 });
    expect(noise.noClearSegments).toBe(true);
    expect(noise.k).toBe(1);
  });

  it('never chooses a k whose smallest segment is below the size floor', () => {
    const { matrix } = generateGaussianBlobs({
      rows: 610,
      cols: 4,
      clusters: 3,
      weights: [300, 300, 10],
      spread: 0.5,
      seed: 3,
    });
    const result = chooseK(matrix, { seed: 1, sizeFloor: 20 });
    expect(result.chosenK).toBe(2);
    expect(result.candidates.find((c) => c.k === 3)?.tooSmall).toBe(true);
  });
});

describe('applySizeFloor', () => {
  // Three blobs of 300 and a far-away one of 8 users that k-means isolates as its own segment.
  const { matrix, labels: planted } = generateGaussianBlobs({
    rows: 908,
    cols: 3,
    clusters: 4,
    weights: [300, 300, 300, 8],
    spread: 0.5,
    seed: 13,
  });
  const tiny = 3;

  it('merges a segment below the floor into the nearest segment', () => {
    const result = applySizeFloor(matrix, planted, 4, 20, 'merge');
    expect(result.k).toBe(3);
    expect(result.sizes.reduce((a, b) => a + b)).toBe(908);
    expect(result.merged).toHaveLength(1);
    expect(result.merged[0].size).toBe(8);
    // Each former member now sits with the segment whose centroid is nearest.
    for (let i = 0; i < matrix.rows; i++) {
      if (planted[i] !== tiny) continue;
      const distances = [0, 1, 2].map((j) => {
        let d = 0;
        for (let t = 0; t < 3; t++) d += (matrix.data[i * 3 + t] - result.centroids.data[j * 3 + t]) ** 2;
        return d;
      });
      expect(result.labels[i]).toBe(distances.indexOf(Math.min(...distances)));
    }
    expect(result.belowFloor).toEqual([false, false, false]);
  });

  it('keeps but flags a small segment in flag mode, numbered last', () => {
    const result = applySizeFloor(matrix, planted, 4, 20, 'flag');
    expect(result.k).toBe(4);
    expect(result.sizes.at(-1)).toBe(8);
    expect(result.belowFloor).toEqual([false, false, false, true]);
    expect(result.merged).toEqual([]);
  });

  it('leaves segments at or above the floor alone', () => {
    const result = applySizeFloor(matrix, planted, 4, 8, 'merge');
    expect(result.k).toBe(4);
    expect(adjustedRandIndex(result.labels, planted)).toBe(1);
  });

  it('chooseK applies the floor after clustering', () => {
    const result = chooseK(matrix, { k: 4, seed: 0, sizeFloor: 20 });
    expect(result.chosenK).toBe(4);
    expect(result.k).toBe(3);
    expect(result.merged[0].size).toBe(8);
  });

  it('never dissolves the last segment', () => {
    const few: DenseMatrix = { rows: 3, cols: 1, data: Float32Array.from([0, 1, 5]) };
    const result = applySizeFloor(few, Int32Array.from([0, 0, 1]), 2, 20, 'merge');
    expect(result.k).toBe(1);
    expect(result.sizes).toEqual([3]);
  });
});

describe('chooseK on behaviour profiles', () => {
  it('recovers planted personas from raw events (features + embedding -> profile -> k by silhouette)', () => {
    const { events, items, truth, asOf } = generateSyntheticEvents({ users: 1000, seed: 31 });
    const features = computeBehaviourFeatures(events, items, defaultPipelineSettings, asOf);
    const embedding = computeBehaviourEmbedding(events, items, { dimensions: 8, seed: 1 });
    const profile = buildProfileVector([
      { name: 'behaviour', matrix: features.matrix },
      { name: 'embedding', matrix: embedding.matrix },
    ]);
    const result = chooseK(profile.matrix, { seed: 4, silhouetteSampleSize: 800 });
    expect(result.chosenK).toBe(4);
    expect(adjustedRandIndex(result.labels, truth)).toBeGreaterThan(0.95);
  });
});
