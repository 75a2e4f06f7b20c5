import { describe, expect, it } from 'vitest';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';
import type { RecommenderSelection } from './selectRecommender';
import { selectRecommender } from './selectRecommender';
import { servedRecommender } from './servedRecommender';
import { buildUserItemInteractions } from './userItemInteractions';

function selection(scores: [RecommenderSelection['winner']['name'], number][]): RecommenderSelection {
  const candidates = scores.map(([name, validationNdcg]) => ({ name, params: {}, validationNdcg, fitMs: 1 }));
  const best = candidates.reduce((a, b) => (b.validationNdcg > a.validationNdcg ? b : a));
  return {
    winner: { name: best.name, params: {} },
    candidates,
    validation: { split: 'time', holdoutFraction: 0.2, seed: 0, users: 100, k: 10, selectionUsers: 100 },
  };
}

describe('servedRecommender', () => {
  it('serves popularity when the best trained recommender only ties it, and names what it replaced', () => {
    const served = servedRecommender(
      selection([
        ['popularity', 0.0361],
        ['als', 0.0347],
        ['itemKnn', 0.0361],
      ]),
    );
    expect(served.replaced).toEqual({ model: 'itemKnn', validationNdcg: 0.0361, popularityNdcg: 0.0361 });
    expect(served.note).toBe(
      'popularity served: the best trained recommender, itemKnn (validation nDCG@10 0.0361), did not beat popularity (0.0361)',
    );
  });

  it('says so when the best trained recommender was above popularity by no more than chance', () => {
    const served = servedRecommender({
      ...selection([
        ['popularity', 0.207],
        ['ease', 0.215],
      ]),
      winner: { name: 'popularity', params: {} },
    });
    expect(served.replaced).toEqual({ model: 'ease', validationNdcg: 0.215, popularityNdcg: 0.207 });
    expect(served.note).toBe(
      'popularity served: the best trained recommender, ease (validation nDCG@10 0.2150), was above popularity (0.2070) by no more than chance on 100 users',
    );
  });

  it('serves a trained recommender that beats popularity', () => {
    const served = servedRecommender(
      selection([
        ['popularity', 0.03],
        ['ease', 0.05],
      ]),
    );
    expect(served.replaced).toBeNull();
    expect(served.note).toBe('ease served; it beat popularity on validation');
  });

  it('on interactions where popularity is all there is, serves popularity though a trained model came out a hair above it', () => {
    const planted = generatePlantedInteractions({ users: 800, items: 100, popularityOnly: true, seed: 3 });
    const { selection: chosen } = selectRecommender(buildUserItemInteractions(planted.events), {
      seed: 1,
      alsSettings: [{ factors: 8 }],
    });
    const popularity = chosen.candidates.find((c) => c.name === 'popularity')?.validationNdcg as number;
    const served = servedRecommender(chosen);
    expect(chosen.winner.name).toBe('popularity');
    expect(served.replaced?.validationNdcg).toBeGreaterThan(popularity);
    expect(served.replaced?.validationNdcg).toBeLessThan(popularity * 1.01);
    expect(served.note).toMatch(
      /^popularity served: .* was above popularity \(0\.\d{4}\) by no more than chance on \d+ users$/,
    );
  });
});
