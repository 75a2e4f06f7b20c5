import { SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { concatenateColumns } from '@/lib/ml/predict/concatenateColumns';
import { hashedItemFeatures } from '@/lib/ml/predict/hashedItemFeatures';
import { interactionSvd, interactionSvdFeatures, projectOntoItemSide } from '@/lib/ml/predict/interactionSvdFeatures';
import { buildUserItemInteractions, interactionsFromLists } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

describe('interactionSvdFeatures', () => {
  it('recovers the leading singular values of the user × item matrix', () => {
    const planted = generatePlantedInteractions({ users: 200, items: 60, groups: 4, seed: 3 });
    const interactions = buildUserItemInteractions(planted.events);
    const features = interactionSvdFeatures(interactions, { components: 4, seed: 1 });
    const dense = Array.from({ length: 200 }, () => new Array(60).fill(0));
    for (let u = 0; u < 200; u++) {
      for (let p = interactions.userStart[u]; p < interactions.userStart[u + 1]; p++)
        dense[u][interactions.itemIndex[p]] = 1;
    }
    const exact = new SingularValueDecomposition(dense).diagonal;
    for (let k = 0; k < 4; k++) {
      let norm = 0;
      for (let u = 0; u < 200; u++) norm += features.data[u * 4 + k] ** 2;
      // each column is u_k·σ_k, with ‖u_k‖ = 1
      expect(Math.sqrt(norm)).toBeCloseTo(exact[k], 3);
    }
  });

  it("projects a fitted user's item row onto the item side close to their own features", () => {
    const planted = generatePlantedInteractions({ users: 400, items: 120, groups: 5, seed: 4 });
    const interactions = buildUserItemInteractions(planted.events);
    const { userFeatures, itemSide } = interactionSvd(interactions, { components: 8, seed: 2 });
    expect(itemSide.rows).toBe(120);
    expect(itemSide.cols).toBe(8);
    const projected = projectOntoItemSide(itemSide, interactions.userStart, interactions.itemIndex);
    // the leading columns carry the users' item choices; there x·V and U·Σ agree to the range finder's error
    for (let k = 0; k < 4; k++) {
      let error = 0;
      let norm = 0;
      for (let u = 0; u < 400; u++) {
        error += (projected.data[u * 8 + k] - userFeatures.data[u * 8 + k]) ** 2;
        norm += userFeatures.data[u * 8 + k] ** 2;
      }
      expect(Math.sqrt(error / norm), `column ${k}`).toBeLessThan(0.01);
    }
  });

  it('returns fewer meaningful columns than asked when the matrix has lower rank, without failing', () => {
    const interactions = interactionsFromLists([[0], [0], [1], [1]], 3);
    const features = interactionSvdFeatures(interactions, { components: 3 });
    expect(features.rows).toBe(4);
    expect(features.cols).toBe(3);
    expect(Array.from(features.data).every(Number.isFinite)).toBe(true);
  });
});

describe('hashedItemFeatures and concatenateColumns', () => {
  it("counts each user's items into hashed buckets as log(1 + count) and joins blocks side by side", () => {
    const interactions = interactionsFromLists([[0, 1, 2], []], 3);
    const hashed = hashedItemFeatures(interactions, ['a', 'b', 'c'], { buckets: 1 });
    expect(Array.from(hashed.data)).toEqual([Math.fround(Math.log1p(3)), 0]);
    const joined = concatenateColumns({ rows: 2, cols: 1, data: Float32Array.of(7, 8) }, hashed);
    expect(joined.cols).toBe(2);
    expect(Array.from(joined.data)).toEqual([7, Math.fround(Math.log1p(3)), 8, 0]);
    expect(() => concatenateColumns(joined, { rows: 3, cols: 1, data: new Float32Array(3) })).toThrow(/rows/);
  });
});
