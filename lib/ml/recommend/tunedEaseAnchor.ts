import { easeItems, fitEase, itemGramMatrix } from '@/lib/ml/recommend/easeRecommender';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { sampleUsersWithItems } from '@/lib/ml/recommend/selectRecommender';
import { defaultHoldoutFraction, type RecommendSplitKind, splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

/** EASE λ tried by the anchor, as multiples of the mean number of users per item */
export const anchorLambdaScales = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50];

export interface TunedEaseAnchor {
  lambda: number;
  ndcg: number;
  recall: number;
  /** validation nDCG@k per λ tried */
  validation: { lambda: number; ndcg: number }[];
}

/**
 * The strongest simple baseline the served recommender is held to: EASE fitted on the outer
 * training part of `split` (as `portrait evaluate` draws it), its λ chosen from a wide grid on an
 * inner split of that part drawn the same way, scored on the outer hold-out.
 */
export function tunedEaseAnchor(
  interactions: UserItemInteractions,
  options: { split: RecommendSplitKind; seed: number; k?: number },
): TunedEaseAnchor {
  const { split, seed } = options;
  const k = options.k ?? 10;
  const holdoutFraction = defaultHoldoutFraction[split];
  const outer = splitUserItems(interactions, { split, holdoutFraction, seed });
  const inner = splitUserItems(outer.train, { split, holdoutFraction, seed: seed + 1 });
  const validationUsers = sampleUsersWithItems(inner.test, 3000, seed + 1);
  const modelled = Math.min(interactions.items, 3000);
  const maxItems = modelled < interactions.items ? modelled : undefined;
  const gram = itemGramMatrix(inner.train, easeItems(inner.train, maxItems));
  const meanCount = inner.train.itemIndex.length / Math.max(1, interactions.items);
  const validation: { lambda: number; ndcg: number }[] = [];
  for (const scale of anchorLambdaScales) {
    const lambda = Math.max(1, Math.round(scale * meanCount));
    const model = fitEase(inner.train, { lambda, maxItems, gram });
    validation.push({ lambda, ndcg: evaluateOnHoldout(model, inner.test, { k, users: validationUsers }).ndcg });
  }
  const best = validation.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  // λ is weighed against XᵀX, which grows with the pairs: restated for the (larger) outer training part
  const lambda = Math.round(best.lambda * (outer.train.itemIndex.length / inner.train.itemIndex.length));
  const model = fitEase(outer.train, { lambda, maxItems });
  const users = sampleUsersWithItems(outer.test, 20000, seed);
  const metrics = evaluateOnHoldout(model, outer.test, { k, users });
  return { lambda, ndcg: metrics.ndcg, recall: metrics.recall, validation };
}
