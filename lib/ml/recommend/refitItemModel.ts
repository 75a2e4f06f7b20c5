import { invertSymmetricPositiveDefinite } from '@/lib/ml/recommend/choleskyDecomposition';
import { addToItemGram, easeWeights } from '@/lib/ml/recommend/easeRecommender';
import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

/** A served item side refitted on more users than it was fitted on, a chunk of users at a time. */
export interface ItemModelRefit {
  /** a chunk of users' items, indexed in the model's item order (items it does not know left out) */
  add(chunk: UserItemInteractions): void;
  /** the item side over every chunk added, with EASE's λ scaled from the pairs it was fitted on to those added */
  finish(fittedPairs: number): ServedItemModel;
}

/**
 * Starts refitting `model` on every user with its family and hyper-parameters: EASE from XᵀX
 * (items² memory, whatever the users), popularity from item counts. Null for families whose
 * item side depends on every user's own factors (ALS) or that keep sparse neighbour lists
 * (item-kNN, whose co-occurrence counts would cost catalogue² memory on the catalogues it is
 * chosen for): those keep the side fitted on the sample.
 */
export function startItemModelRefit(model: ServedItemModel): ItemModelRefit | null {
  if (model.name !== 'ease' && model.name !== 'popularity') return null;
  const popularity = new Float32Array(model.items);
  let pairs = 0;
  const gram = model.name === 'ease' ? new Float64Array(model.modelled.length ** 2) : null;
  return {
    add(chunk) {
      if (chunk.items !== model.items) throw new RangeError(`a chunk over ${chunk.items} items, not ${model.items}`);
      for (const item of chunk.itemIndex) popularity[item]++;
      pairs += chunk.itemIndex.length;
      if (gram && model.name === 'ease') addToItemGram(gram, chunk, model.modelled);
    },
    finish(fittedPairs) {
      if (!gram || model.name !== 'ease') return { ...model, popularity };
      const n = model.modelled.length;
      // λ is weighed against XᵀX, which grows with the pairs, so it regularises as strongly as on the sample
      const lambda = Math.max(1, Math.round((model.params.lambda * pairs) / Math.max(1, fittedPairs)));
      for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
      const weights = easeWeights(invertSymmetricPositiveDefinite(gram, n), n);
      return { ...model, params: { ...model.params, lambda }, weights, popularity };
    },
  };
}
