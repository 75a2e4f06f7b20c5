import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

/**
 * Seeded splits that keep each stratum's share equal across parts. Strata are small integers:
 * the class for classification, a quantile bin (numericStrata) for numeric targets.
 */

function rowsByStratum(strata: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let r = 0; r < strata.length; r++) {
    const group = groups.get(strata[r]);
    if (group) group.push(r);
    else groups.set(strata[r], [r]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

function shuffle(rows: number[], random: ReturnType<typeof createSeededRandom>): void {
  for (let k = rows.length - 1; k > 0; k--) {
    const swap = random.int(k + 1);
    const kept = rows[k];
    rows[k] = rows[swap];
    rows[swap] = kept;
  }
}

/** Each stratum sends round(testFraction · size) of its rows, chosen at random, to the test part. */
export function stratifiedHoldout(
  strata: ArrayLike<number>,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  const random = createSeededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of rowsByStratum(strata)) {
    shuffle(rows, random);
    const testCount = Math.round(testFraction * rows.length);
    test.push(...rows.slice(0, testCount));
    train.push(...rows.slice(testCount));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Fold number per row: each stratum is shuffled and dealt round-robin over the folds. */
export function stratifiedFolds(strata: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  const fold = new Int32Array(strata.length);
  let dealt = 0;
  for (const rows of rowsByStratum(strata)) {
    shuffle(rows, random);
    // continuing the deal across strata keeps fold sizes within one of each other
    for (const row of rows) fold[row] = dealt++ % folds;
  }
  return fold;
}

/** Quantile bin (0..bins−1) per value, so numeric targets can be stratified too. */
export function numericStrata(values: ArrayLike<number>, bins = 5): Int32Array {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const strata = new Int32Array(n);
  for (let rank = 0; rank < n; rank++) strata[order[rank]] = Math.min(bins - 1, Math.floor((rank * bins) / n));
  return strata;
}
