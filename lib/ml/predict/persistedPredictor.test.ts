import { describe, expect, it } from 'vitest';
import { fitPredictor, type PredictorFamily, type TargetKind } from '@/lib/ml/predict/fitPredictor';
import { type PersistedPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
import type { FeatureRows } from '@/lib/ml/predict/sparseRows';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix } from '@/lib/ml/types';

function planted(
  rows: number,
  seed: number,
): { matrix: DenseMatrix; binary: number[]; classes: number[]; numeric: number[] } {
  const random = createSeededRandom(seed);
  const cols = 5;
  const data = new Float32Array(rows * cols);
  const binary: number[] = [];
  const classes: number[] = [];
  const numeric: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = random.normal() * (c + 1) + c;
    if (r % 17 === 0) data[r * cols + 4] = Number.NaN;
    binary.push(data[r * cols] + 0.3 * random.normal() > 0 ? 1 : 0);
    classes.push(data[r * cols + 1] < 0 ? 0 : data[r * cols + 1] < 2 ? 1 : 2);
    numeric.push(3 * data[r * cols] - data[r * cols + 2] + random.normal());
  }
  return { matrix: { rows, cols, data }, binary, classes, numeric };
}

describe('a fitted predictor stored as JSON and restored', () => {
  const train = planted(600, 1);
  const unseen = planted(200, 2).matrix;
  const cases: [PredictorFamily, TargetKind, number[], number | undefined][] = [
    ['linear', 'binary', train.binary, 2],
    ['linear', 'numeric', train.numeric, undefined],
    ['boosting', 'numeric', train.numeric, undefined],
    ['linear', 'multiclass', train.classes, 3],
    ['boosting', 'binary', train.binary, 2],
    ['boosting', 'multiclass', train.classes, 3],
  ];
  for (const [family, kind, labels, classes] of cases) {
    it(`${family} ${kind}: predicts unseen rows as the fitted model does`, async () => {
      const fitted = await fitPredictor(family, kind, train.matrix, labels, {
        classes,
        seed: 3,
        boosting: { rounds: 20 },
      });
      const persisted = fitted.persist?.() as PersistedPredictor;
      expect(persisted.family).toBe(family);
      const restored = await restorePredictor(JSON.parse(JSON.stringify(persisted)));
      const expected = fitted.predict(unseen);
      const actual = restored.predict(unseen);
      expect(actual).toHaveLength(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 6);
      fitted.free();
      restored.free();
    });
  }
});

/** Users choosing 5 to 12 of 80 items; the labels follow a block of 10 items. */
function plantedItems(
  rows: number,
  seed: number,
): { matrix: FeatureRows; binary: number[]; classes: number[]; numeric: number[] } {
  const random = createSeededRandom(seed);
  const items = 80;
  const rowStart = new Int32Array(rows + 1);
  const index: number[] = [];
  const binary: number[] = [];
  const classes: number[] = [];
  const numeric: number[] = [];
  for (let r = 0; r < rows; r++) {
    const picks = Array.from(random.sampleIndexes(items, 5 + random.int(8))).sort((a, b) => a - b);
    index.push(...picks);
    rowStart[r + 1] = index.length;
    const hits = picks.filter((item) => item < 10).length;
    binary.push(hits > 0 ? 1 : 0);
    classes.push(Math.min(2, hits));
    numeric.push(3 * hits + random.normal());
  }
  return {
    matrix: {
      rows,
      cols: 2,
      data: Float32Array.from({ length: rows * 2 }, () => random.normal()),
      itemRows: {
        rows,
        cols: items,
        rowStart,
        index: Int32Array.from(index),
        value: new Float32Array(index.length).fill(1),
      },
    },
    binary,
    classes,
    numeric,
  };
}

describe('a fitted items model stored as JSON and restored', () => {
  const train = plantedItems(500, 5);
  const unseen = plantedItems(150, 6).matrix;
  const cases: [TargetKind, number[], number | undefined, 'binary' | 'tfidf'][] = [
    ['binary', train.binary, 2, 'tfidf'],
    ['multiclass', train.classes, 3, 'tfidf'],
    ['numeric', train.numeric, undefined, 'binary'],
    ['multiclass', train.classes, 3, 'binary'],
  ];
  for (const [kind, labels, classes, weighting] of cases) {
    it(`${kind} with ${weighting} weighting: predicts unseen rows bit for bit as the fitted model does`, async () => {
      const fitted = await fitPredictor('items', kind, train.matrix, labels, { classes, seed: 3, l2: 1, weighting });
      const persisted = fitted.persist?.() as PersistedPredictor;
      expect(persisted.family).toBe('items');
      const restored = await restorePredictor(JSON.parse(JSON.stringify(persisted)));
      expect(Array.from(restored.predict(unseen))).toEqual(Array.from(fitted.predict(unseen)));
    });
  }
});
