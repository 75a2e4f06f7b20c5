import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { type Ratings, selectRatings } from './explicitRatings';
import { fitRatingModel, type RatingModelSettings, surpriseSvdSettings } from './ratingModel';

export interface RatingGrid {
  factors: number[];
  regularisation: number[];
  learningRate: number;
  /** the most epochs tried; the best epoch on validation is kept */
  maxEpochs: number;
}

/** On MovieLens 100k every fold chose 50 or 100 factors and regularisation 0.1 (bench:ratings). */
export const defaultRatingGrid: RatingGrid = {
  factors: [50, 100],
  regularisation: [0.05, 0.1],
  learningRate: 0.01,
  maxEpochs: 60,
};

export interface TunedRatingModel {
  settings: RatingModelSettings;
  validationRmse: number;
  /** ratings the choice was made on, and held out for it */
  trainedOn: number;
  validatedOn: number;
}

/** Splits ratings at random: `fraction` of them into the second part. */
export function splitRatings(ratings: Ratings, fraction: number, seed: number): [Ratings, Ratings] {
  const random = createSeededRandom(seed);
  const kept: number[] = [];
  const held: number[] = [];
  for (let r = 0; r < ratings.values.length; r++) (random.next() < fraction ? held : kept).push(r);
  return [selectRatings(ratings, kept), selectRatings(ratings, held)];
}

/**
 * Chooses the factors, the regularisation and the number of epochs by RMSE on a random tenth
 * of `ratings` held out from the fits, as the "chosen by validation inside the training
 * folds": nothing outside `ratings` is looked at.
 */
export function tuneRatingModel(
  ratings: Ratings,
  seed: number,
  grid: RatingGrid = defaultRatingGrid,
): TunedRatingModel {
  const [fitPart, validation] = splitRatings(ratings, 0.1, seed);
  let best: TunedRatingModel | null = null;
  for (const factors of grid.factors) {
    for (const regularisation of grid.regularisation) {
      const settings: RatingModelSettings = {
        ...surpriseSvdSettings,
        factors,
        regularisation,
        learningRate: grid.learningRate,
        epochs: grid.maxEpochs,
        seed,
      };
      const { validationRmse } = fitRatingModel(fitPart, settings, validation);
      let bestEpoch = 0;
      for (let epoch = 1; epoch < validationRmse.length; epoch++)
        if (validationRmse[epoch] < validationRmse[bestEpoch]) bestEpoch = epoch;
      if (best === null || validationRmse[bestEpoch] < best.validationRmse) {
        best = {
          settings: { ...settings, epochs: bestEpoch + 1 },
          validationRmse: validationRmse[bestEpoch],
          trainedOn: fitPart.values.length,
          validatedOn: validation.values.length,
        };
      }
    }
  }
  return best as TunedRatingModel;
}
