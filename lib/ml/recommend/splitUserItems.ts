import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

export type RecommendSplitKind = 'time' | 'random';

export interface RecommendSplitOptions {
  split?: RecommendSplitKind;
  /** share of each user's distinct items held out (default 0.2 for time, 0.25 for random) */
  holdoutFraction?: number;
  seed?: number;
}

export interface UserItemSplit {
  train: UserItemInteractions;
  test: UserItemInteractions;
  split: RecommendSplitKind;
  holdoutFraction: number;
  seed: number;
}

export const defaultHoldoutFraction: Record<RecommendSplitKind, number> = { time: 0.2, random: 0.25 };

/**
 * Holds out part of every user's distinct items.
 * - `time`: the items whose last interaction is latest (ties broken by item index), so the test
 *   part is what each user engaged with most recently.
 * - `random`: a seeded random subset.
 * A user with n ≥ 2 items holds out max(1, round(fraction · n)) of them but always keeps at
 * least one for training; a user with a single item keeps it for training and is not evaluated.
 */
export function splitUserItems(interactions: UserItemInteractions, options: RecommendSplitOptions = {}): UserItemSplit {
  const split = options.split ?? 'time';
  const holdoutFraction = options.holdoutFraction ?? defaultHoldoutFraction[split];
  const seed = options.seed ?? 0;
  const random = createSeededRandom(seed);
  const { users, userStart, itemIndex, lastTs } = interactions;
  const isTest = new Uint8Array(itemIndex.length);
  for (let u = 0; u < users; u++) {
    const start = userStart[u];
    const count = userStart[u + 1] - start;
    const held = holdoutCount(count, holdoutFraction);
    if (held === 0) continue;
    const positions = Int32Array.from({ length: count }, (_, k) => start + k);
    if (split === 'time') {
      positions.sort((a, b) => lastTs[b] - lastTs[a] || itemIndex[b] - itemIndex[a]);
    } else {
      for (let k = count - 1; k > 0; k--) {
        const swap = random.int(k + 1);
        const kept = positions[k];
        positions[k] = positions[swap];
        positions[swap] = kept;
      }
    }
    for (let k = 0; k < held; k++) isTest[positions[k]] = 1;
  }
  return {
    train: selectPairs(interactions, isTest, 0),
    test: selectPairs(interactions, isTest, 1),
    split,
    holdoutFraction,
    seed,
  };
}

function holdoutCount(distinctItems: number, fraction: number): number {
  if (distinctItems < 2 || fraction <= 0) return 0;
  return Math.min(distinctItems - 1, Math.max(1, Math.round(fraction * distinctItems)));
}

function selectPairs(interactions: UserItemInteractions, flags: Uint8Array, wanted: number): UserItemInteractions {
  const { users, items, userStart, itemIndex, lastTs } = interactions;
  const start = new Int32Array(users + 1);
  let kept = 0;
  for (let p = 0; p < flags.length; p++) if (flags[p] === wanted) kept++;
  const keptItems = new Int32Array(kept);
  const keptTs = new Float64Array(kept);
  let cursor = 0;
  for (let u = 0; u < users; u++) {
    for (let p = userStart[u]; p < userStart[u + 1]; p++) {
      if (flags[p] !== wanted) continue;
      keptItems[cursor] = itemIndex[p];
      keptTs[cursor] = lastTs[p];
      cursor++;
    }
    start[u + 1] = cursor;
  }
  return { users, items, userStart: start, itemIndex: keptItems, lastTs: keptTs };
}
