import { describe, expect, it } from 'vitest';
import { significantGain } from './significantGain';

describe('significantGain', () => {
  it('holds for a gain well above its standard error, not for one within it', () => {
    expect(significantGain([0.2, 0.1, 0.3, 0.2, 0.1, 0.25])).toBe(true);
    expect(significantGain([0.3, -0.3, 0.2, -0.1, 0.05])).toBe(false);
  });

  it('needs two cases, and without spread a positive gain', () => {
    expect(significantGain([1])).toBe(false);
    expect(significantGain([0.1, 0.1, 0.1])).toBe(true);
    expect(significantGain([0, 0, 0])).toBe(false);
  });
});
