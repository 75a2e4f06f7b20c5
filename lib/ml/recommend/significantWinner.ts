import type { CandidateScore, RecommenderCandidate } from '@/lib/ml/recommend/selectRecommender';
import { significantlyAbove } from '@/lib/ml/stats/significantGain';

/**
 * The candidate with the best validation nDCG, unless that is a trained recommender whose gain
 * over popularity, user by user, is within chance (significantGain): then popularity, which
 * needs no training and whose lists anyone can explain.
 */
export function significantWinner(
  scores: CandidateScore[],
  userNdcg: ReadonlyMap<CandidateScore, Float64Array>,
): RecommenderCandidate {
  const best = scores.reduce((a, b) => (b.validationNdcg > a.validationNdcg ? b : a));
  const popularity = scores.find((candidate) => candidate.name === 'popularity');
  if (best.name === 'popularity' || !popularity) return { name: best.name, params: best.params };
  return significantlyAbove(userNdcg.get(best) as Float64Array, userNdcg.get(popularity) as Float64Array)
    ? { name: best.name, params: best.params }
    : { name: 'popularity', params: {} };
}
