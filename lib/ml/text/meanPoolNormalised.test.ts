import { describe, expect, it } from 'vitest';
import { meanPoolNormalised } from './meanPoolNormalised';

describe('meanPoolNormalised', () => {
  it('averages only unmasked tokens and scales each vector to length 1', () => {
    // batch 2, length 3, width 2; the second row's last token is padding.
    const hidden = Float32Array.from([3, 0, 3, 8, 3, 4, 1, 1, 5, 5, 100, -100]);
    const mask = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]);
    const [first, second] = meanPoolNormalised(hidden, mask, 2, 3, 2);
    expect(Array.from(first)).toEqual([0.6, 0.8].map((value) => expect.closeTo(value, 6)));
    expect(Array.from(second)).toEqual([Math.SQRT1_2, Math.SQRT1_2].map((value) => expect.closeTo(value, 6)));
  });

  it('returns a zero vector for a row with no unmasked token', () => {
    const [vector] = meanPoolNormalised(Float32Array.from([1, 2]), [0], 1, 1, 2);
    expect(Array.from(vector)).toEqual([0, 0]);
  });
});
