import { describe, expect, it } from 'vitest';
import { evaluateRecommendations } from '@/lib/ml/recommend/evaluateRecommendations';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

const pairsOf = (part: UserItemInteractions): Set<number> => {
  const pairs = new Set<number>();
  for (let u = 0; u < part.users; u++) {
    for (let p = part.userStart[u]; p < part.userStart[u + 1]; p++) pairs.add(u * part.items + part.itemIndex[p]);
  }
  return pairs;
};

describe('evaluateRecommendations', () => {
  it('reports the contract block with a learned model far ahead of popularity on planted co-purchases', () => {
    const planted = generatePlantedInteractions({ users: 700, items: 300, seed: 21 });
    const { recommend, details } = evaluateRecommendations(planted.events, {
      seed: 4,
      alsSettings: [{ factors: 16 }],
    });
    expect(Object.keys(recommend).sort()).toEqual(
      [
        'baselines',
        'coverage',
        'hitRate',
        'k',
        'model',
        'ndcg',
        'precision',
        'recall',
        // added with issue 14: what was measured and whether it beats the baseline
        'users',
        'items',
        'params',
        'modelSource',
        'beatsPopularity',
      ].sort(),
    );
    expect(recommend.items).toBe(300);
    expect(recommend.users).toBe(details.evaluatedUsers);
    expect(recommend.modelSource).toBe('selected here');
    expect(recommend.beatsPopularity).toBe(true);
    expect(Object.keys(recommend.baselines.popularity).sort()).toEqual(['ndcg', 'precision', 'recall']);
    expect(recommend.k).toBe(10);
    expect(['itemKnn', 'ease', 'als']).toContain(recommend.model);
    expect(recommend.ndcg).toBeGreaterThan(2.5 * recommend.baselines.popularity.ndcg);
    expect(recommend.recall).toBeGreaterThan(2 * recommend.baselines.popularity.recall);
    expect(recommend.hitRate).toBeGreaterThan(0.7);
    expect(recommend.coverage).toBeGreaterThan(0.5);
    expect(details.split).toBe('time');
    const names = new Set(details.selection.candidates.map((candidate) => candidate.name));
    expect(names).toEqual(new Set(['popularity', 'itemKnn', 'ease', 'als']));
    const best = Math.max(...details.selection.candidates.map((candidate) => candidate.validationNdcg));
    expect(details.selection.candidates.find((c) => c.validationNdcg === best)?.name).toBe(recommend.model);
  });

  it('keeps popularity when popularity is all there is', () => {
    const planted = generatePlantedInteractions({ users: 1500, items: 120, popularityOnly: true, seed: 8 });
    const { recommend, details } = evaluateRecommendations(planted.events, {
      seed: 2,
      split: 'random',
      alsSettings: [{ factors: 16 }],
    });
    const popularity = details.selection.candidates.find((candidate) => candidate.name === 'popularity');
    const best = Math.max(...details.selection.candidates.map((candidate) => candidate.validationNdcg));
    expect(popularity?.validationNdcg).toBeGreaterThan(0.97 * best);
    expect(recommend.ndcg).toBeGreaterThan(0.95 * recommend.baselines.popularity.ndcg);
    expect(details.holdoutFraction).toBe(0.25);
  });

  it('never lets a fitted model see a held-out pair, the selection fits included', () => {
    const planted = generatePlantedInteractions({ users: 300, items: 80, seed: 5 });
    const fitted: FittedRecommender[] = [];
    const { details } = evaluateRecommendations(planted.events, {
      seed: 9,
      split: 'random',
      alsSettings: [{ factors: 8, iterations: 3 }],
      onFit: (model) => fitted.push(model),
    });
    const outer = splitUserItems(buildUserItemInteractions(planted.events), { split: 'random', seed: 9 });
    const testPairs = pairsOf(outer.test);
    expect(testPairs.size).toBe(details.testPairs);
    expect(fitted.length).toBe(details.selection.candidates.length + 1);
    for (const model of fitted) {
      for (const pair of pairsOf(model.trainedOn)) expect(testPairs.has(pair)).toBe(false);
    }
    const finalModel = fitted[fitted.length - 1];
    expect(pairsOf(finalModel.trainedOn)).toEqual(pairsOf(outer.train));
    // the selection fits saw strictly less than the training part: their own validation items were hidden too
    expect(pairsOf(fitted[0].trainedOn).size).toBeLessThan(outer.train.itemIndex.length);
  });
});
