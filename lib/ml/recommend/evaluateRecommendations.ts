import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender, RecommenderName } from '@/lib/ml/recommend/recommender';
import {
  fitRecommender,
  type RecommenderCandidate,
  type RecommenderSelection,
  type SelectRecommenderOptions,
  sampleUsersWithItems,
  selectRecommender,
} from '@/lib/ml/recommend/selectRecommender';
import { type RecommendSplitKind, splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { significantlyAbove } from '@/lib/ml/stats/significantGain';
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
  /** users the figures are averaged over (those with a held-out item), and items in the catalogue measured */
  users: number;
  items: number;
  /** the model's parameters; with a trained run, those of the recommender the run serves */
  params: Record<string, number>;
  /** 'active run' when the model is the one the active run serves, 'selected here' when chosen on this split */
  modelSource: 'active run' | 'selected here';
  /** nDCG above popularity's on the held-out items by more than chance (a paired z test over users, significantGain) */
  beatsPopularity: boolean;
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
  let selection: RecommenderSelection | undefined;
  const evaluation = measureOnHoldout(events, options, (train) => {
    const chosen = selectRecommender(train, { ...options, k, seed: seed + 1 });
    selection = chosen.selection;
    return { model: chosen.model, params: chosen.selection.winner.params, source: 'selected here' };
  });
  return {
    recommend: evaluation.recommend,
    details: { ...evaluation.details, selection: selection as RecommenderSelection },
  };
}

/**
 * The same measurement of the recommender a trained run serves (its family and parameters),
 * refitted on the training part: train and `evaluate` then speak of the same model.
 */
export function evaluateServedRecommender(
  events: EventTable,
  served: RecommenderCandidate,
  options: EvaluateRecommendationsOptions = {},
): { recommend: RecommendContract; details: Omit<RecommendEvaluation['details'], 'selection'> } {
  return measureOnHoldout(events, options, (train) => ({
    model: fitRecommender(train, served),
    params: served.params,
    source: 'active run',
  }));
}

function measureOnHoldout(
  events: EventTable,
  options: EvaluateRecommendationsOptions,
  fitModel: (train: UserItemInteractions) => {
    model: FittedRecommender;
    params: Record<string, number>;
    source: RecommendContract['modelSource'];
  },
): { recommend: RecommendContract; details: Omit<RecommendEvaluation['details'], 'selection'> } {
  const k = options.k ?? 10;
  const seed = options.seed ?? 0;
  const interactions = buildUserItemInteractions(events);
  const outer = splitUserItems(interactions, {
    split: options.split,
    holdoutFraction: options.holdoutFraction,
    seed,
  });
  const { model, params, source } = fitModel(outer.train);
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
      users: chosen.users,
      items: interactions.items,
      params,
      modelSource: source,
      beatsPopularity: model.name !== 'popularity' && significantlyAbove(chosen.userNdcg, popularity.userNdcg),
    },
    details: {
      split: outer.split,
      holdoutFraction: outer.holdoutFraction,
      seed,
      evaluatedUsers: chosen.users,
      trainPairs: outer.train.itemIndex.length,
      testPairs: outer.test.itemIndex.length,
    },
  };
}
