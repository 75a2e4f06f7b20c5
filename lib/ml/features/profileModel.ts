import type { BehaviourEmbeddingModel } from '@/lib/ml/embed/behaviourEmbedding';
import type { PcaMapModel } from '@/lib/ml/map/projectMap';
import { float32ArraysFromJson, float32ArraysToJson } from '@/lib/ml/runtime/float32Json';
import type { TextVectorModel } from '@/lib/ml/text/textFeatures';
import type { BehaviourFeatureModel } from './behaviourFeatures';
import type { BlockLayout } from './profileVector';

/**
 * Everything a run fitted on its population to turn events into profile vectors and map
 * positions. Stored with the run (run_artifacts "profileModel") so users with new events can be
 * profiled and assigned to the run's segments without a retrain, on exactly the run's scale.
 */
export interface ProfileModel {
  version: 1;
  /** epoch ms the run's data ran up to */
  asOf: number;
  behaviour: BehaviourFeatureModel;
  embedding: BehaviourEmbeddingModel;
  /** null when the run's profiles have no text block */
  text: TextVectorModel | null;
  layout: BlockLayout[];
  centres: Float32Array[];
  map: { method: 'pca'; pca: PcaMapModel } | { method: 'umap' };
}

export const profileModelArtifact = 'profileModel';

/** JSON for a profile model, typed arrays as base64 of their little-endian bytes (compact, exact). */
export function profileModelToJson(model: ProfileModel): unknown {
  return float32ArraysToJson(model);
}

export function profileModelFromJson(json: unknown): ProfileModel {
  const revived = float32ArraysFromJson<ProfileModel>(json);
  if (revived?.version !== 1) throw new Error('the stored profile model has an unknown version');
  return revived;
}
