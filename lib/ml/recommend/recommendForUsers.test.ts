import { describe, expect, it } from 'vitest';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import { fitItemKnn } from '@/lib/ml/recommend/itemKnnRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import { recommendForUsers } from '@/lib/ml/recommend/recommendForUsers';
import { selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import { buildUserItemInteractionsWithKinds } from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable } from '@/lib/ml/types';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

/** Two users who bought A and B together, and a third who only rated A. */
function tinyShop(): EventTable {
  const rows: [user: number, item: number, type: number, value: number][] = [
    [0, 0, 1, Number.NaN],
    [0, 1, 1, Number.NaN],
    [1, 0, 1, Number.NaN],
    [1, 1, 1, Number.NaN],
    [1, 2, 0, Number.NaN],
    [2, 0, 2, 5],
    [3, 3, 0, Number.NaN],
    [3, 2, 0, Number.NaN],
  ];
  return {
    userIds: ['ann', 'bob', 'cat', 'dan'],
    itemIds: ['a', 'b', 'c', 'd'],
    types: ['view', 'purchase', 'rating'],
    user: Int32Array.from(rows, (row) => row[0]),
    item: Int32Array.from(rows, (row) => row[1]),
    type: Int32Array.from(rows, (row) => row[2]),
    ts: Float64Array.from(rows, (_, index) => index),
    value: Float64Array.from(rows, (row) => row[3]),
    text: rows.map(() => null),
  };
}

const titles = ['Blue Mug', 'Tea Tin', 'Spoon', 'Kettle'];

describe('recommendForUsers', () => {
  it('explains an item-kNN pick by the rated item it is similar to', () => {
    const { interactions, kinds } = buildUserItemInteractionsWithKinds(tinyShop(), { purchaseTypes: ['purchase'] });
    const model = fitItemKnn(interactions, { neighbours: 5 });
    const result = recommendForUsers({ model, kinds, itemTitles: titles, users: Int32Array.of(2), n: 1 });
    expect(result.items[0]).toBe(1);
    expect(result.reasons[0][0]).toMatchObject({ kind: 'similar-item', becauseItem: 0, via: 'rating', rating: 5 });
    expect(result.reasons[0][0].text).toBe('similar to "Blue Mug" you rated 5');
  });

  it('says "you bought" and "you viewed" for purchases and views', () => {
    const events = tinyShop();
    const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, { purchaseTypes: ['purchase'] });
    const model = fitItemKnn(interactions, { neighbours: 5 });
    const result = recommendForUsers({
      model,
      kinds,
      eventTypes: events.types,
      itemTitles: titles,
      users: Int32Array.of(0, 3),
      n: 1,
    });
    expect(result.items[0]).toBe(2);
    expect(result.reasons[0][0].text).toBe('similar to "Tea Tin" you bought');
    expect(result.items[1]).toBe(1);
    expect(result.reasons[1][0].text).toBe('similar to "Spoon" you viewed');
  });

  it('gives a popularity pick the reason "popular overall", not a segment story found after the fact', () => {
    const { interactions, kinds } = buildUserItemInteractionsWithKinds(tinyShop(), { purchaseTypes: ['purchase'] });
    const result = recommendForUsers({
      model: fitPopularity(interactions),
      kinds,
      itemTitles: titles,
      segmentOfUser: Int32Array.of(0, 0, 0, 1),
      users: Int32Array.of(2),
      n: 1,
    });
    expect(result.items[0]).toBe(1);
    expect(result.reasons[0][0]).toEqual({ kind: 'popular', text: 'popular overall' });
  });

  describe('a pick its model cannot attribute, explained through the segment', () => {
    const { interactions, kinds } = buildUserItemInteractionsWithKinds(tinyShop(), { purchaseTypes: ['purchase'] });
    // scores as popularity does but, like a latent model, names no item of the user
    const model = { ...fitPopularity(interactions), name: 'als' as const, explain: () => -1 };

    it('says "bought" when the members counted bought both items', () => {
      const result = recommendForUsers({
        model,
        kinds,
        itemTitles: titles,
        segmentOfUser: Int32Array.of(0, 0, 0, 1),
        users: Int32Array.of(2),
        n: 1,
      });
      expect(result.reasons[0][0]).toMatchObject({ kind: 'segment-co-purchase', segment: 0, becauseItem: 0 });
      expect(result.reasons[0][0].text).toBe('people in your segment who bought "Blue Mug" also bought "Tea Tin"');
    });

    it('says "chose", not "bought", when the shared item was only viewed, though the shop has purchases', () => {
      // dan viewed Spoon and Kettle; bob, who bought Blue Mug, only viewed Spoon
      const result = recommendForUsers({
        model,
        kinds,
        itemTitles: titles,
        segmentOfUser: Int32Array.of(0, 0, 0, 0),
        users: Int32Array.of(3),
        n: 1,
      });
      expect(result.items[0]).toBe(0);
      expect(result.reasons[0][0].text).toBe('people in your segment who chose "Spoon" also chose "Blue Mug"');
    });

    it('says "popular in your segment" only when someone in the segment has the item', () => {
      const reasonFor = (segmentOfUser: Int32Array) =>
        recommendForUsers({ model, kinds, itemTitles: titles, segmentOfUser, users: Int32Array.of(3), n: 1 })
          .reasons[0][0];
      // dan shares no item with ann, who has Blue Mug
      expect(reasonFor(Int32Array.of(0, 1, 1, 0))).toEqual({ kind: 'popular', text: 'popular in your segment' });
      // dan alone in his segment: nobody there has Blue Mug
      expect(reasonFor(Int32Array.of(0, 0, 0, 1))).toEqual({ kind: 'popular', text: 'popular overall' });
    });
  });

  it('recommends only unseen items, padded with −1 when the catalogue runs out', () => {
    const { interactions } = buildUserItemInteractionsWithKinds(tinyShop(), { purchaseTypes: ['purchase'] });
    const result = recommendForUsers({ model: fitEase(interactions, { lambda: 1 }), itemTitles: titles, n: 3 });
    expect(Array.from(result.items.subarray(3, 6))).toEqual([3, -1, -1]);
    for (let r = 0; r < result.users.length; r++) {
      const user = result.users[r];
      const own = interactions.itemIndex.subarray(interactions.userStart[user], interactions.userStart[user + 1]);
      for (const item of result.items.subarray(r * 3, r * 3 + 3)) expect(own.includes(item)).toBe(false);
    }
  });

  it("gives every recommendation of the selected recommender a reason naming one of the user's items", () => {
    const planted = generatePlantedInteractions({ users: 300, items: 100, seed: 2 });
    const { interactions, kinds } = buildUserItemInteractionsWithKinds(planted.events, { purchaseTypes: ['purchase'] });
    const { model } = selectRecommender(interactions, { models: ['itemKnn', 'ease'] });
    const result = recommendForUsers({
      model,
      kinds,
      eventTypes: planted.events.types,
      itemTitles: planted.items.titles,
      users: Int32Array.of(0, 1, 2, 3, 4),
    });
    for (let r = 0; r < 5; r++) {
      const user = result.users[r];
      for (const reason of result.reasons[r]) {
        expect(reason.kind).toBe('similar-item');
        if (reason.kind !== 'similar-item') continue;
        const own = interactions.itemIndex.subarray(interactions.userStart[user], interactions.userStart[user + 1]);
        expect(own.includes(reason.becauseItem)).toBe(true);
        expect(reason.text).toMatch(/^similar to "Product \d+ \(group \d+\)" you (rated \d|bought|viewed)$/);
      }
    }
  });
});
