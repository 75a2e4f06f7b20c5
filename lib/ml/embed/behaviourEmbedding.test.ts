import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  buildInteractionMatrix,
  computeBehaviourEmbedding,
  type SparseRows,
  truncatedSvd,
} from '@/lib/ml/embed/behaviourEmbedding';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { kmeans } from '@/lib/ml/segment/kmeans';
import type { EventTable, ItemTable } from '@/lib/ml/types';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';

function denseOf(a: SparseRows): Matrix {
  const dense = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) dense.set(i, a.column[p], a.value[p]);
  }
  return dense;
}

function randomSparse(rows: number, cols: number, seed: number): SparseRows {
  const random = createSeededRandom(seed);
  const rowStart = new Int32Array(rows + 1);
  const column: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < rows; i++) {
    rowStart[i] = column.length;
    for (let j = 0; j < cols; j++) {
      // Three blocks plus noise: three clear leading singular values, then a flat noise floor.
      const inBlock = Math.floor((i * 3) / rows) === Math.floor((j * 3) / cols);
      if (random.next() < (inBlock ? 0.4 : 0.02)) {
        column.push(j);
        value.push(1 + random.next());
      }
    }
  }
  rowStart[rows] = column.length;
  return { rows, cols, rowStart, column: Int32Array.from(column), value: Float64Array.from(value) };
}

describe('truncatedSvd', () => {
  it('matches the leading singular values of an exact SVD', () => {
    const a = randomSparse(300, 120, 1);
    const exact = new SingularValueDecomposition(denseOf(a), { autoTranspose: true }).diagonal;
    const { singularValues, matrix } = truncatedSvd(a, 5, { seed: 2 });
    for (let d = 0; d < 3; d++) expect(Math.abs(singularValues[d] / exact[d] - 1)).toBeLessThan(1e-4);
    // Values within the noise floor need more power iterations to come out right.
    const sharpened = truncatedSvd(a, 5, { seed: 2, powerIterations: 10 }).singularValues;
    for (let d = 3; d < 5; d++) expect(Math.abs(sharpened[d] / exact[d] - 1)).toBeLessThan(0.01);
    // Columns of U Σ have norms σ.
    for (let d = 0; d < 5; d++) {
      let squared = 0;
      for (let i = 0; i < matrix.rows; i++) squared += matrix.data[i * 5 + d] ** 2;
      expect(Math.sqrt(squared) / singularValues[d]).toBeCloseTo(1, 4);
    }
  });

  it('pads with zeros when the matrix has lower rank than asked', () => {
    const a: SparseRows = {
      rows: 3,
      cols: 2,
      rowStart: Int32Array.from([0, 1, 2, 4]),
      column: Int32Array.from([0, 1, 0, 1]),
      value: Float64Array.from([3, 4, 1, 1]),
    };
    const { singularValues, matrix } = truncatedSvd(a, 4, { seed: 0 });
    const exact = new SingularValueDecomposition(denseOf(a)).diagonal;
    expect(singularValues[0]).toBeCloseTo(exact[0], 8);
    expect(singularValues[1]).toBeCloseTo(exact[1], 8);
    expect(singularValues[2]).toBe(0);
    expect(matrix.cols).toBe(4);
    expect(matrix.data[3]).toBe(0);
  });

  it('is reproducible for a seed', () => {
    const a = randomSparse(200, 80, 3);
    const first = truncatedSvd(a, 4, { seed: 9 });
    const second = truncatedSvd(a, 4, { seed: 9 });
    expect(Array.from(second.matrix.data)).toEqual(Array.from(first.matrix.data));
  });
});

describe('buildInteractionMatrix', () => {
  const events: EventTable = {
    userIds: ['a', 'b', 'c'],
    itemIds: ['x', 'y', 'z'],
    types: ['view'],
    user: Int32Array.from([0, 0, 0, 1, 2, 2]),
    item: Int32Array.from([0, 0, 1, 0, 1, 2]),
    type: new Int32Array(6),
    ts: new Float64Array(6),
    value: new Float64Array(6).fill(Number.NaN),
    text: new Array(6).fill(null),
  };
  const items: ItemTable = {
    titles: [null, null, null],
    categories: [['A'], ['A', 'B'], ['B']],
    price: new Float64Array(3),
  };

  it('weights log counts by inverse user frequency and normalises each user', () => {
    const a = buildInteractionMatrix(events, items, { columns: 'items', minUsersPerItem: 1 });
    expect(a.cols).toBe(3);
    const dense = denseOf(a);
    // user a: x twice (df 2), y once (df 2): log1p(2) and log1p(1) times the same idf, then unit norm.
    const x = Math.log1p(2);
    const y = Math.log1p(1);
    expect(dense.get(0, 0)).toBeCloseTo(x / Math.hypot(x, y), 10);
    expect(dense.get(0, 1)).toBeCloseTo(y / Math.hypot(x, y), 10);
    // user c: y (df 2) and z (df 1): z is rarer so weighs more.
    const idfY = Math.log(4 / 3) + 1;
    const idfZ = Math.log(4 / 2) + 1;
    const norm = Math.hypot(y * idfY, y * idfZ);
    expect(dense.get(2, 2)).toBeCloseTo((y * idfZ) / norm, 10);
    for (let i = 0; i < 3; i++) expect(Math.hypot(...dense.getRow(i))).toBeCloseTo(1, 10);
  });

  it('drops items used by too few users and adds category columns', () => {
    const a = buildInteractionMatrix(events, items, { columns: 'items+categories', minUsersPerItem: 2 });
    // x and y have two users, z one: 2 item columns + categories A and B.
    expect(a.cols).toBe(4);
  });
});

describe('computeBehaviourEmbedding', () => {
  it('separates users whose baskets come from different planted personas', () => {
    const { events, items, truth } = generateSyntheticEvents({ users: 1200, seed: 6 });
    const { matrix } = computeBehaviourEmbedding(events, items, { dimensions: 8, columns: 'items', seed: 1 });
    expect(matrix.rows).toBe(1200);
    expect(matrix.cols).toBe(8);
    const clusters = kmeans(matrix, 4, { seed: 0 });
    expect(adjustedRandIndex(clusters.labels, truth)).toBeGreaterThan(0.9);
  });
});
