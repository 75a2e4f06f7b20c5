import { describe, expect, it } from 'vitest';
import type { CandidateScore } from './selectRecommender';
import { significantWinner } from './significantWinner';

function scored(name: CandidateScore['name'], userNdcg: number[]): [CandidateScore, Float64Array] {
  const ndcg = Float64Array.from(userNdcg);
  return [{ name, params: {}, validationNdcg: ndcg.reduce((a, b) => a + b, 0) / ndcg.length, fitMs: 1 }, ndcg];
}

function winner(...candidates: [CandidateScore, Float64Array][]) {
  return significantWinner(
    candidates.map(([score]) => score),
    new Map(candidates),
  ).name;
}

describe('significantWinner', () => {
  it('serves a trained recommender whose gain over popularity holds user after user', () => {
    const popularity = scored('popularity', [0.1, 0.2, 0, 0.3, 0.1, 0, 0.2, 0.1]);
    const ease = scored('ease', [0.3, 0.4, 0.2, 0.4, 0.3, 0.3, 0.3, 0.2]);
    expect(winner(popularity, ease)).toBe('ease');
  });

  it('serves popularity when the best mean comes from a few users, within chance', () => {
    // 0.215 against 0.207 on the validation users: one user's hit makes the difference
    const popularity = scored('popularity', [0.3, 0, 0.5, 0.2, 0, 0.4, 0.1, 0.156]);
    const als = scored('als', [0, 0.3, 0.5, 0, 0.4, 0.1, 0.2, 0.22]);
    expect(als[0].validationNdcg).toBeGreaterThan(popularity[0].validationNdcg);
    expect(winner(popularity, als)).toBe('popularity');
  });

  it('keeps the best candidate when popularity is not among them', () => {
    expect(winner(scored('itemKnn', [0.1, 0.2]), scored('ease', [0.2, 0.2]))).toBe('ease');
  });
});
