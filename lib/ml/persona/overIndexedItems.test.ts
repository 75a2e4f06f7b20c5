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

  it('drops an item fewer than three of the segment touched, however large its lift', () => {
    // users 0-3 (segment 0) touched item a, user 4 (segment 1) only item b
    const users = [0, 1, 2, 3, 4];
    const itemOf = [0, 0, 0, 0, 1];
    const events: EventTable = {
      userIds: ['u0', 'u1', 'u2', 'u3', 'u4'],
      itemIds: ['a', 'b'],
      types: ['view'],
      user: Int32Array.from(users),
      item: Int32Array.from(itemOf),
      type: new Int32Array(users.length),
      ts: Float64Array.from(users, (_, index) => index),
      value: new Float64Array(users.length).fill(Number.NaN),
      text: users.map(() => null),
    };
    const items: ItemTable = {
      titles: ['A', 'B'],
      categories: [[], []],
      price: Float64Array.of(Number.NaN, Number.NaN),
    };
    const labels = Int32Array.of(0, 0, 0, 0, 1);
    const lists = overIndexedItems({ events, items, labels, k: 2 }, sizesOf(labels, 2));
    expect(lists[0]).toEqual([{ itemId: 'a', title: 'A', lift: 1.25, users: 4 }]);
    expect(lists[1]).toEqual([]);
  });
});
