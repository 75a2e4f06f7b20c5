import type { Ratings } from './explicitRatings';

export interface BaselineRatingModel {
  mean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  min: number;
  max: number;
}

export interface BaselineSettings {
  /** Surprise's BaselineOnly defaults: reg_i 10, reg_u 15, 10 epochs of alternating least squares */
  itemRegularisation: number;
  userRegularisation: number;
  epochs: number;
}

export const surpriseBaselineSettings: BaselineSettings = {
  itemRegularisation: 10,
  userRegularisation: 15,
  epochs: 10,
};

/**
 * Global mean plus user and item biases fitted by alternating least squares, as Surprise's
 * `BaselineOnly`: the baseline every rating model is measured against.
 */
export function fitBaselineRatings(ratings: Ratings, settings = surpriseBaselineSettings): BaselineRatingModel {
  const { users, items, values } = ratings;
  let sum = 0;
  for (const value of values) sum += value;
  const mean = values.length > 0 ? sum / values.length : 0;
  const userBias = new Float64Array(ratings.userCount);
  const itemBias = new Float64Array(ratings.itemCount);
  const userSums = new Float64Array(ratings.userCount);
  const userCounts = new Float64Array(ratings.userCount);
  const itemSums = new Float64Array(ratings.itemCount);
  const itemCounts = new Float64Array(ratings.itemCount);
  for (let r = 0; r < values.length; r++) {
    userCounts[users[r]] += 1;
    itemCounts[items[r]] += 1;
  }
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    itemSums.fill(0);
    for (let r = 0; r < values.length; r++) itemSums[items[r]] += values[r] - mean - userBias[users[r]];
    for (let i = 0; i < itemBias.length; i++) itemBias[i] = itemSums[i] / (settings.itemRegularisation + itemCounts[i]);
    userSums.fill(0);
    for (let r = 0; r < values.length; r++) userSums[users[r]] += values[r] - mean - itemBias[items[r]];
    for (let u = 0; u < userBias.length; u++) userBias[u] = userSums[u] / (settings.userRegularisation + userCounts[u]);
  }
  return { mean, userBias, itemBias, min: ratings.min, max: ratings.max };
}

export function predictBaselineRating(model: BaselineRatingModel, user: number, item: number): number {
  const estimate = model.mean + model.userBias[user] + model.itemBias[item];
  return Math.min(model.max, Math.max(model.min, estimate));
}
