import { averageRankingScores, type RankingMetrics, scoreRanking } from '@/lib/ml/recommend/rankingMetrics';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { selectTopItems } from '@/lib/ml/recommend/selectTopItems';
import { itemUserCounts, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

export interface HoldoutRankingMetrics extends RankingMetrics {
  k: number;
  /** share of catalogue items recommended to at least one evaluated user */
  coverage: number;
  /** each evaluated user's nDCG, in the order of the users evaluated, to compare two models user by user */
  userNdcg: Float64Array;
}

export interface HoldoutOptions {
  k?: number;
  /** evaluate only these users (e.g. a seeded sample); default every user with a held-out item */
  users?: Int32Array;
}

/**
 * Ranks every catalogue item the model's training part does not already hold for each user with
 * at least one held-out item, and scores the top k against the held-out items.
 */
export function evaluateOnHoldout(
  model: FittedRecommender,
  heldOut: UserItemInteractions,
  options: HoldoutOptions = {},
): HoldoutRankingMetrics {
  const k = options.k ?? 10;
  const train = model.trainedOn;
  const popularity = Float32Array.from(itemUserCounts(train));
  const scores = new Float32Array(train.items);
  const recommendedAnywhere = new Uint8Array(train.items);
  const userScores = [];
  const users = options.users ?? Int32Array.from({ length: heldOut.users }, (_, u) => u);
  for (const user of users) {
    const from = heldOut.userStart[user];
    const to = heldOut.userStart[user + 1];
    if (from === to) continue;
    model.scoreUser(user, scores);
    const trainItems = train.itemIndex.subarray(train.userStart[user], train.userStart[user + 1]);
    const top = selectTopItems(scores, k, trainItems, popularity);
    for (const item of top) recommendedAnywhere[item] = 1;
    userScores.push(scoreRanking(top, new Set(heldOut.itemIndex.subarray(from, to)), k));
  }
  let covered = 0;
  for (const flag of recommendedAnywhere) covered += flag;
  return {
    k,
    ...averageRankingScores(userScores),
    coverage: train.items > 0 ? covered / train.items : 0,
    userNdcg: Float64Array.from(userScores, (score) => score.ndcg),
  };
}
