import { significantGain } from '@/lib/ml/stats/significantGain';
import type { EventTable } from '@/lib/ml/types';
import { fitBaselineRatings, predictBaselineRating, surpriseBaselineSettings } from './baselineRatings';
import { explicitRatings, type Ratings } from './explicitRatings';
import { fitRatingModel, predictRating, ratingErrors } from './ratingModel';
import { type StoredRatingModel, storeBaseline, storeBiasedMf } from './storedRatingModel';
import { splitRatings, tuneRatingModel } from './tuneRatingModel';

/** Below this many ratings neither a tenth held out for validation nor five folds say much. */
export const minimumRatings = 200;

export type ServedRatings =
  | {
      status: 'trained';
      predict(user: number, item: number): number;
      /** the served model's item side over the events' item ids, to fold other users in (foldInRatings) */
      store(itemIds: string[]): StoredRatingModel;
      metrics: {
        model: 'biased-mf' | 'baseline-only';
        params: object;
        validationRmse: number;
        validationMae: number;
        baseline: { model: 'baseline-only'; rmse: number; mae: number };
        ratings: number;
        trainedOn: number;
        validatedOn: number;
        scale: [number, number];
        replacedByBaseline?: string;
      };
    }
  | { status: 'skipped'; reason: string };

/** Why `ratings` are too few to train on, or null. */
export function ratingsShortfall(ratings: Ratings): string | null {
  if (ratings.values.length === 0) return 'no rating events with an item and a value in this dataset';
  if (ratings.values.length < minimumRatings)
    return `${ratings.values.length} ratings; at least ${minimumRatings} are needed to predict ratings`;
  if (ratings.min === ratings.max) return `every rating is ${ratings.min}: nothing to predict`;
  return null;
}

/**
 * Whether `model`'s squared errors on `ratings` are lower than `baseline`'s by a significant
 * margin: a paired z statistic (mean difference over its standard error) of at least 1.96.
 */
export function beatsBaseline(
  model: (user: number, item: number) => number,
  baseline: (user: number, item: number) => number,
  ratings: Ratings,
): boolean {
  const gains = new Float64Array(ratings.values.length);
  for (let r = 0; r < gains.length; r++) {
    const value = ratings.values[r];
    gains[r] =
      (value - baseline(ratings.users[r], ratings.items[r])) ** 2 -
      (value - model(ratings.users[r], ratings.items[r])) ** 2;
  }
  return significantGain(gains);
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * The rating model a run serves: biased matrix factorisation with its settings chosen inside
 * nine tenths of the ratings, refitted on all of them, unless BaselineOnly (mean plus biases)
 * does as well on the remaining tenth (the model's squared errors lower by a paired z of at least
 * 1.96), in which case the baseline is served and the run says so.
 */
export function trainServedRatings(events: EventTable, seed: number): ServedRatings {
  const ratings = explicitRatings(events);
  const shortfall = ratingsShortfall(ratings);
  if (shortfall) return { status: 'skipped', reason: shortfall };
  // the tenth that decides between the model and the baseline takes no part in tuning
  const [fitPart, validation] = splitRatings(ratings, 0.1, seed);
  const tuned = tuneRatingModel(fitPart, seed + 1);
  const { model: checked } = fitRatingModel(fitPart, tuned.settings);
  const modelErrors = ratingErrors((u, i) => predictRating(checked, u, i), validation);
  const baselineOnPart = fitBaselineRatings(fitPart);
  const baselineErrors = ratingErrors((u, i) => predictBaselineRating(baselineOnPart, u, i), validation);
  const common = {
    ratings: ratings.values.length,
    trainedOn: fitPart.values.length,
    validatedOn: validation.values.length,
    scale: [ratings.min, ratings.max] as [number, number],
    baseline: { model: 'baseline-only' as const, rmse: round(baselineErrors.rmse), mae: round(baselineErrors.mae) },
  };
  const beats = beatsBaseline(
    (u, i) => predictRating(checked, u, i),
    (u, i) => predictBaselineRating(baselineOnPart, u, i),
    validation,
  );
  if (!beats) {
    const baseline = fitBaselineRatings(ratings);
    return {
      status: 'trained',
      predict: (user, item) => predictBaselineRating(baseline, user, item),
      store: (itemIds) => storeBaseline(baseline, ratings, itemIds, surpriseBaselineSettings),
      metrics: {
        ...common,
        model: 'baseline-only',
        params: {},
        validationRmse: round(baselineErrors.rmse),
        validationMae: round(baselineErrors.mae),
        replacedByBaseline: `biased matrix factorisation (validation RMSE ${modelErrors.rmse.toFixed(3)}) did not beat mean plus biases (${baselineErrors.rmse.toFixed(3)}) by a significant margin`,
      },
    };
  }
  const { model } = fitRatingModel(ratings, tuned.settings);
  const { factors, regularisation, epochs, learningRate } = tuned.settings;
  return {
    status: 'trained',
    predict: (user, item) => predictRating(model, user, item),
    store: (itemIds) => storeBiasedMf(model, itemIds, tuned.settings.regularisation),
    metrics: {
      ...common,
      model: 'biased-mf',
      params: { factors, regularisation, epochs, learningRate },
      validationRmse: round(modelErrors.rmse),
      validationMae: round(modelErrors.mae),
    },
  };
}
