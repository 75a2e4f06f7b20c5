import { describe, expect, it } from 'vitest';
import { averageRankingScores, scoreRanking } from '@/lib/ml/recommend/rankingMetrics';

describe('scoreRanking', () => {
  it('gives nDCG 1/(1 + 1/log2 3) when the first of two relevant items is hit at rank 1', () => {
    const score = scoreRanking([7, 3, 4], new Set([7, 9]), 3);
    expect(score.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(score.precision).toBeCloseTo(1 / 3, 12);
    expect(score.recall).toBe(0.5);
    expect(score.hit).toBe(true);
  });

  it('discounts a hit at rank 2 by 1/log2 3 against the same ideal', () => {
    const score = scoreRanking([3, 9, 4], new Set([7, 9]), 3);
    expect(score.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
  });

  it('caps the ideal DCG at k hits when there are more relevant items than k', () => {
    const score = scoreRanking([1, 2], new Set([1, 2, 3, 4, 5]), 2);
    expect(score.ndcg).toBe(1);
    expect(score.recall).toBeCloseTo(0.4, 12);
    expect(score.precision).toBe(1);
  });

  it('counts precision over k even when fewer than k items were recommended', () => {
    const score = scoreRanking([5], new Set([5]), 10);
    expect(score.precision).toBeCloseTo(0.1, 12);
    expect(score.ndcg).toBe(1);
  });

  it('scores a miss as zero on every metric', () => {
    expect(scoreRanking([1, 2, 3], new Set([9]), 3)).toEqual({ ndcg: 0, precision: 0, recall: 0, hit: false });
  });
});

describe('averageRankingScores', () => {
  it('averages per user and reports the share of users with a hit', () => {
    const average = averageRankingScores([scoreRanking([1], new Set([1]), 1), scoreRanking([2], new Set([3]), 1)]);
    expect(average).toEqual({ ndcg: 0.5, precision: 0.5, recall: 0.5, hitRate: 0.5, users: 2 });
  });
});
