import { describe, expect, it } from 'vitest';
import { featureStats, humanizeFeature } from './compareFeatures';

describe('featureStats', () => {
  it('gives mean, median and population standard deviation per numeric member', () => {
    const stats = featureStats([{ orders: 1 }, { orders: 2 }, { orders: 3 }, { orders: 10 }]);
    expect(stats.get('orders')).toEqual({ mean: 4, median: 2.5, sd: Math.sqrt(12.5) });
  });

  it('counts booleans as shares and leaves strings, nulls and missing members out', () => {
    const stats = featureStats([
      { member: true, top: 'Books', spend: null },
      { member: false, top: 'Audio', spend: 5 },
      { member: true },
      { member: true, spend: 7 },
    ]);
    expect(stats.get('member')?.mean).toBe(0.75);
    expect(stats.get('spend')).toEqual({ mean: 6, median: 6, sd: 1 });
    expect(stats.has('top')).toBe(false);
  });
});

describe('humanizeFeature', () => {
  it('turns snake_case and camelCase keys into a sentence-case label', () => {
    expect(humanizeFeature('monetary_mean')).toBe('Monetary mean');
    expect(humanizeFeature('daysSinceLast')).toBe('Days since last');
  });
});
