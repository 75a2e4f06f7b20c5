import { fitPredictor, type PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { areaUnderRoc, macroAuc } from '@/lib/ml/predict/metrics';
import { stratifiedFolds } from '@/lib/ml/predict/stratifiedSplits';
import { type HeadlineMetric, scoreTarget } from '@/lib/ml/predict/targetMetrics';
import {
  checkLabels,
  chooseFamily,
  defaultTrainingRowLimit,
  type SkippedTarget,
  selectRows,
  selectValues,
  stratifiedSubset,
  type TrainTargetInput,
} from '@/lib/ml/predict/trainTarget';

/** One entry of the `attributes` block of `portrait evaluate --json`; the names are a contract. */
export interface AttributeContract {
  metric: HeadlineMetric;
  value: number;
  baseline: number;
  labelled: number;
  /** multiclass only: accuracy next to macro-F1 */
  accuracy?: number;
  baselineAccuracy?: number;
}

export interface AttributeCrossValidation {
  status: 'evaluated';
  attribute: AttributeContract;
  folds: number;
  /** the family each fold chose on its own inner validation split */
  familiesChosen: PredictorFamily[];
  /** classes only: the mean over folds of the held-out AUC (binary) or one-vs-rest macro-AUC, for benchmarks */
  auc?: number;
}

export type CrossValidateAttributeInput = Omit<TrainTargetInput, 'predictFeatures' | 'holdoutFraction'> & {
  /** default 5 */
  folds?: number;
};

/**
 * k-fold cross-validation (stratified, seeded) over the labelled users of one attribute. Each
 * fold chooses its model family on an inner split of its own training rows, so the reported mean
 * over folds never scores a row that took part in any choice. The baseline is computed per fold
 * from the training rows: AUC 0.5, the majority class, the median. As in training, each fold's
 * model learns from a stratified sample of at most trainingRowLimit of its training rows.
 */
export async function crossValidateAttribute(
  input: CrossValidateAttributeInput,
): Promise<AttributeCrossValidation | SkippedTarget> {
  const { features, labels, kind } = input;
  const folds = input.folds ?? 5;
  const seed = input.seed ?? 0;
  const check = checkLabels(input);
  if (check.skip) return check.skip;
  const { classes, strata } = check;
  const foldOf = stratifiedFolds(strata, folds, seed);

  const sums = { value: 0, baseline: 0, accuracy: 0, baselineAccuracy: 0 };
  const familiesChosen: PredictorFamily[] = [];
  let metric: HeadlineMetric = 'auc';
  let aucSum = 0;
  for (let fold = 0; fold < folds; fold++) {
    const foldTrainRows: number[] = [];
    const testRows: number[] = [];
    for (let r = 0; r < foldOf.length; r++) (foldOf[r] === fold ? testRows : foldTrainRows).push(r);
    // as trainTarget: past trainingRowLimit the model learns from a stratified sample of the fold's training rows
    const trainRows = stratifiedSubset(
      Int32Array.from(foldTrainRows),
      strata,
      input.trainingRowLimit ?? defaultTrainingRowLimit(features.cols, kind === 'multiclass' ? classes : 1),
      seed + fold + 3,
    );
    const trainFeatures = selectRows(features, trainRows);
    const trainLabels = selectValues(labels, trainRows);
    const { family } = await chooseFamily(input, trainFeatures, trainLabels, classes, seed + fold);
    familiesChosen.push(family);
    const model = await fitPredictor(family, kind, trainFeatures, trainLabels, {
      classes,
      seed: seed + fold,
      boosting: input.boosting,
    });
    const predictions = model.predict(selectRows(features, testRows));
    const testLabels = selectValues(labels, testRows);
    const scores = scoreTarget(kind, predictions, testLabels, trainLabels, classes, model.guessWeights);
    model.free();
    if (kind === 'binary') aucSum += areaUnderRoc(predictions, testLabels);
    else if (kind === 'multiclass') aucSum += macroAuc(predictions, testLabels, classes);
    metric = scores.metric;
    sums.value += scores.value;
    sums.baseline += scores.baseline;
    sums.accuracy += scores.accuracy ?? 0;
    sums.baselineAccuracy += scores.baselineAccuracy ?? 0;
  }
  const attribute: AttributeContract = {
    metric,
    value: sums.value / folds,
    baseline: sums.baseline / folds,
    labelled: labels.length,
  };
  if (kind === 'multiclass') {
    attribute.accuracy = sums.accuracy / folds;
    attribute.baselineAccuracy = sums.baselineAccuracy / folds;
  }
  return {
    status: 'evaluated',
    attribute,
    folds,
    familiesChosen,
    ...(kind === 'numeric' ? {} : { auc: aucSum / folds }),
  };
}
