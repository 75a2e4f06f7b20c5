import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

/**
 * Seeded splits that keep each stratum's share equal across parts. Strata are small integers:
 * the class for classification, a quantile bin (numericStrata) for numeric targets.
 */

/** Row indexes per stratum, in ascending stratum and row order, as typed arrays: a million rows fit. */
function rowsByStratum(strata: ArrayLike<number>): Int32Array[] {
  const sizes = new Map<number, number>();
  for (let r = 0; r < strata.length; r++) sizes.set(strata[r], (sizes.get(strata[r]) ?? 0) + 1);
  const groups = new Map<number, { rows: Int32Array; filled: number }>();
  for (const [stratum, size] of sizes) groups.set(stratum, { rows: new Int32Array(size), filled: 0 });
  for (let r = 0; r < strata.length; r++) {
    const group = groups.get(strata[r]) as { rows: Int32Array; filled: number };
    group.rows[group.filled++] = r;
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1].rows);
}

function shuffle(rows: Int32Array, random: ReturnType<typeof createSeededRandom>): void {
  for (let k = rows.length - 1; k > 0; k--) {
    const swap = random.int(k + 1);
    const kept = rows[k];
    rows[k] = rows[swap];
    rows[swap] = kept;
  }
}

/**
 * Each stratum sends round(testFraction · size) of its rows, chosen at random, to the test part.
 * Rows are marked, not spread into push(): a stratum of a few hundred thousand rows overflowed the
 * call stack when passed as arguments.
 */
export function stratifiedHoldout(
  strata: ArrayLike<number>,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  const random = createSeededRandom(seed);
  const inTest = new Uint8Array(strata.length);
  let testSize = 0;
  for (const rows of rowsByStratum(strata)) {
    shuffle(rows, random);
    const testCount = Math.round(testFraction * rows.length);
    for (let i = 0; i < testCount; i++) inTest[rows[i]] = 1;
    testSize += testCount;
  }
  const train = new Int32Array(strata.length - testSize);
  const test = new Int32Array(testSize);
  let trainAt = 0;
  let testAt = 0;
  for (let r = 0; r < strata.length; r++) {
    if (inTest[r]) test[testAt++] = r;
    else train[trainAt++] = r;
  }
  return { train, test };
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
