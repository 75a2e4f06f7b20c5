import { describe, expect, it } from 'vitest';
import { splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable } from '@/lib/ml/types';

function eventTable(rows: [user: number, item: number, ts: number][], users: number, items: number): EventTable {
  return {
    userIds: Array.from({ length: users }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: items }, (_, i) => `i${i}`),
    types: ['view'],
    user: Int32Array.from(rows, (row) => row[0]),
    item: Int32Array.from(rows, (row) => row[1]),
    type: new Int32Array(rows.length),
    ts: Float64Array.from(rows, (row) => row[2]),
    value: new Float64Array(rows.length).fill(Number.NaN),
    text: rows.map(() => null),
  };
}

const itemsOf = (part: { userStart: Int32Array; itemIndex: Int32Array }, user: number) =>
  Array.from(part.itemIndex.subarray(part.userStart[user], part.userStart[user + 1]));

describe('splitUserItems', () => {
  it('holds out the items whose last interaction is latest under the time split', () => {
    // user 0 touches item 1 early and again last: its last interaction makes it the held-out one
    const events = eventTable(
      [
        [0, 1, 1],
        [0, 2, 2],
        [0, 3, 3],
        [0, 4, 4],
        [0, 5, 5],
        [0, 1, 9],
        [1, 0, 1],
      ],
      2,
      6,
    );
    const split = splitUserItems(buildUserItemInteractions(events), { split: 'time' });
    expect(itemsOf(split.test, 0)).toEqual([1]);
    expect(itemsOf(split.train, 0)).toEqual([2, 3, 4, 5]);
    expect(itemsOf(split.test, 1)).toEqual([]);
    expect(itemsOf(split.train, 1)).toEqual([0]);
  });

  it('holds out a quarter of distinct items at random, reproducibly for a seed, keeping one for training', () => {
    const rows: [number, number, number][] = [];
    for (let item = 0; item < 40; item++) rows.push([0, item, item]);
    rows.push([1, 0, 1], [1, 1, 2]);
    const interactions = buildUserItemInteractions(eventTable(rows, 2, 40));
    const first = splitUserItems(interactions, { split: 'random', seed: 5 });
    const again = splitUserItems(interactions, { split: 'random', seed: 5 });
    const other = splitUserItems(interactions, { split: 'random', seed: 6 });
    expect(itemsOf(first.test, 0)).toHaveLength(10);
    expect(itemsOf(first.test, 0)).toEqual(itemsOf(again.test, 0));
    expect(itemsOf(first.test, 0)).not.toEqual(itemsOf(other.test, 0));
    expect(itemsOf(first.test, 1)).toHaveLength(1);
    expect(itemsOf(first.train, 1)).toHaveLength(1);
    const union = new Set([...itemsOf(first.train, 0), ...itemsOf(first.test, 0)]);
    expect(union.size).toBe(40);
  });

  it('counts repeated events on one item once', () => {
    const interactions = buildUserItemInteractions(
      eventTable(
        [
          [0, 2, 1],
          [0, 2, 2],
          [0, 2, 3],
        ],
        1,
        3,
      ),
    );
    expect(Array.from(interactions.itemIndex)).toEqual([2]);
    expect(interactions.lastTs[0]).toBe(3);
  });
});
