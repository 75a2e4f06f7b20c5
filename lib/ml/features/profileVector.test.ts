import { describe, expect, it } from 'vitest';
import { buildProfileVector } from '@/lib/ml/features/profileVector';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

function randomMatrix(rows: number, cols: number, spread: number, offset: number, seed: number): DenseMatrix {
  const random = createSeededRandom(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => offset + spread * random.normal()) };
}

function blockVariance(matrix: DenseMatrix, start: number, width: number): number {
  let total = 0;
  for (let t = start; t < start + width; t++) {
    let mean = 0;
    for (let i = 0; i < matrix.rows; i++) mean += matrix.data[i * matrix.cols + t];
    mean /= matrix.rows;
    for (let i = 0; i < matrix.rows; i++) total += (matrix.data[i * matrix.cols + t] - mean) ** 2;
  }
  return total / matrix.rows;
}

describe('buildProfileVector', () => {
  it('gives every block the same total variance whatever its width and units', () => {
    const wide = randomMatrix(500, 40, 1, 0, 1);
    const narrow = randomMatrix(500, 3, 250, 1000, 2);
    const { matrix, layout } = buildProfileVector([
      { name: 'embedding', matrix: wide },
      { name: 'behaviour', matrix: narrow },
    ]);
    expect(matrix.cols).toBe(43);
    expect(layout.map(({ name, start, width }) => [name, start, width])).toEqual([
      ['embedding', 0, 40],
      ['behaviour', 40, 3],
    ]);
    expect(blockVariance(matrix, 0, 40)).toBeCloseTo(1, 4);
    expect(blockVariance(matrix, 40, 3)).toBeCloseTo(1, 4);
  });

  it('gives a block its weight as its share of variance, centres columns and keeps rows in place', () => {
    const first = randomMatrix(200, 4, 1, 5, 3);
    const second = randomMatrix(200, 2, 1, 0, 4);
    const { matrix, layout } = buildProfileVector([
      { name: 'a', matrix: first, weight: 3 },
      null,
      { name: 'b', matrix: second },
    ]);
    expect(layout).toHaveLength(2);
    expect(blockVariance(matrix, 0, 4)).toBeCloseTo(3, 4);
    expect(blockVariance(matrix, 4, 2)).toBeCloseTo(1, 4);
    let mean = 0;
    for (let i = 0; i < 200; i++) mean += matrix.data[i * 6];
    expect(mean / 200).toBeCloseTo(0, 4);
    const scale = layout[0].scale;
    const firstMean = Array.from({ length: 200 }, (_, i) => first.data[i * 4]).reduce((a, b) => a + b) / 200;
    expect(matrix.data[7 * 6]).toBeCloseTo((first.data[7 * 4] - firstMean) * scale, 4);
  });

  it('turns a constant block into zeros and rejects blocks of different lengths', () => {
    const constant: DenseMatrix = { rows: 3, cols: 2, data: new Float32Array(6).fill(7) };
    const { matrix } = buildProfileVector([{ name: 'flat', matrix: constant }]);
    expect(Array.from(matrix.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() =>
      buildProfileVector([
        { name: 'a', matrix: constant },
        { name: 'b', matrix: randomMatrix(4, 1, 1, 0, 1) },
      ]),
    ).toThrow(/block b has 4 rows, expected 3/);
  });
});
