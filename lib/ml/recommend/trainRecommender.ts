import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import {
  type RecommenderSelection,
  type SelectRecommenderOptions,
  selectRecommender,
} from '@/lib/ml/recommend/selectRecommender';
import {
  buildUserItemInteractionsWithKinds,
  type InteractionKinds,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable, PipelineSettings } from '@/lib/ml/types';

export interface TrainedRecommender {
  model: FittedRecommender;
  selection: RecommenderSelection;
  interactions: UserItemInteractions;
  kinds: InteractionKinds;
}

/**
 * The production model: chosen on an inner split of all interactions, then refitted on all of
 * them, with the pair kinds (bought, rated) that recommendForUsers words its reasons with.
 */
export function trainRecommender(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes'>,
  options: SelectRecommenderOptions & { ratingTypes?: string[] } = {},
): TrainedRecommender {
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, {
    purchaseTypes: settings.purchaseTypes,
    ratingTypes: options.ratingTypes,
  });
  const { model, selection } = selectRecommender(interactions, options);
  return { model, selection, interactions, kinds };
}
