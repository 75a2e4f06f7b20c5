import {
  type ServedItemModel,
  servedItemModelFromJson,
  servedItemModelToJson,
} from '@/lib/ml/recommend/servedItemModel';
import type { EventWork } from '@/lib/training/predictionStage';

/** run_artifacts name of the served recommender's item side. */
export const recommenderArtifact = 'recommenderModel';

export interface StoredRecommenderModel {
  /** the run's item ids, in the model's item order */
  itemIds: string[];
  model: ServedItemModel;
}

/**
 * The run's served recommender, item side only, for recommendations that follow new events
 * (nothing when the dataset names no items or the model cannot give its item side).
 */
export async function recommenderArtifacts(
  eventWork: EventWork | null,
  itemIds: string[],
): Promise<{ name: string; content: object }[]> {
  const recommended = await eventWork?.recommending?.result.catch(() => null);
  if (!recommended?.itemModel) return [];
  return [{ name: recommenderArtifact, content: { itemIds, model: servedItemModelToJson(recommended.itemModel) } }];
}

export function storedRecommenderFromJson(content: unknown): StoredRecommenderModel {
  const { itemIds, model } = content as { itemIds: string[]; model: unknown };
  return { itemIds, model: servedItemModelFromJson(model) };
}
