import { describe, expect, it } from 'vitest';
import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { crossValidateAttribute } from '@/lib/ml/predict/crossValidateAttribute';
import { crossValidateItemAnchor } from '@/lib/ml/predict/itemAnchor';
import { fitItemLinearModel, itemL2Grid } from '@/lib/ml/predict/itemLinearModel';
import { macroF1, meanAbsoluteError, median } from '@/lib/ml/predict/metrics';
import { attributeFamilies } from '@/lib/ml/predict/modelSettings';
import { selectFeatureRows } from '@/lib/ml/predict/sparseRows';
import { numericStrata, stratifiedFolds } from '@/lib/ml/predict/stratifiedSplits';
import { argmaxRows } from '@/lib/ml/predict/targetMetrics';
import { trainTarget } from '@/lib/ml/predict/trainTarget';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

/**
 * Users who each choose 8 to 16 of 300 items at random; the attribute is planted in a set of 25
 * items: positive for a user who chose any of them (10% of labels flipped), and a number that
 * grows with how many of them the user chose. Nothing else about the user says anything.
 */
function plantedItemSet(users: number, seed: number) {
  const items = 300;
  const random = createSeededRandom(seed);
  const planted = new Uint8Array(items);
  for (const item of random.sampleIndexes(items, 25)) planted[item] = 1;
  const userStart = new Int32Array(users + 1);
  const chosen: number[] = [];
  const binary = new Float64Array(users);
  const numeric = new Float64Array(users);
  for (let u = 0; u < users; u++) {
    const picks = Array.from(random.sampleIndexes(items, 8 + random.int(9))).sort((a, b) => a - b);
    chosen.push(...picks);
    userStart[u + 1] = chosen.length;
    const hits = picks.filter((item) => planted[item] === 1).length;
    binary[u] = (hits > 0 ? 1 : 0) ^ (random.next() < 0.1 ? 1 : 0);
    numeric[u] = 30 + 6 * hits + 2 * random.normal();
  }
  const interactions: UserItemInteractions = {
    users,
    items,
    userStart,
    itemIndex: Int32Array.from(chosen),
    lastTs: new Float64Array(chosen.length),
  };
  const noise = { rows: users, cols: 4, data: Float32Array.from({ length: users * 4 }, () => random.normal()) };
  const features = attributeFeatures({
    profile: noise,
    itemFactors: { rows: users, cols: 0, data: new Float32Array(0) },
    interactions,
    itemIds: Array.from({ length: items }, (_, i) => `sku-${i}`),
  });
  return { features, binary, numeric };
}

describe('attribute inference on an attribute planted in an item set', () => {
  const shop = plantedItemSet(800, 3);
  const cv = (families: ReturnType<typeof attributeFamilies>['families']) =>
    crossValidateAttribute({
      features: shop.features.matrix,
      labels: shop.binary,
      kind: 'binary',
      featureNames: shop.features.names,
      seed: 1,
      boosting: { rounds: 20, maxDepth: 3 },
      families,
    });

  const anchor = (labels: Float64Array, kind: 'binary' | 'numeric', foldOf: Int32Array) => {
    const options = { kind, classes: kind === 'binary' ? 2 : 1, foldOf, seed: 1 };
    const figures = (['binary', 'tfidf'] as const).map(
      (weighting) => crossValidateItemAnchor(shop.features.matrix, labels, { ...options, weighting }).value,
    );
    return kind === 'numeric' ? Math.min(...figures) : Math.max(...figures);
  };

  it('at least matches the AUC of a logistic regression tuned on the raw user x item matrix, on the same folds', async () => {
    const served = await cv(attributeFamilies('binary', 2, 800).families);
    const dense = await cv(['linear', 'boosting']);
    if (served.status !== 'evaluated' || dense.status !== 'evaluated') throw new Error('not evaluated');
    const best = anchor(shop.binary, 'binary', stratifiedFolds(shop.binary, 5, 1));
    expect(best).toBeGreaterThan(0.75);
    expect(served.auc).toBeGreaterThanOrEqual(best - 0.002);
    expect(served.familiesChosen.filter((family) => family === 'items').length).toBeGreaterThanOrEqual(4);
    // the dense features alone (noise, hashed item buckets) fall short of it
    expect(dense.auc).toBeLessThan(best - 0.05);
  });

  it('at least matches the MAE of a ridge regression tuned on the raw user x item matrix, on the same folds', async () => {
    const served = await crossValidateAttribute({
      features: shop.features.matrix,
      labels: shop.numeric,
      kind: 'numeric',
      featureNames: shop.features.names,
      seed: 1,
      boosting: { rounds: 20, maxDepth: 3 },
      families: attributeFamilies('numeric', 0, 800).families,
    });
    if (served.status !== 'evaluated') throw new Error('not evaluated');
    const best = anchor(shop.numeric, 'numeric', stratifiedFolds(numericStrata(shop.numeric), 5, 1));
    expect(best).toBeLessThan(0.6 * served.attribute.baseline);
    expect(served.attribute.value).toBeLessThanOrEqual(best + 0.01);
  });

  it('chooses the weighting and L2 penalty on inner validation folds of the training rows, the best of its grid', () => {
    const model = fitItemLinearModel(shop.features.matrix, shop.binary, { kind: 'binary', dense: false, seed: 4 });
    expect(model.validation.map((entry) => [entry.weighting, entry.l2])).toEqual([
      ...itemL2Grid('tfidf').map((l2) => ['tfidf', l2]),
      ...itemL2Grid('binary').map((l2) => ['binary', l2]),
    ]);
    const best = model.validation.reduce((a, b) => (b.value > a.value ? b : a));
    expect([model.weighting, model.l2]).toEqual([best.weighting, best.l2]);
    // the same rows and seed choose the same penalty; a fixed one skips the search
    expect(fitItemLinearModel(shop.features.matrix, shop.binary, { kind: 'binary', dense: false, seed: 4 }).l2).toBe(
      model.l2,
    );
    expect(
      fitItemLinearModel(shop.features.matrix, shop.binary, { kind: 'binary', dense: false, l2: 5 }).validation,
    ).toEqual([]);
  });

  it('names the planted items among the top features when the items family is served', async () => {
    const trained = await trainTarget({
      features: shop.features.matrix,
      labels: shop.binary,
      kind: 'binary',
      featureNames: shop.features.names,
      seed: 2,
      families: ['items'],
    });
    if (trained.status !== 'trained') throw new Error(trained.reason);
    expect(trained.model).toBe('items');
    expect(trained.holdout.value).toBeGreaterThan(0.75);
    expect(trained.topFeatures.every((feature) => feature.name.startsWith('item sku-'))).toBe(true);
  });

  it('predicts a number from the item rows with ridge regression well under the median guess', () => {
    const rows = Int32Array.from({ length: 800 }, (_, r) => r);
    const train = rows.filter((r) => r % 5 !== 0);
    const test = rows.filter((r) => r % 5 === 0);
    const labels = Float64Array.from(train, (r) => shop.numeric[r]);
    const model = fitItemLinearModel(selectFeatureRows(shop.features.matrix, train), labels, {
      kind: 'numeric',
      weighting: 'binary',
    });
    const truth = Float64Array.from(test, (r) => shop.numeric[r]);
    const predicted = model.predict(selectFeatureRows(shop.features.matrix, test));
    const guess = new Float64Array(test.length).fill(median(labels));
    expect(meanAbsoluteError(predicted, truth)).toBeLessThan(0.6 * meanAbsoluteError(guess, truth));
  });

  it('gives class probabilities that sum to one for several classes', () => {
    const labels = Float64Array.from(shop.numeric, (value) => (value < 33 ? 0 : value < 38 ? 1 : 2));
    const model = fitItemLinearModel(shop.features.matrix, labels, { kind: 'multiclass', classes: 3, l2: 1 });
    const probabilities = model.predict(selectFeatureRows(shop.features.matrix, [0, 1, 2]));
    expect(probabilities).toHaveLength(9);
    for (let r = 0; r < 3; r++) {
      expect(probabilities[r * 3] + probabilities[r * 3 + 1] + probabilities[r * 3 + 2]).toBeCloseTo(1, 10);
    }
  });

  it('weighs classes evenly in the guess on request, so a rare class is predicted and macro-F1 rises, while the probabilities stay unweighted', () => {
    const sorted = Float64Array.from(shop.numeric).sort();
    const rare = sorted[Math.floor(0.93 * sorted.length)];
    const labels = Float64Array.from(shop.numeric, (value) => (value >= rare ? 2 : value < 33 ? 0 : 1));
    const rows = Int32Array.from({ length: 800 }, (_, r) => r);
    const train = rows.filter((r) => r % 4 !== 0);
    const test = rows.filter((r) => r % 4 === 0);
    const truth = Float64Array.from(test, (r) => labels[r]);
    const fitted = (balanced: boolean) => {
      const model = fitItemLinearModel(
        selectFeatureRows(shop.features.matrix, train),
        Float64Array.from(train, (r) => labels[r]),
        { kind: 'multiclass', classes: 3, l2: 3, balanced },
      );
      const probabilities = model.predict(selectFeatureRows(shop.features.matrix, test));
      const predicted = argmaxRows(probabilities, 3, model.guessWeights);
      return { probabilities, rare: predicted.filter((label) => label === 2).length, f1: macroF1(predicted, truth) };
    };
    const plain = fitted(false);
    const balanced = fitted(true);
    expect(balanced.rare).toBeGreaterThan(plain.rare);
    expect(balanced.f1).toBeGreaterThan(plain.f1);
    expect(balanced.probabilities).toEqual(plain.probabilities);
  });

  it('leaves the items family out where the rows carry no items', async () => {
    const { itemRows: _, ...dense } = shop.features.matrix;
    const trained = await trainTarget({
      features: dense,
      labels: shop.binary,
      kind: 'binary',
      featureNames: shop.features.names,
      seed: 2,
      families: ['linear', 'items'],
    });
    if (trained.status !== 'trained') throw new Error(trained.reason);
    expect(trained.model).toBe('linear');
  });
});
