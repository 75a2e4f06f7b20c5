/** Binary-relevance ranking quality of one user's top-k list against their held-out items. */
export interface UserRankingScore {
  ndcg: number;
  precision: number;
  recall: number;
  hit: boolean;
}

/**
 * nDCG@k (gains 1/log2(rank + 1), ideal DCG over min(|relevant|, k) hits), precision@k
 * (hits / k, also when fewer than k items were recommended), recall@k (hits / |relevant|) and
 * whether anything was hit. `relevant` must be non-empty.
 */
export function scoreRanking(
  recommended: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
): UserRankingScore {
  let dcg = 0;
  let hits = 0;
  const length = Math.min(k, recommended.length);
  for (let rank = 0; rank < length; rank++) {
    if (relevant.has(recommended[rank])) {
      dcg += 1 / Math.log2(rank + 2);
      hits++;
    }
  }
  let idealDcg = 0;
  const idealHits = Math.min(relevant.size, k);
  for (let rank = 0; rank < idealHits; rank++) idealDcg += 1 / Math.log2(rank + 2);
  return {
    ndcg: dcg / idealDcg,
    precision: hits / k,
    recall: hits / relevant.size,
    hit: hits > 0,
  };
}

export interface RankingMetrics {
  ndcg: number;
  precision: number;
  recall: number;
  hitRate: number;
  /** users averaged over (those with at least one relevant item) */
  users: number;
}

/** Plain means over users; NaN metrics when there are no users. */
export function averageRankingScores(scores: UserRankingScore[]): RankingMetrics {
  const users = scores.length;
  let ndcg = 0;
  let precision = 0;
  let recall = 0;
  let hits = 0;
  for (const score of scores) {
    ndcg += score.ndcg;
    precision += score.precision;
    recall += score.recall;
    if (score.hit) hits++;
  }
  return { ndcg: ndcg / users, precision: precision / users, recall: recall / users, hitRate: hits / users, users };
}
