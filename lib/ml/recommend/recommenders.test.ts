import { beforeAll, describe, expect, it } from 'vitest';
import { fitImplicitAls } from '@/lib/ml/recommend/alsRecommender';
import { easeItems, fitEase } from '@/lib/ml/recommend/easeRecommender';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitItemKnn } from '@/lib/ml/recommend/itemKnnRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import { selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import { selectTopItems } from '@/lib/ml/recommend/selectTopItems';
import { splitUserItems, type UserItemSplit } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions, type PlantedInteractions } from '@/test/fixtures/plantedInteractions';

describe('recommenders on a shop with planted co-purchase groups', () => {
  let split: UserItemSplit;
  let popularityNdcg: number;
  let planted: PlantedInteractions;

  beforeAll(() => {
    planted = generatePlantedInteractions({ users: 800, items: 300, seed: 11 });
    split = splitUserItems(buildUserItemInteractions(planted.events), { split: 'time' });
    popularityNdcg = evaluateOnHoldout(fitPopularity(split.train), split.test).ndcg;
  });

  it('item-kNN at least triples the nDCG@10 of popularity', () => {
    const ndcg = evaluateOnHoldout(fitItemKnn(split.train, { neighbours: 50 }), split.test).ndcg;
    expect(ndcg).toBeGreaterThan(3 * popularityNdcg);
    expect(ndcg).toBeGreaterThan(0.3);
  });

  it('EASE at least triples the nDCG@10 of popularity', () => {
    const ndcg = evaluateOnHoldout(fitEase(split.train, { lambda: 50 }), split.test).ndcg;
    expect(ndcg).toBeGreaterThan(3 * popularityNdcg);
    expect(ndcg).toBeGreaterThan(0.3);
  });

  it('implicit ALS at least triples the nDCG@10 of popularity, identically for the same seed', () => {
    const model = fitImplicitAls(split.train, { factors: 24, seed: 2 });
    const ndcg = evaluateOnHoldout(model, split.test).ndcg;
    expect(ndcg).toBeGreaterThan(3 * popularityNdcg);
    expect(ndcg).toBeGreaterThan(0.3);
    const again = evaluateOnHoldout(fitImplicitAls(split.train, { factors: 24, seed: 2 }), split.test).ndcg;
    expect(again).toBe(ndcg);
  });

  it("explains ALS scores by one of the user's own items, almost always from the recommended item's group", () => {
    const model = fitImplicitAls(split.train, { factors: 24, seed: 2 });
    const scores = new Float32Array(split.train.items);
    let explained = 0;
    let sameGroup = 0;
    for (let user = 0; user < 100; user++) {
      model.scoreUser(user, scores);
      const own = split.train.itemIndex.subarray(split.train.userStart[user], split.train.userStart[user + 1]);
      for (const item of selectTopItems(scores, 3, own)) {
        const because = model.explain(user, item);
        expect(because === -1 || own.includes(because)).toBe(true);
        if (because < 0) continue;
        explained++;
        if (planted.itemGroup[because] === planted.itemGroup[item]) sameGroup++;
      }
    }
    expect(explained).toBeGreaterThan(280);
    expect(sameGroup / explained).toBeGreaterThan(0.9);
  });

  it('EASE on the 200 most popular of 300 items still at least triples popularity, ranking unmodelled items last', () => {
    const model = fitEase(split.train, { lambda: 50, maxItems: 200 });
    expect(model.params).toEqual({ lambda: 50, items: 200 });
    const ndcg = evaluateOnHoldout(model, split.test).ndcg;
    expect(ndcg).toBeGreaterThan(3 * popularityNdcg);
    const modelled = new Set(easeItems(split.train, 200));
    const scores = new Float32Array(split.train.items);
    for (let user = 0; user < 50; user++) {
      model.scoreUser(user, scores);
      const own = split.train.itemIndex.subarray(split.train.userStart[user], split.train.userStart[user + 1]);
      const unseenModelled = [...modelled].filter((item) => !own.includes(item)).length;
      const top = selectTopItems(scores, unseenModelled + 5, own);
      top.forEach((item, rank) => {
        expect(modelled.has(item)).toBe(rank < unseenModelled);
      });
      for (const item of top.subarray(0, 10)) {
        const because = model.explain(user, item);
        expect(because === -1 || (own.includes(because) && modelled.has(because))).toBe(true);
      }
    }
  });

  it('offers EASE on the catalogue head when the catalogue is over the modelled limit, chosen by validation nDCG@10', () => {
    const { selection } = selectRecommender(split.train, {
      easeModelledItems: 150,
      easeLambdaSearchItems: 100,
      models: ['popularity', 'ease'],
    });
    const ease = selection.candidates.filter((candidate) => candidate.name === 'ease');
    expect(ease).toHaveLength(1);
    expect(ease[0].params.items).toBe(150);
    expect(selection.winner.params.items).toBe(150);
    expect(selection.winner.name).toBe('ease');
    const popularity = selection.candidates.find((candidate) => candidate.name === 'popularity');
    expect(ease[0].validationNdcg).toBeGreaterThan(2 * (popularity?.validationNdcg ?? 1));
  });

  it('past maxSelectionUsers chooses on a sample of users, λ stated for all of them, and refits the winner on all', () => {
    const full = selectRecommender(split.train, { models: ['popularity', 'ease'], seed: 4 });
    const fitted: number[] = [];
    const sampled = selectRecommender(split.train, {
      models: ['popularity', 'ease'],
      seed: 4,
      maxSelectionUsers: 400,
      onFit: (model) => fitted.push(model.trainedOn.users),
    });
    expect(sampled.selection.validation.selectionUsers).toBe(400);
    expect(full.selection.validation.selectionUsers).toBe(800);
    // the same grid (λ for all users), each candidate fitted on the sample's training part
    expect(sampled.selection.candidates.map((c) => c.params)).toEqual(full.selection.candidates.map((c) => c.params));
    expect(fitted.slice(0, -1).every((users) => users === 400)).toBe(true);
    expect(fitted.at(-1)).toBe(800);
    expect(sampled.model.trainedOn).toBe(split.train);
    expect(sampled.model.params).toEqual(sampled.selection.winner.params);
    expect(sampled.selection.winner.name).toBe('ease');
  });

  it("searches EASE's λ past its first grid on validation nDCG and serves the λ validation chose", () => {
    const meanCount = split.train.itemIndex.length / split.train.items;
    const first = [0.2, 1, 5].map((scale) => Math.max(1, Math.round(scale * meanCount)));
    const { selection, model } = selectRecommender(split.train, { models: ['popularity', 'ease'], seed: 3 });
    const ease = selection.candidates.filter((candidate) => candidate.name === 'ease');
    const lambdas = ease.map((candidate) => candidate.params.lambda);
    expect(lambdas.slice(0, 3)).toEqual(first);
    expect(ease.length).toBeGreaterThan(3);
    const best = ease.reduce((a, b) => (b.validationNdcg > a.validationNdcg ? b : a));
    expect(selection.winner).toEqual({ name: 'ease', params: best.params });
    expect(model.params).toEqual(best.params);
    // the best λ has a tried λ on either side of it, unless two steps outwards already ran
    const outwards = lambdas.filter((lambda) => lambda > Math.max(...first) || lambda < Math.min(...first)).length;
    if (outwards < 2) {
      expect(lambdas.some((lambda) => lambda > best.params.lambda)).toBe(true);
      expect(lambdas.some((lambda) => lambda < best.params.lambda) || best.params.lambda === 1).toBe(true);
    }
    // no λ is tried twice
    expect(new Set(lambdas).size).toBe(lambdas.length);
  });

  it('keeps the λ grid it is given, without searching', () => {
    const { selection } = selectRecommender(split.train, { models: ['ease'], easeLambdas: [10, 40] });
    expect(selection.candidates.map((candidate) => candidate.params.lambda)).toEqual([10, 40]);
  });

  it('never recommends an item the user already has in the training part', () => {
    const model = fitEase(split.train, { lambda: 50 });
    const scores = new Float32Array(split.train.items);
    for (let user = 0; user < 50; user++) {
      model.scoreUser(user, scores);
      const own = split.train.itemIndex.subarray(split.train.userStart[user], split.train.userStart[user + 1]);
      const top = selectTopItems(scores, 10, own);
      for (const item of top) expect(own.includes(item)).toBe(false);
    }
  });
});

describe('popularity', () => {
  it('ranks unseen items in the planted popularity order when nothing else explains the data', () => {
    const planted = generatePlantedInteractions({ users: 3000, items: 60, popularityOnly: true, seed: 3 });
    const interactions = buildUserItemInteractions(planted.events);
    const model = fitPopularity(interactions);
    const scores = new Float32Array(interactions.items);
    model.scoreUser(0, scores);
    const top = selectTopItems(scores, 5, []);
    expect(Array.from(top)).toEqual(Array.from(planted.popularityOrder.subarray(0, 5)));
  });
});

describe('selectTopItems', () => {
  it('orders by score, then by the tie-break, then by index', () => {
    const scores = Float32Array.from([1, 3, 3, 0, 3]);
    const tieBreak = Float32Array.from([0, 1, 5, 0, 1]);
    expect(Array.from(selectTopItems(scores, 4, [0], tieBreak))).toEqual([2, 1, 4, 3]);
  });
});
