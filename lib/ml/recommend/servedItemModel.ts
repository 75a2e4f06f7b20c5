import { choleskyInPlace, solveWithCholesky } from '@/lib/ml/recommend/choleskyDecomposition';
import type { FittedRecommender, RecommenderName } from '@/lib/ml/recommend/recommender';
import { strongestSourceItem } from '@/lib/ml/recommend/strongestSourceItem';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createEaseKernels, type EaseKernels } from '@/lib/ml/runtime/easeKernels';

/**
 * The item side of a fitted recommender: all it needs to score a user from that user's items
 * alone, so a user's recommendations can follow new events without a refit. Item indexes are the
 * training interactions' (the run's item order).
 */
export type ServedItemModel = {
  items: number;
  params: Record<string, number>;
  /** users per item in training: the popularity that breaks ties and ranks items for users with none */
  popularity: Float32Array;
} & (
  | { name: 'popularity' }
  | { name: 'itemKnn'; neighbourStart: Int32Array; neighbourItem: Int32Array; neighbourSimilarity: Float32Array }
  | { name: 'ease'; modelled: Int32Array; weights: Float32Array }
  | { name: 'als'; factors: number; regularization: number; alpha: number; itemFactors: Float32Array }
);

/** Users with more items than this are scored by the JavaScript loop, which gives the same sums. */
const kernelRows = 4096;

/** The largest EASE weights copied into a served model's kernels (256 MB: 8,192 modelled items). */
const maxKernelBytes = 256 * 2 ** 20;

const easeKernelsByModel = new WeakMap<ServedItemModel, EaseKernels | null>();

/**
 * The served EASE model's weights in WebAssembly SIMD kernels, made once per model (a profile
 * update folds users in with the same cached model batch after batch): the same float32 sums as
 * the JavaScript loop, about a third of its time. Null where SIMD is missing or the weights too large.
 */
function easeKernelsOf(model: Extract<ServedItemModel, { name: 'ease' }>): EaseKernels | null {
  if (easeKernelsByModel.has(model)) return easeKernelsByModel.get(model) ?? null;
  const n = model.modelled.length;
  const kernels = n * n * 4 <= maxKernelBytes ? createEaseKernels(n, kernelRows) : null;
  kernels?.weights.set(model.weights);
  easeKernelsByModel.set(model, kernels);
  return kernels;
}

/** Below every scored item: an item the model does not know (new since training) is never recommended over one it does. */
const unknownScore = -1e30;

/**
 * A recommender over `users`' interactions (item indexes below model.items are the model's; any
 * above are items new since training, which it cannot score) whose scores come from the fixed item
 * side: EASE and item-kNN sum the item rows of the user's items, ALS solves the user's factor
 * exactly against the fixed item factors (one f × f Cholesky solve per user), popularity is popularity.
 */
export function foldInRecommender(model: ServedItemModel, users: UserItemInteractions): FittedRecommender {
  const { userStart, itemIndex } = users;
  const known = model.items;
  const base = { name: model.name as RecommenderName, params: model.params, trainedOn: users };
  const own = (user: number) => {
    const list: number[] = [];
    for (let q = userStart[user]; q < userStart[user + 1]; q++) if (itemIndex[q] < known) list.push(itemIndex[q]);
    return list;
  };
  const unknownTail = (scores: Float32Array) => scores.fill(unknownScore, known);

  switch (model.name) {
    case 'popularity':
      return {
        ...base,
        scoreUser(_user, scores) {
          scores.set(model.popularity);
          unknownTail(scores);
        },
        explain: () => -1,
      };
    case 'itemKnn': {
      const { neighbourStart, neighbourItem, neighbourSimilarity } = model;
      return {
        ...base,
        scoreUser(user, scores) {
          scores.fill(0);
          for (const source of own(user)) {
            for (let n = neighbourStart[source]; n < neighbourStart[source + 1]; n++)
              scores[neighbourItem[n]] += neighbourSimilarity[n];
          }
          unknownTail(scores);
        },
        explain(user, item) {
          let best = -1;
          let bestSimilarity = 0;
          for (const source of own(user)) {
            for (let n = neighbourStart[source]; n < neighbourStart[source + 1]; n++) {
              if (neighbourItem[n] === item && neighbourSimilarity[n] > bestSimilarity) {
                best = source;
                bestSimilarity = neighbourSimilarity[n];
              }
            }
          }
          return best;
        },
      };
    }
    case 'ease': {
      const { modelled, weights } = model;
      const n = modelled.length;
      const localOf = new Int32Array(known).fill(-1);
      modelled.forEach((item, local) => {
        localOf[item] = local;
      });
      const kernels = easeKernelsOf(model);
      // Rows are summed in the model's own order and placed once: the same float32 sums as
      // adding each row through `modelled`, in 0.7 of the time (1,000 users of 20 items each
      // over 1,895 items: 155 ms to 112 ms).
      const sums = new Float32Array(n);
      return {
        ...base,
        scoreUser(user, scores) {
          const items = own(user);
          let summed: Float32Array = sums;
          if (kernels && items.length <= kernels.rows.length) {
            let count = 0;
            for (const item of items) {
              const source = localOf[item];
              if (source >= 0) kernels.rows[count++] = source * n * 4;
            }
            kernels.sumRows(count);
            summed = kernels.local;
          } else {
            sums.fill(0);
            for (const item of items) {
              const source = localOf[item];
              if (source < 0) continue;
              const row = source * n;
              for (let j = 0; j < n; j++) sums[j] += weights[row + j];
            }
          }
          // items outside a pruned model come last, as in training
          scores.fill(n < known ? unknownScore : 0);
          for (let j = 0; j < n; j++) scores[modelled[j]] = summed[j];
          unknownTail(scores);
        },
        explain(user, item) {
          const target = item < known ? localOf[item] : -1;
          if (target < 0) return -1;
          let best = -1;
          let bestWeight = 0;
          for (const sourceItem of own(user)) {
            const source = localOf[sourceItem];
            if (source < 0) continue;
            const weight = weights[source * n + target];
            if (weight > bestWeight) {
              best = sourceItem;
              bestWeight = weight;
            }
          }
          return best;
        },
      };
    }
    case 'als':
      return foldInAls(model, base, own, unknownTail);
  }
}

function foldInAls(
  model: Extract<ServedItemModel, { name: 'als' }>,
  base: Pick<FittedRecommender, 'name' | 'params' | 'trainedOn'>,
  own: (user: number) => number[],
  unknownTail: (scores: Float32Array) => void,
): FittedRecommender {
  const { factors, regularization, alpha, itemFactors, items } = model;
  const gram = new Float64Array(factors * factors);
  for (let i = 0; i < items; i++) {
    const offset = i * factors;
    for (let a = 0; a < factors; a++) {
      const value = itemFactors[offset + a];
      if (value === 0) continue;
      for (let b = 0; b <= a; b++) gram[a * factors + b] += value * itemFactors[offset + b];
    }
  }
  const system = new Float64Array(factors * factors);
  const userVector = new Float64Array(factors);
  const explainVector = new Float64Array(factors);
  let solvedUser = -1;
  /** (YᵀY + λI + α·Σ_j y_j·y_jᵀ)·x = (1+α)·Σ_j y_j over the user's items j, solved exactly. */
  const solve = (user: number) => {
    if (solvedUser === user) return;
    solvedUser = user;
    system.set(gram);
    for (let d = 0; d < factors; d++) system[d * factors + d] += regularization;
    userVector.fill(0);
    for (const item of own(user)) {
      const offset = item * factors;
      for (let a = 0; a < factors; a++) {
        const scaled = alpha * itemFactors[offset + a];
        userVector[a] += (1 + alpha) * itemFactors[offset + a];
        for (let b = 0; b <= a; b++) system[a * factors + b] += scaled * itemFactors[offset + b];
      }
    }
    choleskyInPlace(system, factors);
    solveWithCholesky(system, factors, userVector);
  };
  return {
    ...base,
    scoreUser(user, scores) {
      solve(user);
      for (let i = 0; i < items; i++) {
        let sum = 0;
        for (let d = 0; d < factors; d++) sum += userVector[d] * itemFactors[i * factors + d];
        scores[i] = sum;
      }
      unknownTail(scores);
    },
    explain(user, item) {
      const mine = own(user);
      if (mine.length === 0 || item >= items) return -1;
      solve(user);
      for (let d = 0; d < factors; d++) explainVector[d] = itemFactors[item * factors + d];
      solveWithCholesky(system, factors, explainVector);
      return strongestSourceItem(explainVector, itemFactors, factors, mine);
    },
  };
}

const arrayKinds = { Int32Array, Float32Array } as const;
type ArrayKind = keyof typeof arrayKinds;

/** JSON for run_artifacts: numbers as they are, typed arrays as base64 of their bytes. */
export function servedItemModelToJson(model: ServedItemModel): object {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    if (value instanceof Int32Array || value instanceof Float32Array) {
      out[key] = {
        array: value instanceof Int32Array ? 'Int32Array' : 'Float32Array',
        base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
      };
    } else out[key] = value;
  }
  return out;
}

export function servedItemModelFromJson(json: unknown): ServedItemModel {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const encoded = value as { array?: ArrayKind; base64?: string } | null;
    if (encoded && typeof encoded === 'object' && encoded.array && typeof encoded.base64 === 'string') {
      const bytes = Buffer.from(encoded.base64, 'base64');
      // a copy, so the array starts on its own aligned buffer
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      out[key] = new arrayKinds[encoded.array](copy.buffer);
    } else out[key] = value;
  }
  return out as ServedItemModel;
}
