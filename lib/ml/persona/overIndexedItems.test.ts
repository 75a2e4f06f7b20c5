import { describe, expect, it } from 'vitest';
import type { EventTable, ItemTable } from '@/lib/ml/types';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';
import { overIndexedItems } from './overIndexedItems';

function sizesOf(labels: Int32Array, k: number): Float64Array {
  const sizes = new Float64Array(k);
  for (const label of labels) sizes[label]++;
  return sizes;
}

describe('overIndexedItems', () => {
  it("finds each planted group's items as what its segment over-indexes on", () => {
    const planted = generatePlantedInteractions({ users: 1000, items: 100, groups: 5, seed: 6 });
    const input = { events: planted.events, items: planted.items, labels: planted.userGroup, k: 5 };
    const lists = overIndexedItems(input, sizesOf(planted.userGroup, 5));
    for (let segment = 0; segment < 5; segment++) {
      expect(lists[segment]).toHaveLength(5);
      for (const entry of lists[segment]) {
        expect(planted.itemGroup[planted.events.itemIds.indexOf(entry.itemId)]).toBe(segment);
        expect(entry.lift).toBeGreaterThan(2);
        expect(entry.users).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('names an item only when enough of the segment touched it, by a margin, and not by chance', () => {
    // segments of 100 users; per item, how many users of segment 0 and of segment 1 touched it
    const touched: Record<string, [number, number]> = {
      clear: [30, 3], // lift 1.818, far beyond chance
      few: [0, 2], // lift 2 in segment 1, but only two users
      slight: [12, 10], // lift 1.09: under the least lift shown
      chance: [15, 9], // lift 1.25, but 15 of 100 against 9 of 100 is within chance
      common: [92, 68], // beyond chance, but lift 1.15: under the least lift shown
    };
    const itemIds = Object.keys(touched);
    const user: number[] = [];
    const item: number[] = [];
    itemIds.forEach((id, index) => {
      const [inFirst, inSecond] = touched[id];
      for (let u = 0; u < inFirst; u++) user.push(u);
      for (let u = 0; u < inSecond; u++) user.push(100 + u);
      item.push(...Array(inFirst + inSecond).fill(index));
    });
    const events: EventTable = {
      userIds: Array.from({ length: 200 }, (_, u) => `u${u}`),
      itemIds,
      types: ['view'],
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      type: new Int32Array(user.length),
      ts: Float64Array.from(user, (_, index) => index),
      value: new Float64Array(user.length).fill(Number.NaN),
      text: user.map(() => null),
    };
    const items: ItemTable = {
      titles: itemIds.map((id) => id.toUpperCase()),
      categories: itemIds.map(() => []),
      price: new Float64Array(itemIds.length).fill(Number.NaN),
    };
    const labels = Int32Array.from({ length: 200 }, (_, u) => (u < 100 ? 0 : 1));
    const lists = overIndexedItems({ events, items, labels, k: 2 }, sizesOf(labels, 2));
    expect(lists[0]).toEqual([{ itemId: 'clear', title: 'CLEAR', lift: 1.818, users: 30 }]);
    expect(lists[1]).toEqual([]);
  });
});
