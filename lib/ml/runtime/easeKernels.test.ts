import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { createEaseKernels } from './easeKernels';

describe('EASE scoring kernels', () => {
  for (const items of [1, 2, 3, 4, 5, 7, 8, 13, 100]) {
    it(`sum weight rows as the JavaScript loop does, to the bit (${items} items)`, () => {
      const random = createSeededRandom(items);
      const maxRows = 9;
      const kernels = createEaseKernels(items, maxRows);
      expect(kernels).not.toBeNull();
      if (!kernels) return;
      // magnitudes over six orders, so that another rounding or order would show
      for (let i = 0; i < items * items; i++)
        kernels.weights[i] = random.normal() * 10 ** Math.floor(random.next() * 6 - 3);
      for (const count of [0, 1, 4, maxRows]) {
        const rows = Array.from({ length: count }, () => Math.floor(random.next() * items));
        rows.forEach((row, q) => {
          kernels.rows[q] = row * items * 4;
        });
        kernels.sumRows(count);
        const expected = new Float32Array(items);
        for (const row of rows) for (let j = 0; j < items; j++) expected[j] += kernels.weights[row * items + j];
        expect(Array.from(kernels.local, (value, j) => Object.is(value, expected[j])).every(Boolean)).toBe(true);
      }
    });
  }
});
