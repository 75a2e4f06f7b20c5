import { describe, expect, it } from 'vitest';
import { dotRow } from '@/lib/ml/predict/logisticRegression';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { createLogisticKernels } from './logisticKernels';

// The kernels must reproduce the JavaScript fallback to the bit: dotRow's four accumulators
// (element i goes to accumulator i mod 4, the tail to the first), summed as (s0 + s1) + (s2 + s3);
// and the gradient as += error × x, row by row.

function values(length: number, seed: number): Float64Array {
  const random = createSeededRandom(seed);
  // magnitudes over six orders, so a sum taken in another order would round differently
  return Float64Array.from({ length }, () => random.normal() * 10 ** Math.floor(random.next() * 6 - 3));
}

describe('logistic regression kernels', () => {
  for (const features of [0, 1, 2, 3, 4, 5, 7, 9, 13, 40]) {
    for (const outputs of [1, 2, 3, 5]) {
      it(`reproduce the JavaScript dot products and gradient sums bit for bit (${features} features, ${outputs} outputs)`, () => {
        const rows = 11;
        const width = features + 1;
        const x = values(rows * features, features * 10 + outputs);
        const weights = values(outputs * width, 7 + outputs);
        const errors = values(rows * outputs, 3 + features);
        const kernels = createLogisticKernels(x, rows, features, outputs);
        expect(kernels).not.toBeNull();
        if (!kernels) return;

        kernels.weights.set(weights);
        kernels.dots();
        for (let r = 0; r < rows; r++) {
          for (let k = 0; k < outputs; k++) {
            const expected = dotRow(weights, k * width + 1, x, r * features, features);
            expect(Object.is(kernels.perRow[r * outputs + k], expected)).toBe(true);
          }
        }

        kernels.perRow.set(errors);
        kernels.accumulateGradient();
        const expected = new Float64Array(outputs * width);
        for (let r = 0; r < rows; r++) {
          for (let k = 0; k < outputs; k++) {
            for (let c = 0; c < features; c++) {
              expected[k * width + 1 + c] += errors[r * outputs + k] * x[r * features + c];
            }
          }
        }
        expect(Array.from(kernels.gradient, (value, i) => Object.is(value, expected[i])).every(Boolean)).toBe(true);
      });
    }
  }

  it('start each gradient from zero', () => {
    const kernels = createLogisticKernels(values(6, 1), 3, 2, 1);
    if (!kernels) throw new Error('no kernels');
    kernels.perRow.set([1, 2, 3]);
    kernels.accumulateGradient();
    const first = Array.from(kernels.gradient);
    kernels.accumulateGradient();
    expect(Array.from(kernels.gradient)).toEqual(first);
  });
});
