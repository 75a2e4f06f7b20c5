import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

/**
 * Users a run fits its models on (scaling, SVD directions, k-means, the prediction models, the
 * recommender) when a dataset has more: every user is then profiled, assigned, scored and saved
 * with those models, chunk by chunk. PORTRAIT_FIT_SAMPLE_USERS, default 100,000; 0 fits on everyone.
 * The default keeps a run within 2 GB: 1,000,000 demo users trained at a 1.74 GB peak with it,
 * where a full fit of 200,000 took 2.35 GB.
 */
export const defaultFitSampleUsers = 100_000;

export function fitSampleUsers(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PORTRAIT_FIT_SAMPLE_USERS;
  if (raw === undefined || raw === '') return defaultFitSampleUsers;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`PORTRAIT_FIT_SAMPLE_USERS must be a whole number (0 for no sample), not "${raw}"`);
  }
  return value;
}

/** Activity strata: 1 event, 2-3, 4-7, 8-15 ... (a doubling each), the last open-ended. */
const strata = 12;

function stratumOf(eventCount: number): number {
  return Math.min(strata - 1, Math.floor(Math.log2(Math.max(1, eventCount))));
}

/**
 * `size` user indexes (ascending) drawn without replacement from users with these event counts,
 * stratified by activity: each event-count stratum gets its share of the sample in proportion to its users (largest
 * remainders round), so light and heavy users are represented as in the dataset and the fitted
 * scaling, directions and centroids match the full population's. Seeded: the same users each run.
 */
export function stratifiedUserSample(eventCounts: ArrayLike<number>, size: number, seed: number): Int32Array {
  const users = eventCounts.length;
  if (size >= users) return Int32Array.from({ length: users }, (_, u) => u);
  const members: number[][] = Array.from({ length: strata }, () => []);
  for (let u = 0; u < users; u++) members[stratumOf(eventCounts[u])].push(u);
  const exact = members.map((list) => (size * list.length) / users);
  const quota = exact.map(Math.floor);
  let left = size - quota.reduce((sum, q) => sum + q, 0);
  const byRemainder = exact
    .map((value, stratum) => ({ stratum, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.stratum - b.stratum);
  for (const { stratum } of byRemainder) {
    if (left === 0) break;
    if (quota[stratum] < members[stratum].length) {
      quota[stratum]++;
      left--;
    }
  }
  const random = createSeededRandom(seed);
  const chosen = new Int32Array(size);
  let n = 0;
  for (let stratum = 0; stratum < strata; stratum++) {
    const list = members[stratum];
    // a partial Fisher-Yates shuffle: the first quota places are a uniform draw
    for (let i = 0; i < quota[stratum]; i++) {
      const j = i + Math.floor(random.next() * (list.length - i));
      [list[i], list[j]] = [list[j], list[i]];
      chosen[n++] = list[i];
    }
  }
  return chosen.sort();
}
