import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import {
  itemUserCounts,
  transposeInteractions,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';

export interface ItemKnnOptions {
  /** neighbours kept per item, by cosine similarity (default 100) */
  neighbours?: number;
}

/**
 * Item-based k-nearest-neighbours: cosine similarity between items' user sets, each item keeping
 * only its top neighbours. A user's score for item i sums sim(j, i) over the user's items j that
 * list i among their neighbours, so the explanation is the j with the largest term.
 */
export function fitItemKnn(train: UserItemInteractions, options: ItemKnnOptions = {}): FittedRecommender {
  const neighbours = options.neighbours ?? 100;
  const { items, userStart, itemIndex } = train;
  const { itemStart, userIndex } = transposeInteractions(train);
  const counts = itemUserCounts(train);

  const cooccurrence = new Float64Array(items);
  const touched = new Int32Array(items);
  const neighbourStart = new Int32Array(items + 1);
  const neighbourItems: number[] = [];
  const neighbourSimilarities: number[] = [];
  for (let i = 0; i < items; i++) {
    let touchedCount = 0;
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      const user = userIndex[p];
      for (let q = userStart[user]; q < userStart[user + 1]; q++) {
        const other = itemIndex[q];
        if (other === i) continue;
        if (cooccurrence[other] === 0) touched[touchedCount++] = other;
        cooccurrence[other]++;
      }
    }
    const candidates = touched.subarray(0, touchedCount);
    const similarity = new Float64Array(touchedCount);
    for (let c = 0; c < touchedCount; c++) {
      const other = candidates[c];
      similarity[c] = cooccurrence[other] / Math.sqrt(counts[i] * counts[other]);
      cooccurrence[other] = 0;
    }
    const order = Int32Array.from({ length: touchedCount }, (_, c) => c).sort(
      (a, b) => similarity[b] - similarity[a] || candidates[a] - candidates[b],
    );
    const kept = Math.min(neighbours, touchedCount);
    for (let c = 0; c < kept; c++) {
      neighbourItems.push(candidates[order[c]]);
      neighbourSimilarities.push(similarity[order[c]]);
    }
    neighbourStart[i + 1] = neighbourItems.length;
  }
  const neighbourItem = Int32Array.from(neighbourItems);
  const neighbourSimilarity = Float32Array.from(neighbourSimilarities);

  return {
    name: 'itemKnn',
    params: { neighbours },
    trainedOn: train,
    itemModel: () => ({
      name: 'itemKnn',
      items,
      params: { neighbours },
      neighbourStart,
      neighbourItem,
      neighbourSimilarity,
      popularity: Float32Array.from(counts),
    }),
    scoreUser(user, scores) {
      scores.fill(0);
      for (let q = userStart[user]; q < userStart[user + 1]; q++) {
        const source = itemIndex[q];
        for (let n = neighbourStart[source]; n < neighbourStart[source + 1]; n++) {
          scores[neighbourItem[n]] += neighbourSimilarity[n];
        }
      }
    },
    explain(user, item) {
      let best = -1;
      let bestSimilarity = 0;
      for (let q = userStart[user]; q < userStart[user + 1]; q++) {
        const source = itemIndex[q];
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
