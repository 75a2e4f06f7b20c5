/**
 * Rating prediction on a ratings file, 5-fold cross-validated: Portrait's biased matrix
 * factorisation (settings chosen inside each training fold) against BaselineOnly (global mean plus
 * biases) on the same folds, and Surprise's SVD defaults, beside Surprise's published figures for
 * MovieLens 100k. The file is MovieLens' u.data (user, item, rating, time; tab-separated) or a
 * CSV with a header user_id,item_id,rating. Not shipped with Portrait:
 *
 *   npm run bench:ratings -- path/to/u.data [--folds 5] [--seed 1]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fitBaselineRatings, predictBaselineRating } from '@/lib/ml/recommend/ratings/baselineRatings';
import { crossValidateRatings } from '@/lib/ml/recommend/ratings/crossValidateRatings';
import type { Ratings } from '@/lib/ml/recommend/ratings/explicitRatings';
import {
  fitRatingModel,
  predictRating,
  ratingErrors,
  surpriseSvdSettings,
} from '@/lib/ml/recommend/ratings/ratingModel';
import { splitRatings } from '@/lib/ml/recommend/ratings/tuneRatingModel';

const anchors = [
  ['Surprise SVD (defaults)', 0.934, 0.737],
  ['Surprise SVD++', 0.919, 0.721],
  ['Surprise k-NN Baseline', 0.931, 0.733],
  ['Surprise BaselineOnly', 0.944, 0.748],
] as const;

function readRatings(file: string): Ratings {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const separator = lines[0].includes('\t') ? '\t' : ',';
  const rows = /[a-z]/i.test(lines[0]) ? lines.slice(1) : lines;
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (const line of rows) {
    const [user, item, rating] = line.split(separator);
    if (!userIndex.has(user)) userIndex.set(user, userIndex.size);
    if (!itemIndex.has(item)) itemIndex.set(item, itemIndex.size);
    users.push(userIndex.get(user) as number);
    items.push(itemIndex.get(item) as number);
    values.push(Number(rating));
  }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    values: Float64Array.from(values),
    userCount: userIndex.size,
    itemCount: itemIndex.size,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const file = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
  if (!file) throw new Error('usage: npm run bench:ratings -- path/to/u.data');
  const folds = Number(flag('--folds') ?? 5);
  const seed = Number(flag('--seed') ?? 1);
  const ratings = readRatings(file);
  console.log(
    `file: ${file}: ${ratings.values.length} ratings, ${ratings.userCount} users, ${ratings.itemCount} items`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );

  const started = performance.now();
  const result = crossValidateRatings(ratings, { folds, seed });
  const seconds = (performance.now() - started) / 1000;
  for (const [fold, row] of result.perFold.entries())
    console.log(
      `  fold ${fold + 1}: factors ${row.factors}, reg ${row.regularisation}, ${row.epochs} epochs: RMSE ${row.rmse} (BaselineOnly ${row.baselineRmse})`,
    );
  console.log(
    `Portrait biased MF, tuned inside folds: RMSE ${result.rmse}, MAE ${result.mae} (${seconds.toFixed(1)} s)`,
  );
  console.log(`Portrait BaselineOnly, same folds:      RMSE ${result.baseline.rmse}, MAE ${result.baseline.mae}`);

  // Surprise's SVD with its defaults, on the first fold's split, to check the implementation
  const [train, test] = splitRatings(ratings, 1 / folds, seed);
  const { model } = fitRatingModel(train, { ...surpriseSvdSettings, seed });
  const svd = ratingErrors((u, i) => predictRating(model, u, i), test);
  const baseline = fitBaselineRatings(train);
  const only = ratingErrors((u, i) => predictBaselineRating(baseline, u, i), test);
  console.log(
    `one ${Math.round(100 / folds)}% split: SVD with Surprise's defaults RMSE ${svd.rmse.toFixed(4)}, MAE ${svd.mae.toFixed(4)}; BaselineOnly RMSE ${only.rmse.toFixed(4)}`,
  );
  console.log('anchors (Surprise, MovieLens 100k, 5-fold, published):');
  for (const [name, rmse, mae] of anchors) console.log(`  ${name}: RMSE ${rmse}, MAE ${mae}`);
}

main();
