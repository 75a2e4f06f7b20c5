import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

export const recommenderNames = ['popularity', 'itemKnn', 'ease', 'als'] as const;
export type RecommenderName = (typeof recommenderNames)[number];

/** A recommendation model fitted on one set of interactions; it scores the users of that set. */
export interface FittedRecommender {
  readonly name: RecommenderName;
  /** the hyper-parameters it was fitted with */
  readonly params: Record<string, number>;
  /** the interactions it saw; a user's scores derive from that user's items here */
  readonly trainedOn: UserItemInteractions;
  /** writes a score for every catalogue item into `scores` (length = items); higher is better */
  scoreUser(user: number, scores: Float32Array): void;
  /** the user's training item that contributes most to `item`'s score, or -1 when none does */
  explain(user: number, item: number): number;
  /** its item side, to score users it was not fitted on from their items (foldInRecommender) */
  itemModel?(): ServedItemModel;
}
