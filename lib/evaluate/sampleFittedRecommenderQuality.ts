import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { startItemModelRefit } from '@/lib/ml/recommend/refitItemModel';
import { sampleUsersWithItems, selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import { foldInRecommender } from '@/lib/ml/recommend/servedItemModel';
import { type RecommendSplitKind, splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { stratifiedUserSample } from '@/lib/training/fitSample';

export interface MeasuredRecommender {
  model: string;
  params: Record<string, number>;
  ndcg: number;
  recall: number;
  seconds: number;
}

export interface SampleFittedRecommenderQuality {
  split: { kind: RecommendSplitKind; holdoutFraction: number; seed: number; testUsers: number };
  trainingPairs: number;
  samplePairs: number;
  popularity: MeasuredRecommender;
  /** selectRecommender on every user's training items */
  fullFit: MeasuredRecommender;
  /** the sample's choice and item side, every user folded in (what sample-fitted runs served before the refit) */
  sampleItemSide: MeasuredRecommender;
  /** the sample's choice refitted on every user's items, as a sample-fitted run serves it; null for a family not refitted */
  sampleChoiceRefitted: MeasuredRecommender | null;
}

/**
 * The served recommender of a run fitted on every user and of one fitted on a stratified sample,
 * measured with one protocol: one outer split of every user's items, each run's procedure
 * repeated on the training part (for the sample, selectRecommender on the sample's rows, then
 * the refit on everyone that saveSampleFittedRun does), and all scored on the same held-out
 * items of the same users. The runs' own validation nDCG cannot compare them: each validates on
 * users of its own.
 */
export function sampleFittedRecommenderQuality(
  interactions: UserItemInteractions,
  eventCounts: ArrayLike<number>,
  options: { sampleUsers: number; seed: number; split: RecommendSplitKind; testUsers?: number },
): SampleFittedRecommenderQuality {
  const { seed, split } = options;
  const sampleUsers = stratifiedUserSample(eventCounts, options.sampleUsers, seed);
  const outer = splitUserItems(interactions, { split, seed });
  const testUsers = sampleUsersWithItems(outer.test, options.testUsers ?? 20_000, seed);
  const sampleTrain = rowsOf(outer.train, sampleUsers);
  const selectOptions = { seed: seed + 1, split };
  const measure = (model: FittedRecommender, started: number): MeasuredRecommender => {
    const metrics = evaluateOnHoldout(model, outer.test, { k: 10, users: testUsers });
    const seconds = (performance.now() - started) / 1000;
    return { model: model.name, params: model.params, ndcg: metrics.ndcg, recall: metrics.recall, seconds };
  };

  let started = performance.now();
  const popularity = measure(fitPopularity(outer.train), started);
  started = performance.now();
  const fullFit = measure(selectRecommender(outer.train, selectOptions).model, started);
  started = performance.now();
  const sampled = selectRecommender(sampleTrain, selectOptions);
  const itemModel = sampled.model.itemModel?.();
  if (!itemModel) throw new Error(`${sampled.model.name} gives no item side to fold users into`);
  const sampleItemSide = measure(foldInRecommender(itemModel, outer.train), started);
  started = performance.now();
  const refit = startItemModelRefit(itemModel);
  let sampleChoiceRefitted: MeasuredRecommender | null = null;
  if (refit) {
    refit.add(outer.train);
    sampleChoiceRefitted = measure(foldInRecommender(refit.finish(sampleTrain.itemIndex.length), outer.train), started);
  }
  return {
    split: { kind: outer.split, holdoutFraction: outer.holdoutFraction, seed, testUsers: testUsers.length },
    trainingPairs: outer.train.itemIndex.length,
    samplePairs: sampleTrain.itemIndex.length,
    popularity,
    fullFit,
    sampleItemSide,
    sampleChoiceRefitted,
  };
}

/** The rows of `users` (ascending), renumbered from 0, over the same items. */
function rowsOf(interactions: UserItemInteractions, users: Int32Array): UserItemInteractions {
  const userStart = new Int32Array(users.length + 1);
  users.forEach((u, r) => {
    userStart[r + 1] = userStart[r] + interactions.userStart[u + 1] - interactions.userStart[u];
  });
  const itemIndex = new Int32Array(userStart[users.length]);
  const lastTs = new Float64Array(userStart[users.length]);
  users.forEach((u, r) => {
    const from = interactions.userStart[u];
    const to = interactions.userStart[u + 1];
    itemIndex.set(interactions.itemIndex.subarray(from, to), userStart[r]);
    lastTs.set(interactions.lastTs.subarray(from, to), userStart[r]);
  });
  return { users: users.length, items: interactions.items, userStart, itemIndex, lastTs };
}
