import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { rankLookalikes } from './rankLookalikes';

/** Two groups apart on dimension 0 only, noise on the other three. */
function plantedGroups(perGroup: number) {
  const random = createSeededRandom(17);
  const dims = 4;
  const rows = perGroup * 2;
  const vectors = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    vectors[r * dims] = (r < perGroup ? 0 : 3) + (random.next() - 0.5);
    for (let d = 1; d < dims; d++) vectors[r * dims + d] = (random.next() - 0.5) * 10;
  }
  return { vectors, dims, rows };
}

describe('lookalike ranking', () => {
  it("finds the rest of a seed's group and never returns a seed row", () => {
    const { vectors, dims, rows } = plantedGroups(200);
    const isSeed = new Uint8Array(rows);
    for (let r = 0; r < 200; r += 10) isSeed[r] = 1;
    const { rows: found } = rankLookalikes(vectors, dims, isSeed, 180);
    expect(found).toHaveLength(180);
    expect(Array.from(found).every((r) => !isSeed[r])).toBe(true);
    const inGroup = Array.from(found).filter((r) => r < 200).length;
    expect(inGroup / found.length).toBeGreaterThanOrEqual(0.95);
  });

  it('answers nothing for an empty seed', () => {
    const { vectors, dims, rows } = plantedGroups(10);
    expect(rankLookalikes(vectors, dims, new Uint8Array(rows), 5).rows).toHaveLength(0);
  });
});
