import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { fitBaselineRatings, predictBaselineRating } from './baselineRatings';
import { type Ratings, selectRatings } from './explicitRatings';
import { fitRatingModel, predictRating, ratingErrors } from './ratingModel';
import { type RatingGrid, tuneRatingModel } from './tuneRatingModel';

export interface RatingsEvaluation {
  model: 'biased-mf';
  rmse: number;
  mae: number;
  baseline: { model: 'baseline-only'; rmse: number; mae: number };
  folds: number;
  ratings: number;
  users: number;
  items: number;
  /** per fold: the settings chosen inside it and its errors */
  perFold: {
    factors: number;
    regularisation: number;
    epochs: number;
    rmse: number;
    mae: number;
    baselineRmse: number;
  }[];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * k-fold cross-validation of the rating model against BaselineOnly on the same folds. Within
 * each fold the model's settings are chosen on part of the training ratings only (tuneRatingModel).
 */
export function crossValidateRatings(
  ratings: Ratings,
  options: { folds?: number; seed?: number; grid?: RatingGrid } = {},
): RatingsEvaluation {
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const random = createSeededRandom(seed);
  const order = random.shuffle(Int32Array.from({ length: ratings.values.length }, (_, r) => r));
  const perFold: RatingsEvaluation['perFold'] = [];
  let squared = 0;
  let absolute = 0;
  let baselineSquared = 0;
  let baselineAbsolute = 0;
  for (let fold = 0; fold < folds; fold++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let position = 0; position < order.length; position++)
      (position % folds === fold ? test : train).push(order[position]);
    const trainRatings = selectRatings(ratings, train);
    const testRatings = selectRatings(ratings, test);
    const tuned = tuneRatingModel(trainRatings, seed + fold, options.grid);
    const { model } = fitRatingModel(trainRatings, tuned.settings);
    const errors = ratingErrors((u, i) => predictRating(model, u, i), testRatings);
    const baseline = fitBaselineRatings(trainRatings);
    const baselineErrors = ratingErrors((u, i) => predictBaselineRating(baseline, u, i), testRatings);
    squared += errors.rmse ** 2 * test.length;
    absolute += errors.mae * test.length;
    baselineSquared += baselineErrors.rmse ** 2 * test.length;
    baselineAbsolute += baselineErrors.mae * test.length;
    perFold.push({
      factors: tuned.settings.factors,
      regularisation: tuned.settings.regularisation,
      epochs: tuned.settings.epochs,
      rmse: round(errors.rmse),
      mae: round(errors.mae),
      baselineRmse: round(baselineErrors.rmse),
    });
  }
  const n = Math.max(1, ratings.values.length);
  const users = new Set(ratings.users).size;
  const items = new Set(ratings.items).size;
  return {
    model: 'biased-mf',
    rmse: round(Math.sqrt(squared / n)),
    mae: round(absolute / n),
    baseline: {
      model: 'baseline-only',
      rmse: round(Math.sqrt(baselineSquared / n)),
      mae: round(baselineAbsolute / n),
    },
    folds,
    ratings: ratings.values.length,
    users,
    items,
    perFold,
  };
}
