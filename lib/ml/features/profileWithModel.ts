import { applyBehaviourEmbedding } from '@/lib/ml/embed/behaviourEmbedding';
import { placeOnPcaMap } from '@/lib/ml/map/projectMap';
import { type ApplyTextVectorsOptions, applyTextVectors } from '@/lib/ml/text/applyTextVectors';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import { computeBehaviourFeatures } from './behaviourFeatures';
import type { ProfileModel } from './profileModel';
import { applyProfileVector } from './profileVector';

export interface ModelProfiles {
  /** users x profile width, in the run's profile space */
  vectors: DenseMatrix;
  /** null for a UMAP run: positions come from stored neighbours instead */
  map: { x: Float32Array; y: Float32Array } | null;
  featureNames: string[];
  /** readable behaviour features, users x features */
  raw: DenseMatrix;
  sentiment: Float32Array;
  textsWithoutVector: number;
  textReason?: string;
}

/**
 * Profile vectors for some users (all their events) with a run's fitted profile model: the
 * behaviour features standardised with the run's statistics, the behaviour embedding on the
 * run's SVD directions, the text block by the run's method, blocks centred and weighted as in
 * the run, and PCA map positions on the run's axes. For a user whose events have not changed
 * since the run this reproduces the stored vector.
 */
export async function profileWithModel(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  model: ProfileModel,
  asOf: number,
  textOptions: ApplyTextVectorsOptions = {},
): Promise<ModelProfiles> {
  const features = computeBehaviourFeatures(events, items, settings, asOf, { model: model.behaviour });
  const blocks: Record<string, DenseMatrix> = {
    behaviour: features.matrix,
    behaviourEmbedding: applyBehaviourEmbedding(events, items, model.embedding),
  };
  const text = await applyTextVectors(events, model.text, textOptions);
  if (model.text) blocks.text = text.vectors;
  const vectors = applyProfileVector(blocks, model.layout, model.centres);
  return {
    vectors,
    map: model.map.method === 'pca' ? placeOnPcaMap(vectors, model.map.pca) : null,
    featureNames: features.names,
    raw: features.raw,
    sentiment: text.sentiment,
    textsWithoutVector: text.textsWithoutVector,
    ...(text.reason ? { textReason: text.reason } : {}),
  };
}
