import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { EventTable } from '@/lib/ml/types';
import { fitBaselineRatings, predictBaselineRating } from './baselineRatings';
import { crossValidateRatings } from './crossValidateRatings';
import { explicitRatings, type Ratings } from './explicitRatings';
import { fitRatingModel, predictRating, ratingErrors, surpriseSvdSettings } from './ratingModel';
import { beatsBaseline, trainServedRatings } from './servedRatingModel';
import { splitRatings } from './tuneRatingModel';

/**
 * Ratings of `users` × `items` drawn from a known model: 3 + user bias + item bias, plus (when
 * `taste`) a two-factor taste term, plus noise of standard deviation 0.3; a share `density`
 * of pairs is rated, on a 1-5 scale.
 */
function plantedRatings(options: { users: number; items: number; density: number; taste: boolean; seed: number }) {
  const random = createSeededRandom(options.seed);
  const userBias = Array.from({ length: options.users }, () => random.normal() * 0.4);
  const itemBias = Array.from({ length: options.items }, () => random.normal() * 0.4);
  const userTaste = Array.from({ length: options.users }, () => [random.normal(), random.normal()]);
  const itemTaste = Array.from({ length: options.items }, () => [random.normal(), random.normal()]);
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < options.users; u++) {
    for (let i = 0; i < options.items; i++) {
      if (random.next() >= options.density) continue;
      const taste = options.taste ? 0.6 * (userTaste[u][0] * itemTaste[i][0] + userTaste[u][1] * itemTaste[i][1]) : 0;
      const value = 3 + userBias[u] + itemBias[i] + taste + random.normal() * 0.3;
      users.push(u);
      items.push(i);
      values.push(Math.min(5, Math.max(1, value)));
    }
  }
  const ratings: Ratings = {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    values: Float64Array.from(values),
    userCount: options.users,
    itemCount: options.items,
    min: 1,
    max: 5,
  };
  return ratings;
}

function eventTable(rows: [string, string | null, string, number, number][]): EventTable {
  const userIds = [...new Set(rows.map((row) => row[0]))];
  const itemIds = [...new Set(rows.map((row) => row[1]).filter((item): item is string => item !== null))];
  const types = [...new Set(rows.map((row) => row[2]))];
  return {
    userIds,
    itemIds,
    types,
    user: Int32Array.from(rows.map((row) => userIds.indexOf(row[0]))),
    item: Int32Array.from(rows.map((row) => (row[1] === null ? -1 : itemIds.indexOf(row[1])))),
    type: Int32Array.from(rows.map((row) => types.indexOf(row[2]))),
    ts: Float64Array.from(rows.map((row) => row[3])),
    value: Float64Array.from(rows.map((row) => row[4])),
    text: rows.map(() => null),
  };
}

describe('explicit ratings', () => {
  it('keeps the latest rating per user and item, and ignores events without an item, a value or a rating type', () => {
    const ratings = explicitRatings(
      eventTable([
        ['u1', 'a', 'rate', 2, 5],
        ['u1', 'a', 'rate', 1, 2],
        ['u1', 'b', 'rating', 1, 4],
        ['u1', null, 'rate', 1, 3],
        ['u2', 'a', 'rate', 1, Number.NaN],
        ['u2', 'b', 'purchase', 1, 30],
        ['u2', 'b', 'review', 3, 1],
      ]),
    );
    const pairs = Array.from(ratings.values, (value, r) => `${ratings.users[r]}:${ratings.items[r]}=${value}`).sort();
    expect(pairs).toEqual(['0:0=5', '0:1=4', '1:1=1']);
    expect([ratings.min, ratings.max]).toEqual([1, 5]);
  });
});

describe('rating models', () => {
  it('BaselineOnly recovers planted user and item biases', () => {
    const ratings = plantedRatings({ users: 200, items: 100, density: 0.3, taste: false, seed: 3 });
    const [train, test] = splitRatings(ratings, 0.2, 1);
    const baseline = fitBaselineRatings(train);
    const errors = ratingErrors((u, i) => predictBaselineRating(baseline, u, i), test);
    expect(errors.rmse).toBeLessThan(0.4);
    const mean = ratings.values.reduce((sum, value) => sum + value, 0) / ratings.values.length;
    const meanOnly = ratingErrors(() => mean, test);
    expect(errors.rmse).toBeLessThan(meanOnly.rmse * 0.75);
  });

  it('biased matrix factorisation learns a planted taste term that biases alone cannot', () => {
    const ratings = plantedRatings({ users: 300, items: 150, density: 0.25, taste: true, seed: 5 });
    const [train, test] = splitRatings(ratings, 0.2, 2);
    const { model } = fitRatingModel(train, {
      ...surpriseSvdSettings,
      factors: 10,
      regularisation: 0.05,
      learningRate: 0.01,
      epochs: 40,
    });
    const mf = ratingErrors((u, i) => predictRating(model, u, i), test);
    const baseline = fitBaselineRatings(train);
    const biases = ratingErrors((u, i) => predictBaselineRating(baseline, u, i), test);
    expect(mf.rmse).toBeLessThan(biases.rmse * 0.8);
    expect(mf.rmse).toBeLessThan(0.45);
  });

  it('cross-validates against BaselineOnly on the same folds, choosing settings inside each', () => {
    const ratings = plantedRatings({ users: 150, items: 80, density: 0.3, taste: true, seed: 7 });
    const result = crossValidateRatings(ratings, {
      folds: 3,
      seed: 1,
      grid: { factors: [5, 10], regularisation: [0.05, 0.1], learningRate: 0.01, maxEpochs: 30 },
    });
    expect(result).toMatchObject({ model: 'biased-mf', folds: 3, ratings: ratings.values.length });
    expect(result.perFold).toHaveLength(3);
    expect(result.rmse).toBeLessThan(result.baseline.rmse);
    for (const fold of result.perFold) expect([5, 10]).toContain(fold.factors);
  });

  it('serves the model only when its errors are lower than the baseline errors by a significant margin', () => {
    const ratings = plantedRatings({ users: 100, items: 50, density: 0.2, taste: false, seed: 11 });
    const truth = new Map<string, number>();
    for (let r = 0; r < ratings.values.length; r++)
      truth.set(`${ratings.users[r]}:${ratings.items[r]}`, ratings.values[r]);
    const exact = (u: number, i: number) => truth.get(`${u}:${i}`) ?? 3;
    const random = createSeededRandom(4);
    const noisy = new Map([...truth].map(([key, value]) => [key, value + random.normal() * 0.5]));
    const rough = (u: number, i: number) => noisy.get(`${u}:${i}`) ?? 3;
    expect(beatsBaseline(exact, rough, ratings)).toBe(true);
    expect(beatsBaseline(rough, rough, ratings)).toBe(false);
    expect(beatsBaseline(rough, exact, ratings)).toBe(false);
    // better on two ratings of ten by luck is no evidence
    const few = {
      ...ratings,
      users: ratings.users.slice(0, 10),
      items: ratings.items.slice(0, 10),
      values: ratings.values.slice(0, 10),
    };
    const lucky = new Set([`${few.users[0]}:${few.items[0]}`, `${few.users[1]}:${few.items[1]}`]);
    const luckyOnTwo = (u: number, i: number) => (lucky.has(`${u}:${i}`) ? exact(u, i) : rough(u, i));
    expect(beatsBaseline(luckyOnTwo, rough, few)).toBe(false);
  });

  it('records the rating model with its validation figures beside mean plus biases', () => {
    const ratings = plantedRatings({ users: 200, items: 80, density: 0.25, taste: true, seed: 13 });
    const rows: [string, string, string, number, number][] = [];
    for (let r = 0; r < ratings.values.length; r++)
      rows.push([`u${ratings.users[r]}`, `i${ratings.items[r]}`, 'rate', r, ratings.values[r]]);
    const served = trainServedRatings(eventTable(rows), 1);
    expect(served.status).toBe('trained');
    if (served.status !== 'trained') return;
    expect(served.metrics).toMatchObject({ model: 'biased-mf', ratings: ratings.values.length, scale: [1, 5] });
    expect(served.metrics.validationRmse).toBeLessThan(served.metrics.baseline.rmse);
    expect(served.metrics.replacedByBaseline).toBeUndefined();
  });

  it('skips data with too few ratings, with the reason', () => {
    const served = trainServedRatings(eventTable([['u1', 'a', 'rate', 1, 5]]), 1);
    expect(served).toEqual({ status: 'skipped', reason: expect.stringMatching(/1 ratings; at least 200/) });
  });
});
