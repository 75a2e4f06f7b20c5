import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import { fitItemLinearModel, type ItemWeighting } from '@/lib/ml/predict/itemLinearModel';
import { areaUnderRoc, macroAuc, meanAbsoluteError } from '@/lib/ml/predict/metrics';
import { type FeatureRows, selectFeatureRows } from '@/lib/ml/predict/sparseRows';

/**
 * The strongest simple baseline attribute inference is held to: a logistic (classes) or ridge
 * (numbers) regression on the raw user x item matrix alone, unweighted rows, its L2 penalty chosen
 * from a wide grid (itemL2Grid) by 3-fold validation inside each training fold, on the folds
 * `foldOf` gives; its item weighting is the one given or, without one, chosen with the L2 by the
 * same validation (binary or tf-idf), as tuning any hyperparameter is. Returns the mean over folds
 * of the held-out AUC, one-vs-rest macro-AUC or MAE, and the weighting and L2 each fold chose.
 */
export function crossValidateItemAnchor(
  rows: FeatureRows,
  labels: ArrayLike<number>,
  options: { kind: TargetKind; classes: number; foldOf: Int32Array; weighting?: ItemWeighting; seed: number },
): { value: number; l2s: number[]; weightings: ItemWeighting[] } {
  const { kind, classes, foldOf, weighting } = options;
  const folds = Math.max(...foldOf) + 1;
  let sum = 0;
  const l2s: number[] = [];
  const weightings: ItemWeighting[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = Int32Array.from(foldOf.keys()).filter((r) => foldOf[r] !== fold);
    const test = Int32Array.from(foldOf.keys()).filter((r) => foldOf[r] === fold);
    const testLabels = Float64Array.from(test, (r) => labels[r]);
    const model = fitItemLinearModel(
      selectFeatureRows(rows, train),
      Float64Array.from(train, (r) => labels[r]),
      { kind, classes, weighting, dense: false, seed: options.seed + fold },
    );
    l2s.push(model.l2);
    weightings.push(model.weighting);
    const predictions = model.predict(selectFeatureRows(rows, test));
    sum +=
      kind === 'binary'
        ? areaUnderRoc(predictions, testLabels)
        : kind === 'multiclass'
          ? macroAuc(predictions, testLabels, classes)
          : meanAbsoluteError(predictions, testLabels);
  }
  return { value: sum / folds, l2s, weightings };
}
