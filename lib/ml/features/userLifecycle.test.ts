import { describe, expect, it } from 'vitest';
import type { EventTable } from '@/lib/ml/types';
import { lifecycleStages, userLifecycle } from './userLifecycle';

const day = 86_400_000;
const end = Date.UTC(2026, 10, 30);

function table(daysAgoPerUser: number[][]): EventTable {
  const rows = daysAgoPerUser.flatMap((days, user) => [...days].sort((a, b) => b - a).map((ago) => ({ user, ago })));
  return {
    userIds: daysAgoPerUser.map((_, u) => `u${u}`),
    itemIds: [],
    types: ['purchase'],
    user: Int32Array.from(rows, (r) => r.user),
    item: Int32Array.from(rows, () => -1),
    type: Int32Array.from(rows, () => 0),
    ts: Float64Array.from(rows, (r) => end - r.ago * day),
    value: Float64Array.from(rows, () => Number.NaN),
    text: rows.map(() => null),
  };
}

describe('userLifecycle', () => {
  it('places users relative to the end of the data, not to today', () => {
    // A year of data: the recent window is 15% of it, about 55 days.
    const { stage, recentDays } = userLifecycle(table([[365], [3], [357], [300, 200, 5], [360, 250, 200]]), end);
    expect(recentDays).toBeCloseTo(0.15 * 365, 5);
    expect(Array.from(stage, (s) => lifecycleStages[s])).toEqual(['one-time', 'new', 'one-time', 'active', 'lapsed']);
  });

  it('gives no stage when the data spans less than a week', () => {
    const { stage } = userLifecycle(table([[1], [2, 0]]), end);
    expect(Array.from(stage)).toEqual([-1, -1]);
  });
});
