import type { BehaviourEmbeddingModel } from '@/lib/ml/embed/behaviourEmbedding';
import type { PcaMapModel } from '@/lib/ml/map/projectMap';
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

const floatTag = '$float32';

/** JSON for a profile model, typed arrays as base64 of their little-endian bytes (compact, exact). */
export function profileModelToJson(model: ProfileModel): unknown {
  return JSON.parse(
    JSON.stringify(model, (_key, value) =>
      value instanceof Float32Array
        ? { [floatTag]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
        : value,
    ),
  );
}

export function profileModelFromJson(json: unknown): ProfileModel {
  const revived = JSON.parse(JSON.stringify(json), (_key, value) => {
    if (value && typeof value === 'object' && typeof value[floatTag] === 'string') {
      const bytes = Buffer.from(value[floatTag], 'base64');
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Float32Array(copy.buffer);
    }
    return value;
  }) as ProfileModel;
  if (revived?.version !== 1) throw new Error('the stored profile model has an unknown version');
  return revived;
}
