import { describe, expect, it } from 'vitest';
import { evaluateServedRecommender } from '@/lib/ml/recommend/evaluateRecommendations';
import { selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import type { RecommendSplitKind } from '@/lib/ml/recommend/splitUserItems';
import { tunedEaseAnchor } from '@/lib/ml/recommend/tunedEaseAnchor';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

describe('the served recommender against EASE with λ tuned on validation', () => {
  const planted = generatePlantedInteractions({ users: 900, items: 250, noise: 0.4, seed: 17 });
  const interactions = buildUserItemInteractions(planted.events);

  it.each(['time', 'random'] as RecommendSplitKind[])(
    'validated on the %s split it is measured on, at least matches the anchor there',
    (split) => {
      // as a run chooses (all interactions, the dataset's recommendSplit) and `evaluate` measures it
      const { selection } = selectRecommender(interactions, { split, seed: 3, alsSettings: [{ factors: 16 }] });
      const served = evaluateServedRecommender(planted.events, selection.winner, { split, seed: 1 }).recommend;
      const anchor = tunedEaseAnchor(interactions, { split, seed: 1 });
      expect(anchor.ndcg).toBeGreaterThan(1.5 * served.baselines.popularity.ndcg);
      expect(served.ndcg).toBeGreaterThanOrEqual(anchor.ndcg - 0.002);
    },
  );
});
