import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import { argmaxRows } from '@/lib/ml/predict/targetMetrics';
import { roundScore } from '@/lib/ml/predict/targets/targetTraining';

/** What an attribute model's stored guess is built from beside its predictions. */
export interface AttributeGuessModel {
  kind: TargetKind;
  /** binary: [negative, positive]; multiclass: name per class index; absent for a number */
  classNames?: string[];
  /** multiclass: what each class's probability is multiplied by before the guess */
  guessWeights?: ArrayLike<number>;
}

/**
 * The stored guess of row r of an attribute model's predictions: the class (argmax of probability
 * × guessWeights) with its probability and every class's, the positive probability of a yes/no
 * attribute, or the number. Training and every later scoring build it here, so they agree.
 */
export function attributeGuess(
  model: AttributeGuessModel,
  predictions: Float64Array,
  r: number,
): { value: number; detail: object } {
  const classes = model.classNames ?? [];
  if (model.kind === 'multiclass') {
    const row = predictions.subarray(r * classes.length, (r + 1) * classes.length);
    const probabilities = Array.from(row);
    const best = argmaxRows(row, classes.length, model.guessWeights)[0];
    return {
      value: roundScore(probabilities[best]),
      detail: {
        predicted: classes[best],
        probabilities: Object.fromEntries(classes.map((c, i) => [c, roundScore(probabilities[i])])),
      },
    };
  }
  if (model.kind === 'binary') {
    const p = predictions[r];
    return {
      value: roundScore(p),
      detail: { predicted: classes[p >= 0.5 ? 1 : 0] ?? null, positive: classes[1] ?? 'true' },
    };
  }
  return { value: roundScore(predictions[r]), detail: { predicted: roundScore(predictions[r]) } };
}
