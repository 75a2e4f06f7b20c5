import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { Ratings } from './explicitRatings';

/**
 * Biased matrix factorisation of explicit ratings, the "SVD" of the Surprise library:
 * rating ≈ mean + user bias + item bias + user factors · item factors, fitted by stochastic
 * gradient descent on the squared error with L2 regularisation.
 */
export interface RatingModel {
  mean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  /** users × factors, row-major */
  userFactors: Float64Array;
  /** items × factors, row-major */
  itemFactors: Float64Array;
  factors: number;
  /** ratings each user and item had in training: an unseen one contributes no bias or factors */
  userSeen: Uint8Array;
  itemSeen: Uint8Array;
  min: number;
  max: number;
}

export interface RatingModelSettings {
  factors: number;
  regularisation: number;
  learningRate: number;
  epochs: number;
  /** standard deviation of the initial factors */
  initScale: number;
  seed: number;
}

/** Surprise's SVD defaults (100 factors, reg 0.02, lr 0.005, 20 epochs, init N(0, 0.1)) */
export const surpriseSvdSettings: RatingModelSettings = {
  factors: 100,
  regularisation: 0.02,
  learningRate: 0.005,
  epochs: 20,
  initScale: 0.1,
  seed: 1,
};

export function predictRating(model: RatingModel, user: number, item: number): number {
  let estimate = model.mean;
  const knownUser = model.userSeen[user] === 1;
  const knownItem = model.itemSeen[item] === 1;
  if (knownUser) estimate += model.userBias[user];
  if (knownItem) estimate += model.itemBias[item];
  if (knownUser && knownItem) {
    const f = model.factors;
    for (let k = 0; k < f; k++) estimate += model.userFactors[user * f + k] * model.itemFactors[item * f + k];
  }
  return Math.min(model.max, Math.max(model.min, estimate));
}

/** Root mean squared and mean absolute error of `model` on `ratings`. */
export function ratingErrors(
  predict: (user: number, item: number) => number,
  ratings: Ratings,
): { rmse: number; mae: number } {
  let squared = 0;
  let absolute = 0;
  for (let r = 0; r < ratings.values.length; r++) {
    const error = ratings.values[r] - predict(ratings.users[r], ratings.items[r]);
    squared += error * error;
    absolute += Math.abs(error);
  }
  const n = Math.max(1, ratings.values.length);
  return { rmse: Math.sqrt(squared / n), mae: absolute / n };
}

/** Epochs without a better validation RMSE after which a fit with validation stops. */
const patience = 5;

/**
 * Fits the model; with `validation`, also returns its RMSE there after every epoch, so the
 * number of epochs can be chosen on data the fit did not see, and stops once `patience` epochs
 * have not improved on the best.
 */
export function fitRatingModel(
  ratings: Ratings,
  settings: RatingModelSettings,
  validation?: Ratings,
): { model: RatingModel; validationRmse: number[] } {
  const random = createSeededRandom(settings.seed);
  const f = settings.factors;
  const { users, items, values } = ratings;
  let sum = 0;
  for (const value of values) sum += value;
  const userFactors = new Float64Array(ratings.userCount * f);
  const itemFactors = new Float64Array(ratings.itemCount * f);
  for (let k = 0; k < userFactors.length; k++) userFactors[k] = random.normal() * settings.initScale;
  for (let k = 0; k < itemFactors.length; k++) itemFactors[k] = random.normal() * settings.initScale;
  const model: RatingModel = {
    mean: values.length > 0 ? sum / values.length : 0,
    userBias: new Float64Array(ratings.userCount),
    itemBias: new Float64Array(ratings.itemCount),
    userFactors,
    itemFactors,
    factors: f,
    userSeen: new Uint8Array(ratings.userCount),
    itemSeen: new Uint8Array(ratings.itemCount),
    min: ratings.min,
    max: ratings.max,
  };
  for (let r = 0; r < values.length; r++) {
    model.userSeen[users[r]] = 1;
    model.itemSeen[items[r]] = 1;
  }
  const order = Int32Array.from({ length: values.length }, (_, r) => r);
  const { learningRate: rate, regularisation: reg } = settings;
  const validationRmse: number[] = [];
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    random.shuffle(order);
    for (const r of order) {
      const u = users[r];
      const i = items[r];
      const userAt = u * f;
      const itemAt = i * f;
      let dot = 0;
      for (let k = 0; k < f; k++) dot += userFactors[userAt + k] * itemFactors[itemAt + k];
      const error = values[r] - (model.mean + model.userBias[u] + model.itemBias[i] + dot);
      model.userBias[u] += rate * (error - reg * model.userBias[u]);
      model.itemBias[i] += rate * (error - reg * model.itemBias[i]);
      for (let k = 0; k < f; k++) {
        const userFactor = userFactors[userAt + k];
        const itemFactor = itemFactors[itemAt + k];
        userFactors[userAt + k] += rate * (error * itemFactor - reg * userFactor);
        itemFactors[itemAt + k] += rate * (error * userFactor - reg * itemFactor);
      }
    }
    if (validation) {
      validationRmse.push(ratingErrors((u, i) => predictRating(model, u, i), validation).rmse);
      const best = validationRmse.indexOf(Math.min(...validationRmse));
      if (epoch - best >= patience) break;
    }
  }
  return { model, validationRmse };
}
