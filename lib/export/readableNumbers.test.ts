import { describe, expect, it } from 'vitest';
import { formatPercent } from '@/components/format';
import { readableShare } from './readableNumbers';

describe('readableShare', () => {
  it('rounds a share as the dashboard does, so an export and a screen quote the same percentage', () => {
    // 115 of 400 is 0.2875, which toFixed read as the double just below it (28.7%)
    expect(readableShare(115 / 400, 1)).toBe('28.8%');
    for (const share of [115 / 400, 1 / 3, 0.5, 0.0005, 0.9995, 2 / 3, 0.125, 1])
      for (const digits of [0, 1]) expect(readableShare(share, digits)).toBe(formatPercent(share, digits));
    expect(readableShare(null)).toBe('n/a');
  });
});
