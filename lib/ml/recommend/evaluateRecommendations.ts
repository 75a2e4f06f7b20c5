import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { RecommenderName } from '@/lib/ml/recommend/recommender';
import {
  type RecommenderSelection,
  type SelectRecommenderOptions,
  sampleUsersWithItems,
  selectRecommender,
} from '@/lib/ml/recommend/selectRecommender';
import { type RecommendSplitKind, splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable } from '@/lib/ml/types';

/** The `recommend` block of `portrait evaluate --json`; the names are a published contract. */
export interface RecommendContract {
  k: number;
  model: RecommenderName;
  ndcg: number;
  precision: number;
  recall: number;
  hitRate: number;
  coverage: number;
  baselines: { popularity: { ndcg: number; precision: number; recall: number } };
}

export interface RecommendEvaluation {
  recommend: RecommendContract;
  /** how the numbers were made, for reports and logs */
  details: {
    split: RecommendSplitKind;
    holdoutFraction: number;
    seed: number;
    /** users averaged over: those with at least one held-out item (a seeded sample when capped) */
    evaluatedUsers: number;
    trainPairs: number;
    testPairs: number;
    selection: RecommenderSelection;
  };
}

export interface EvaluateRecommendationsOptions extends SelectRecommenderOptions {
  /** test users are a seeded sample of at most this many (default 20000) */
  maxEvaluationUsers?: number;
}

/**
 * Offline evaluation of the recommender: every event naming an item is a positive; each user's
 * distinct items are split (by default the latest 20% by last interaction are held out); the
 * model family is chosen on an inner split of the training part only; the winner, refitted on
 * the training part, and the popularity baseline are scored on the held-out part.
 */
export function evaluateRecommendations(
  events: EventTable,
  options: EvaluateRecommendationsOptions = {},
): RecommendEvaluation {
  const k = options.k ?? 10;
  const seed = options.seed ?? 0;
  const interactions = buildUserItemInteractions(events);
  const outer = splitUserItems(interactions, {
    split: options.split,
    holdoutFraction: options.holdoutFraction,
    seed,
  });
  const { model, selection } = selectRecommender(outer.train, { ...options, k, seed: seed + 1 });
  const users = sampleUsersWithItems(outer.test, options.maxEvaluationUsers ?? 20000, seed);
  const chosen = evaluateOnHoldout(model, outer.test, { k, users });
  const popularity =
    model.name === 'popularity' ? chosen : evaluateOnHoldout(fitPopularity(outer.train), outer.test, { k, users });
  return {
    recommend: {
      k,
      model: model.name,
      ndcg: chosen.ndcg,
      precision: chosen.precision,
      recall: chosen.recall,
      hitRate: chosen.hitRate,
      coverage: chosen.coverage,
      baselines: {
        popularity: { ndcg: popularity.ndcg, precision: popularity.precision, recall: popularity.recall },
      },
    },
    details: {
      split: outer.split,
      holdoutFraction: outer.holdoutFraction,
      seed,
      evaluatedUsers: chosen.users,
      trainPairs: outer.train.itemIndex.length,
      testPairs: outer.test.itemIndex.length,
      selection,
    },
  };
}
