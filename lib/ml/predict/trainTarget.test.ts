import { describe, expect, it } from 'vitest';
import { concatenateColumns } from '@/lib/ml/predict/concatenateColumns';
import { crossValidateAttribute } from '@/lib/ml/predict/crossValidateAttribute';
import { encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import { fitPredictor } from '@/lib/ml/predict/fitPredictor';
import { hashedItemFeatures } from '@/lib/ml/predict/hashedItemFeatures';
import { interactionSvdFeatures } from '@/lib/ml/predict/interactionSvdFeatures';
import { areaUnderRoc } from '@/lib/ml/predict/metrics';
import { defaultTrainingRowLimit, selectRows, trainTarget } from '@/lib/ml/predict/trainTarget';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { AttributeColumn, DenseMatrix } from '@/lib/ml/types';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

function noiseFeatures(rows: number, cols: number, seed: number): DenseMatrix {
  const random = createSeededRandom(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => random.normal()) };
}

/**
 * Users whose attributes are visible only through what they buy: each user buys mostly within
 * one of six item groups, and the attributes are functions of the group. A "profile" block of
 * pure noise stands in for profile vectors that know nothing about the attribute.
 */
function plantedAttributeShop(users: number) {
  const planted = generatePlantedInteractions({ users, items: 120, groups: 6, itemsPerUser: [6, 14], seed: 17 });
  const interactions = buildUserItemInteractions(planted.events);
  const random = createSeededRandom(99);
  const group = planted.userGroup;
  const columns: AttributeColumn[] = [
    {
      name: 'has_children',
      kind: 'boolean',
      values: Array.from(group, (g) => (random.next() < 0.1 ? g % 2 === 1 : g % 2 === 0)),
    },
    {
      name: 'city',
      kind: 'string',
      values: Array.from(group, (g) =>
        random.next() < 0.15 ? ['Oslo', 'Lima', 'Pune'][random.int(3)] : ['Oslo', 'Lima', 'Pune'][g % 3],
      ),
    },
    {
      name: 'age',
      kind: 'number',
      values: Array.from(group, (g, u) => (u % 5 === 0 ? null : 20 + 8 * g + 3 * random.normal())),
    },
  ];
  const features = concatenateColumns(
    noiseFeatures(users, 4, 5),
    interactionSvdFeatures(interactions, { components: 12, seed: 1 }),
    hashedItemFeatures(interactions, planted.events.itemIds, { buckets: 32 }),
  );
  const featureNames = [
    ...['p0', 'p1', 'p2', 'p3'],
    ...Array.from({ length: 12 }, (_, k) => `svd ${k}`),
    ...Array.from({ length: 32 }, (_, k) => `items#${k}`),
  ];
  return { features, featureNames, columns };
}

describe('crossValidateAttribute on attributes planted in purchase behaviour', () => {
  const shop = plantedAttributeShop(500);
  const crossValidate = async (column: AttributeColumn) => {
    const target = encodeAttributeTarget(column);
    if (target.status !== 'ready') throw new Error(target.reason);
    const result = await crossValidateAttribute({
      features: selectRows(shop.features, target.rows),
      labels: target.labels,
      kind: target.kind,
      featureNames: shop.featureNames,
      seed: 2,
      minPerClass: 50,
      boosting: { rounds: 20, maxDepth: 3 },
    });
    return result;
  };

  it('predicts a boolean attribute with AUC far above the 0.5 baseline', async () => {
    const result = await crossValidate(shop.columns[0]);
    if (result.status !== 'evaluated') throw new Error(result.reason);
    expect(result.attribute.metric).toBe('auc');
    expect(result.attribute.baseline).toBe(0.5);
    expect(result.attribute.value).toBeGreaterThan(0.8);
    expect(result.attribute.labelled).toBe(500);
    expect(result.folds).toBe(5);
  });

  it('predicts a three-valued attribute with macro-F1 far above the majority-class guess', async () => {
    const result = await crossValidate(shop.columns[1]);
    if (result.status !== 'evaluated') throw new Error(result.reason);
    expect(result.attribute.metric).toBe('macroF1');
    expect(result.attribute.value).toBeGreaterThan(0.7);
    expect(result.attribute.value).toBeGreaterThan(result.attribute.baseline + 0.4);
    expect(result.attribute.accuracy).toBeGreaterThan((result.attribute.baselineAccuracy ?? 1) + 0.3);
  });

  it('predicts a numeric attribute with MAE well under the median guess, over labelled users only', async () => {
    const result = await crossValidate(shop.columns[2]);
    if (result.status !== 'evaluated') throw new Error(result.reason);
    expect(result.attribute.metric).toBe('mae');
    expect(result.attribute.labelled).toBe(400);
    expect(result.attribute.value).toBeLessThan(0.6 * result.attribute.baseline);
  });
});

describe('trainTarget', () => {
  it('skips a binary target with 50 positives and says why', async () => {
    const features = noiseFeatures(1000, 3, 1);
    const labels = Float64Array.from({ length: 1000 }, (_, r) => (r % 20 === 0 ? 1 : 0));
    const result = await trainTarget({ features, labels, kind: 'binary', featureNames: ['a', 'b', 'c'] });
    expect(result).toEqual({
      status: 'skipped',
      reason: 'only 50 positive examples; at least 100 positives and 100 negatives are needed',
      labelled: 1000,
      positives: 50,
      negatives: 950,
    });
  });

  it('skips a numeric target with too few labelled users', async () => {
    const result = await trainTarget({
      features: noiseFeatures(150, 2, 1),
      labels: new Float64Array(150).map((_, r) => r),
      kind: 'numeric',
      featureNames: ['a', 'b'],
    });
    expect(result.status).toBe('skipped');
    if (result.status === 'skipped') expect(result.reason).toBe('only 150 labelled users; at least 200 are needed');
  });

  it('reports hold-out metrics against the baseline, names the planted feature first and scores new rows', async () => {
    const rows = 1200;
    const features = noiseFeatures(rows, 4, 8);
    const random = createSeededRandom(4);
    const labels = Float64Array.from({ length: rows }, (_, r) =>
      features.data[r * 4 + 2] + 0.5 * random.normal() > 0.3 ? 1 : 0,
    );
    const result = await trainTarget({
      features,
      labels,
      kind: 'binary',
      featureNames: ['noise a', 'noise b', 'signal', 'noise c'],
      predictFeatures: { rows: 2, cols: 4, data: Float32Array.from([0, 0, 3, 0, 0, 0, -3, 0]) },
      seed: 1,
      boosting: { rounds: 60 },
    });
    if (result.status !== 'trained') throw new Error(result.reason);
    expect(result.split).toEqual({
      kind: 'stratified-holdout',
      testFraction: 0.2,
      seed: 1,
      trainRows: 960,
      testRows: 240,
    });
    expect(Object.keys(result.validation).sort()).toEqual(['boosting', 'linear']);
    expect(result.holdout.metric).toBe('auc');
    expect(result.holdout.value).toBeGreaterThan(0.85);
    expect(result.holdout.baseline).toBe(0.5);
    expect(result.holdout.lift10).toBeGreaterThan(1.8);
    expect(result.topFeatures[0].name).toBe('signal');
    expect(result.positives).toBeGreaterThan(100);
    expect(result.predictions?.[0]).toBeGreaterThan(0.9);
    expect(result.predictions?.[1]).toBeLessThan(0.1);
  });
});

describe('trainTarget past its training row limit', () => {
  const rows = 2000;
  const features = noiseFeatures(rows, 4, 31);
  const random = createSeededRandom(32);
  const labels = Float64Array.from({ length: rows }, (_, r) =>
    features.data[r * 4 + 1] + 0.5 * random.normal() > 0 ? 1 : 0,
  );
  const predictFeatures = noiseFeatures(50, 4, 33);
  const train = (trainingRowLimit: number) =>
    trainTarget({
      features,
      labels,
      kind: 'binary',
      featureNames: ['a', 'signal', 'b', 'c'],
      predictFeatures,
      seed: 3,
      families: ['linear'],
      trainingRowLimit,
    });

  it('learns from a stratified sample of the limit, scores every held-out row and every row to predict', async () => {
    const result = await train(500);
    if (result.status !== 'trained') throw new Error(result.reason);
    expect(result.split.trainRows).toBe(500);
    expect(result.split.testRows).toBe(400);
    // the evaluated model already learned from 500 rows: it is the final model, not refitted
    expect(result.trainedOn).toEqual({ rows: 500, sampled: true });
    expect(result.labelled).toBe(rows);
    expect(result.predictions).toHaveLength(50);
    expect(result.holdout.value).toBeGreaterThan(0.8);
    expect(result.topFeatures[0].name).toBe('signal');
  });

  it('refits on a sample of the limit drawn from all labelled rows when the training part is under it', async () => {
    const result = await train(1800);
    if (result.status !== 'trained') throw new Error(result.reason);
    expect(result.split.trainRows).toBe(1600);
    expect(result.trainedOn).toEqual({ rows: 1800, sampled: true });
  });

  it('learns from every row under the limit, as before', async () => {
    const result = await train(5000);
    if (result.status !== 'trained') throw new Error(result.reason);
    expect(result.split.trainRows).toBe(1600);
    expect(result.trainedOn).toEqual({ rows: 2000, sampled: false });
  });

  it('keeps more rows for narrow models: the default limit bounds rows × coefficients', () => {
    expect(defaultTrainingRowLimit(178, 11)).toBe(20_000);
    expect(defaultTrainingRowLimit(34, 1)).toBe(114_285);
  });
});

describe('encodeAttributeTarget', () => {
  it('never encodes a sensitive attribute', () => {
    const column: AttributeColumn = { name: 'Religion', kind: 'string', values: ['a', 'b'] };
    expect(encodeAttributeTarget(column, { sensitiveAttributes: ['religion'] })).toEqual({
      status: 'skipped',
      reason: 'Religion is marked sensitive and is never inferred',
    });
  });

  it('pools rare string values into "other" and leaves out users without a value', () => {
    const values = [...new Array(30).fill('x'), ...new Array(25).fill('y'), 'rare', null, 'z', 'z', 'z'];
    const target = encodeAttributeTarget({ name: 'plan', kind: 'string', values }, { minClassSize: 20 });
    if (target.status !== 'ready') throw new Error(target.reason);
    expect(target.kind).toBe('multiclass');
    expect(target.classNames).toEqual(['x', 'y', 'other']);
    expect(target.rows).toHaveLength(59);
    expect(Array.from(target.labels.slice(55))).toEqual([2, 2, 2, 2]);
  });
});

describe('leakage: a model is never scored on rows it was fitted on', () => {
  // Labels are coin flips and each row has a feature of its own (one-hot identity): a model can
  // only score well by memorising rows, which works only on rows it has seen.
  const rows = 400;
  const random = createSeededRandom(21);
  const labels = Float64Array.from({ length: rows }, () => (random.next() < 0.5 ? 1 : 0));
  const identity: DenseMatrix = { rows, cols: rows, data: new Float32Array(rows * rows) };
  for (let r = 0; r < rows; r++) identity.data[r * rows + r] = 1;
  const featureNames = Array.from({ length: rows }, (_, r) => `row ${r}`);

  it('memorises seen rows (the probe can detect leakage)', async () => {
    const model = await fitPredictor('linear', 'binary', identity, labels, { classes: 2 });
    expect(areaUnderRoc(model.predict(identity), labels)).toBeGreaterThan(0.95);
  });

  it('cross-validated attribute AUC stays at chance', async () => {
    const result = await crossValidateAttribute({
      features: identity,
      labels,
      kind: 'binary',
      featureNames,
      seed: 1,
      minPerClass: 50,
      families: ['linear'],
    });
    if (result.status !== 'evaluated') throw new Error(result.reason);
    expect(Math.abs(result.attribute.value - 0.5)).toBeLessThan(0.1);
  });

  it('the hold-out AUC of a trained target stays at chance', async () => {
    const result = await trainTarget({
      features: identity,
      labels,
      kind: 'binary',
      featureNames,
      seed: 1,
      minPerClass: 50,
      families: ['linear'],
    });
    if (result.status !== 'trained') throw new Error(result.reason);
    expect(Math.abs(result.holdout.value - 0.5)).toBeLessThan(0.15);
  });
});
