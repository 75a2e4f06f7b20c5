import { invertSymmetricPositiveDefinite } from '@/lib/ml/recommend/choleskyDecomposition';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { itemUserCounts, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createEaseKernels } from '@/lib/ml/runtime/easeKernels';

export interface EaseOptions {
  /** L2 penalty on the item-item weights (default 100) */
  lambda?: number;
  /**
   * model only this many of the most popular items (default all): EASE costs items² memory and
   * items³ time, so a large catalogue is modelled on its head, where nearly all interactions are
   */
  maxItems?: number;
  /** XᵀX over easeItems(train, maxItems) from itemGramMatrix, when several λ are tried on the same interactions */
  gram?: Float64Array;
}

/** Below every modelled item's score: items outside a pruned model come last, in popularity order. */
const unmodelledScore = -1e30;

/**
 * The items EASE models: all of them, or the `maxItems` with the most users (ties by index),
 * in ascending index order.
 */
export function easeItems(train: UserItemInteractions, maxItems?: number): Int32Array {
  if (maxItems === undefined || train.items <= maxItems) return Int32Array.from({ length: train.items }, (_, i) => i);
  const counts = itemUserCounts(train);
  const ranked = Int32Array.from({ length: train.items }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  return ranked.slice(0, maxItems).sort();
}

/**
 * Steck's EASE: item-item weights B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, which is the
 * closed-form ridge regression of each item column on all others with a zero diagonal.
 * Memory and time grow as items² and items³: about 0.6 s for 1,000 items and 5 s for 2,000
 * here (one core), so past a few thousand items only the most popular are modelled (maxItems).
 */
export function fitEase(train: UserItemInteractions, options: EaseOptions = {}): FittedRecommender {
  const lambda = options.lambda ?? 100;
  const modelled = easeItems(train, options.maxItems);
  const n = modelled.length;
  const matrix = options.gram ? options.gram.slice() : itemGramMatrix(train, modelled);
  if (matrix.length !== n * n) throw new RangeError(`the gram matrix is not ${n} x ${n}`);
  for (let i = 0; i < n; i++) matrix[i * n + i] += lambda;
  return easeFromInverse(train, modelled, invertSymmetricPositiveDefinite(matrix, n), lambda);
}

/**
 * The EASE model from P = (XᵀX + λI)⁻¹ over `modelled` items, however P was computed (here in
 * float64 on the CPU, or by an ONNX graph on a GPU: easeOnDevice).
 */
export function easeFromInverse(
  train: UserItemInteractions,
  modelled: Int32Array,
  inverse: ArrayLike<number>,
  lambda: number,
): FittedRecommender {
  const { userStart, itemIndex } = train;
  const n = modelled.length;
  const pruned = n < train.items;
  const localOf = new Int32Array(train.items).fill(-1);
  modelled.forEach((item, local) => {
    localOf[item] = local;
  });
  let maxRows = 0;
  for (let u = 0; u < train.users; u++) maxRows = Math.max(maxRows, userStart[u + 1] - userStart[u]);
  const kernels = createEaseKernels(n, maxRows);
  const weights = easeWeights(inverse, n, kernels?.weights);
  const local = new Float32Array(n);
  const sourceRows = new Int32Array(4);

  return {
    name: 'ease',
    params: pruned ? { lambda, items: n } : { lambda },
    trainedOn: train,
    itemModel: () => ({
      name: 'ease',
      items: train.items,
      params: pruned ? { lambda, items: n } : ({ lambda } as Record<string, number>),
      modelled,
      weights: weights.slice(),
      popularity: Float32Array.from(itemUserCounts(train)),
    }),
    scoreUser(user, scores) {
      if (kernels) {
        let count = 0;
        for (let q = userStart[user]; q < userStart[user + 1]; q++) {
          const source = localOf[itemIndex[q]];
          if (source >= 0) kernels.rows[count++] = source * n * 4;
        }
        kernels.sumRows(count);
        if (!pruned) {
          scores.set(kernels.local);
          return;
        }
        scores.fill(unmodelledScore);
        for (let j = 0; j < n; j++) scores[modelled[j]] = kernels.local[j];
        return;
      }
      local.fill(0);
      // Four of the user's weight rows per pass over `local` (a quarter of its loads and stores),
      // rounded to float32 after every add as one row at a time would be: the same scores.
      let pending = 0;
      for (let q = userStart[user]; q < userStart[user + 1]; q++) {
        const source = localOf[itemIndex[q]];
        if (source < 0) continue;
        sourceRows[pending++] = source * n;
        if (pending < 4) continue;
        const [a, b, c, d] = sourceRows;
        for (let j = 0; j < n; j++) {
          let sum = Math.fround(local[j] + weights[a + j]);
          sum = Math.fround(sum + weights[b + j]);
          sum = Math.fround(sum + weights[c + j]);
          local[j] = sum + weights[d + j];
        }
        pending = 0;
      }
      for (let p = 0; p < pending; p++) {
        const row = sourceRows[p];
        for (let j = 0; j < n; j++) local[j] += weights[row + j];
      }
      if (pruned) scores.fill(unmodelledScore);
      for (let j = 0; j < n; j++) scores[modelled[j]] = local[j];
    },
    explain(user, item) {
      const target = localOf[item];
      if (target < 0) return -1;
      let best = -1;
      let bestWeight = 0;
      for (let q = userStart[user]; q < userStart[user + 1]; q++) {
        const source = localOf[itemIndex[q]];
        if (source < 0) continue;
        const weight = weights[source * n + target];
        if (weight > bestWeight) {
          best = itemIndex[q];
          bestWeight = weight;
        }
      }
      return best;
    },
  };
}

/** B = I − P·diag(1/diag(P)) from P = (XᵀX + λI)⁻¹ (n × n), into `weights` when given. */
export function easeWeights(
  inverse: ArrayLike<number>,
  n: number,
  weights: Float32Array<ArrayBufferLike> = new Float32Array(n * n),
): Float32Array<ArrayBufferLike> {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      weights[row + j] = i === j ? 0 : -inverse[row + j] / inverse[j * n + j];
    }
  }
  return weights;
}

/**
 * XᵀX of the binary user × item matrix over `modelled` items (default all): co-occurrence
 * counts, item counts on the diagonal, in the order of `modelled`.
 */
export function itemGramMatrix(train: UserItemInteractions, modelled?: Int32Array): Float64Array {
  const n = modelled ? modelled.length : train.items;
  return addToItemGram(new Float64Array(n * n), train, modelled);
}

/**
 * Adds `train`'s users to `gram`, XᵀX over `modelled` items (default all): XᵀX is a sum over
 * users, so it can be formed a chunk of users at a time in items² memory. Items outside
 * `modelled` are left out.
 */
export function addToItemGram(gram: Float64Array, train: UserItemInteractions, modelled?: Int32Array): Float64Array {
  const { users, items, userStart, itemIndex } = train;
  const n = modelled ? modelled.length : items;
  const localOf = new Int32Array(items).fill(-1);
  for (let i = 0; i < n; i++) localOf[modelled ? modelled[i] : i] = i;
  const row: number[] = [];
  for (let u = 0; u < users; u++) {
    row.length = 0;
    for (let p = userStart[u]; p < userStart[u + 1]; p++)
      if (localOf[itemIndex[p]] >= 0) row.push(localOf[itemIndex[p]]);
    for (const a of row) {
      const offset = a * n;
      for (const b of row) gram[offset + b]++;
    }
  }
  return gram;
}
