import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { itemUserCounts, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

/** The baseline every model must beat: items ranked by how many users interacted with them. */
export function fitPopularity(train: UserItemInteractions): FittedRecommender {
  const popularity = Float32Array.from(itemUserCounts(train));
  return {
    name: 'popularity',
    params: {},
    trainedOn: train,
    scoreUser(_user, scores) {
      scores.set(popularity);
    },
    explain() {
      return -1;
    },
    itemModel: () => ({ name: 'popularity', items: train.items, params: {}, popularity }),
  };
}
