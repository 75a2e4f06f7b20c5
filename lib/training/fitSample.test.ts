import { describe, expect, it } from 'vitest';
import { fitSampleUsers, stratifiedUserSample } from './fitSample';

describe('stratifiedUserSample', () => {
  // 9,000 light users (1 event), 900 medium (5), 100 heavy (100)
  const counts = [
    ...Array.from({ length: 9000 }, () => 1),
    ...Array.from({ length: 900 }, () => 5),
    ...Array.from({ length: 100 }, () => 100),
  ];

  it('draws each activity stratum in proportion to its users, without repeats, in user order', () => {
    const sample = stratifiedUserSample(counts, 1000, 7);
    expect(sample.length).toBe(1000);
    expect(new Set(sample).size).toBe(1000);
    expect(Array.from(sample)).toEqual(Array.from(sample).sort((a, b) => a - b));
    const heavy = sample.filter((u) => counts[u] === 100).length;
    const medium = sample.filter((u) => counts[u] === 5).length;
    expect([heavy, medium]).toEqual([10, 90]);
  });

  it('draws the same users for the same seed and others for another', () => {
    expect(stratifiedUserSample(counts, 500, 3)).toEqual(stratifiedUserSample(counts, 500, 3));
    expect(stratifiedUserSample(counts, 500, 3)).not.toEqual(stratifiedUserSample(counts, 500, 4));
  });

  it('rounds the shares so the sample has exactly the size asked for', () => {
    const uneven = [1, 1, 1, 4, 4, 4, 4, 64];
    for (let size = 1; size <= 8; size++) expect(stratifiedUserSample(uneven, size, 1).length).toBe(size);
  });

  it('keeps everyone when the dataset is no larger than the sample', () => {
    expect(Array.from(stratifiedUserSample([2, 1, 3], 5, 1))).toEqual([0, 1, 2]);
  });
});

describe('fitSampleUsers', () => {
  it('reads PORTRAIT_FIT_SAMPLE_USERS, 100,000 when unset, 0 for no sample', () => {
    expect(fitSampleUsers({})).toBe(100_000);
    expect(fitSampleUsers({ PORTRAIT_FIT_SAMPLE_USERS: '50000' })).toBe(50_000);
    expect(fitSampleUsers({ PORTRAIT_FIT_SAMPLE_USERS: '0' })).toBe(0);
  });

  it('refuses a setting that is not a whole number and names it', () => {
    expect(() => fitSampleUsers({ PORTRAIT_FIT_SAMPLE_USERS: 'lots' })).toThrow(/PORTRAIT_FIT_SAMPLE_USERS/);
    expect(() => fitSampleUsers({ PORTRAIT_FIT_SAMPLE_USERS: '-1' })).toThrow(/PORTRAIT_FIT_SAMPLE_USERS/);
  });
});
