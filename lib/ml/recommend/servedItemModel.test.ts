import { beforeAll, describe, expect, it } from 'vitest';
import { fitImplicitAls } from '@/lib/ml/recommend/alsRecommender';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitItemKnn } from '@/lib/ml/recommend/itemKnnRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import {
  foldInRecommender,
  type ServedItemModel,
  servedItemModelFromJson,
  servedItemModelToJson,
} from '@/lib/ml/recommend/servedItemModel';
import { splitUserItems, type UserItemSplit } from '@/lib/ml/recommend/splitUserItems';
import {
  buildUserItemInteractions,
  interactionsFromLists,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

/** Users 10..39 of `from` as a set of their own, as a profile update sees them. */
function someUsers(from: UserItemInteractions): UserItemInteractions {
  const lists = Array.from({ length: 30 }, (_, r) =>
    Array.from(from.itemIndex.subarray(from.userStart[10 + r], from.userStart[11 + r])),
  );
  return interactionsFromLists(lists, from.items);
}

function scoresOf(model: FittedRecommender, user: number, items: number): Float32Array {
  const scores = new Float32Array(items);
  model.scoreUser(user, scores);
  return scores;
}

function roundTrip(model: ServedItemModel): ServedItemModel {
  return servedItemModelFromJson(JSON.parse(JSON.stringify(servedItemModelToJson(model))));
}

describe('serving a fitted recommender to users it was not fitted on', () => {
  let split: UserItemSplit;
  beforeAll(() => {
    const planted = generatePlantedInteractions({ users: 600, items: 200, seed: 5 });
    split = splitUserItems(buildUserItemInteractions(planted.events), { split: 'time' });
  });

  for (const [name, fitModel] of [
    ['popularity', fitPopularity],
    ['item-kNN', (train: UserItemInteractions) => fitItemKnn(train, { neighbours: 30 })],
    ['EASE', (train: UserItemInteractions) => fitEase(train, { lambda: 40 })],
    [
      'EASE on its 120 most popular items',
      (train: UserItemInteractions) => fitEase(train, { lambda: 40, maxItems: 120 }),
    ],
  ] as const) {
    it(`${name}: scores a user from their items alone exactly as the fitted model does, after storing`, () => {
      const fitted = fitModel(split.train);
      const served = foldInRecommender(roundTrip(fitted.itemModel?.() as ServedItemModel), someUsers(split.train));
      for (let r = 0; r < 30; r++) {
        const expected = scoresOf(fitted, 10 + r, split.train.items);
        const actual = scoresOf(served, r, split.train.items);
        for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 4);
        for (const item of [0, 5, 50]) expect(served.explain(r, item)).toBe(fitted.explain(10 + r, item));
      }
    });
  }

  it('ALS solves a user factor from the fixed item factors that ranks held-out items as well as the fitted one', () => {
    const fitted = fitImplicitAls(split.train, { factors: 16, seed: 3 });
    const served = foldInRecommender(roundTrip(fitted.itemModel?.() as ServedItemModel), split.train);
    const fittedNdcg = evaluateOnHoldout(fitted, split.test).ndcg;
    const servedNdcg = evaluateOnHoldout(served, split.test).ndcg;
    expect(servedNdcg).toBeGreaterThan(0.9 * fittedNdcg);
    const popularityNdcg = evaluateOnHoldout(fitPopularity(split.train), split.test).ndcg;
    expect(servedNdcg).toBeGreaterThan(2 * popularityNdcg);
  });

  it('never ranks an item new since training above a known one', () => {
    const fitted = fitEase(split.train, { lambda: 40 });
    const users = interactionsFromLists([[0, 1, split.train.items]], split.train.items + 1);
    const served = foldInRecommender(fitted.itemModel?.() as ServedItemModel, users);
    const scores = scoresOf(served, 0, split.train.items + 1);
    expect(Math.max(...scores.subarray(0, split.train.items))).toBeGreaterThan(scores[split.train.items]);
  });

  it("EASE: the served scores are float32 sums of the user's weight rows in their item order, to the bit", () => {
    const fitted = fitEase(split.train, { lambda: 40, maxItems: 120 });
    const model = fitted.itemModel?.() as Extract<ServedItemModel, { name: 'ease' }>;
    const n = model.modelled.length;
    const localOf = new Map(Array.from(model.modelled, (item, local) => [item, local]));
    const lists = [
      ...Array.from({ length: 30 }, (_, r) =>
        Array.from(split.train.itemIndex.subarray(split.train.userStart[10 + r], split.train.userStart[11 + r])),
      ),
      Array.from({ length: split.train.items }, (_, q) => (q * 7) % split.train.items),
    ];
    const users = interactionsFromLists(lists, split.train.items);
    const served = foldInRecommender(model, users);
    lists.forEach((_, user) => {
      const expected = new Float32Array(n);
      for (const item of users.itemIndex.subarray(users.userStart[user], users.userStart[user + 1])) {
        const source = localOf.get(item);
        if (source === undefined) continue;
        for (let j = 0; j < n; j++) expected[j] = Math.fround(expected[j] + model.weights[source * n + j]);
      }
      const scores = scoresOf(served, user, split.train.items);
      expect(Array.from(model.modelled, (item) => scores[item])).toEqual(Array.from(expected));
    });
  });
});
