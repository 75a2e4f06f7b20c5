import { choleskyInPlace, solveWithCholesky } from '@/lib/ml/recommend/choleskyDecomposition';
import type { BaselineRatingModel, BaselineSettings } from './baselineRatings';
import type { Ratings } from './explicitRatings';
import type { RatingModel } from './ratingModel';

/**
 * The item side of a run's served rating model as plain JSON, to predict ratings for users it
 * was not fitted on (a sample-fitted run's users, chunk by chunk): each user's own side (bias, and
 * factors for biased MF) is folded in from their ratings against the stored items.
 */
export interface StoredRatingModel {
  model: 'biased-mf' | 'baseline-only';
  mean: number;
  min: number;
  max: number;
  /** the items with a rating in training, in the order of itemBias and itemFactors */
  itemIds: string[];
  itemBias: number[];
  /** items × factors, row-major; empty for the baseline */
  itemFactors: number[];
  factors: number;
  /**
   * biased MF: the L2 weight per rating of SGD's objective; the baseline: its user bias's
   * regularisation (Surprise's reg_u), added once to the user's rating count
   */
  userRegularisation: number;
}

/** The item side of a fitted biased MF model over `itemIds` (the run's events.itemIds). */
export function storeBiasedMf(model: RatingModel, itemIds: string[], regularisation: number): StoredRatingModel {
  const kept = itemIds.map((_, i) => i).filter((i) => model.itemSeen[i] === 1);
  const f = model.factors;
  const itemFactors: number[] = [];
  for (const i of kept) for (let k = 0; k < f; k++) itemFactors.push(model.itemFactors[i * f + k]);
  return {
    model: 'biased-mf',
    mean: model.mean,
    min: model.min,
    max: model.max,
    itemIds: kept.map((i) => itemIds[i]),
    itemBias: kept.map((i) => model.itemBias[i]),
    itemFactors,
    factors: f,
    userRegularisation: regularisation,
  };
}

/** The item side of a fitted baseline (mean plus biases) over `itemIds`, with the ratings it was fitted on. */
export function storeBaseline(
  model: BaselineRatingModel,
  ratings: Ratings,
  itemIds: string[],
  settings: BaselineSettings,
): StoredRatingModel {
  const rated = new Uint8Array(itemIds.length);
  for (const item of ratings.items) rated[item] = 1;
  const kept = itemIds.map((_, i) => i).filter((i) => rated[i] === 1);
  return {
    model: 'baseline-only',
    mean: model.mean,
    min: model.min,
    max: model.max,
    itemIds: kept.map((i) => itemIds[i]),
    itemBias: kept.map((i) => model.itemBias[i]),
    itemFactors: [],
    factors: 0,
    userRegularisation: settings.userRegularisation,
  };
}

export interface FoldedRatings {
  /** predicted rating of a user (an index into the ratings' users) for an item id */
  predict(user: number, itemId: string): number;
}

/**
 * Every user of `ratings` (their ratings over `itemIds`) folded into the stored model: the
 * baseline's user bias as its alternating least squares sets it given the item biases; biased MF's
 * user bias and factors as the ridge solution of the squared error over the user's ratings of
 * stored items, with SGD's per-rating L2 weight (solved in its n × n dual form, as most users rate
 * a few items). Each user reads only their own ratings, so any chunk of users gets what a fold-in
 * of everyone at once gives them. An item the model has not seen adds no bias or factors, as in
 * predictRating.
 */
export function foldInRatings(stored: StoredRatingModel, ratings: Ratings, itemIds: string[]): FoldedRatings {
  const storedIndex = new Map(stored.itemIds.map((id, i) => [id, i]));
  const toStored = Int32Array.from(itemIds, (id) => storedIndex.get(id) ?? -1);
  const f = stored.factors;
  const width = f + 1;
  const byUser: number[][] = Array.from({ length: ratings.userCount }, () => []);
  for (let r = 0; r < ratings.values.length; r++) if (toStored[ratings.items[r]] >= 0) byUser[ratings.users[r]].push(r);
  const userBias = new Float64Array(ratings.userCount);
  const userFactors = new Float64Array(ratings.userCount * f);
  const known = new Uint8Array(ratings.userCount);
  for (let u = 0; u < ratings.userCount; u++) {
    const rows = byUser[u];
    const n = rows.length;
    if (n === 0) continue;
    known[u] = 1;
    const residual = Float64Array.from(
      rows,
      (r) => ratings.values[r] - stored.mean - stored.itemBias[toStored[ratings.items[r]]],
    );
    if (stored.model === 'baseline-only') {
      let sum = 0;
      for (const value of residual) sum += value;
      userBias[u] = sum / (stored.userRegularisation + n);
      continue;
    }
    // x = Aᵀ (A Aᵀ + λ n I)⁻¹ y, A's rows [1, q_i]: the primal ridge solution, through n × n
    const gram = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      const qa = toStored[ratings.items[rows[a]]] * f;
      for (let b = 0; b <= a; b++) {
        const qb = toStored[ratings.items[rows[b]]] * f;
        let dot = 1;
        for (let k = 0; k < f; k++) dot += stored.itemFactors[qa + k] * stored.itemFactors[qb + k];
        gram[a * n + b] = dot;
        gram[b * n + a] = dot;
      }
      gram[a * n + a] += stored.userRegularisation * n;
    }
    if (!choleskyInPlace(gram, n)) continue;
    solveWithCholesky(gram, n, residual);
    const x = new Float64Array(width);
    for (let a = 0; a < n; a++) {
      const qa = toStored[ratings.items[rows[a]]] * f;
      x[0] += residual[a];
      for (let k = 0; k < f; k++) x[1 + k] += residual[a] * stored.itemFactors[qa + k];
    }
    userBias[u] = x[0];
    userFactors.set(x.subarray(1), u * f);
  }
  return {
    predict(user, itemId) {
      let estimate = stored.mean;
      const item = storedIndex.get(itemId) ?? -1;
      if (known[user]) estimate += userBias[user];
      if (item >= 0) estimate += stored.itemBias[item];
      if (known[user] && item >= 0)
        for (let k = 0; k < f; k++) estimate += userFactors[user * f + k] * stored.itemFactors[item * f + k];
      return Math.min(stored.max, Math.max(stored.min, estimate));
    },
  };
}
