import { describe, expect, it } from 'vitest';
import { fitPredictor, type PredictorFamily, type TargetKind } from '@/lib/ml/predict/fitPredictor';
import { type PersistedPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
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
