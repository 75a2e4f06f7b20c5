import {
  type FitPredictorOptions,
  type FittedPredictor,
  fitPredictor,
  type PredictorFamily,
  type TargetKind,
} from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { numericStrata, stratifiedHoldout } from '@/lib/ml/predict/stratifiedSplits';
import { isBetter, scoreTarget, type TargetMetrics } from '@/lib/ml/predict/targetMetrics';
import type { DenseMatrix } from '@/lib/ml/types';

export interface TrainTargetInput {
  /** one row per labelled user */
  features: DenseMatrix;
  /** binary: 0/1; multiclass: class index 0..K−1; numeric: the value */
  labels: ArrayLike<number>;
  kind: TargetKind;
  /** one name per feature column, for "top contributing features" */
  featureNames: string[];
  /** multiclass: name per class index */
  classNames?: string[];
  /** rows to score with the model refitted on every labelled row */
  predictFeatures?: DenseMatrix;
  seed?: number;
  /** share of labelled rows held out for the reported metrics (default 0.2) */
  holdoutFraction?: number;
  /** binary: fewer positives or negatives than this skips the target (default 100) */
  minPerClass?: number;
  /** multiclass and numeric: fewer labelled rows than this skips the target (default 200) */
  minLabelled?: number;
  /** families to choose from (default both) */
  families?: PredictorFamily[];
  boosting?: GradientBoostingOptions;
  /** features named in topFeatures (default 8) */
  topFeatureCount?: number;
  /** the family choice looks at a stratified sample of at most this many training rows (default 20000) */
  selectionRowLimit?: number;
}

export interface SkippedTarget {
  status: 'skipped';
  reason: string;
  labelled: number;
  positives?: number;
  negatives?: number;
}

export interface TrainedTarget {
  status: 'trained';
  kind: TargetKind;
  /** the family chosen on the validation part of the training rows */
  model: PredictorFamily;
  /** the headline metric of each family on that validation part */
  validation: Partial<Record<PredictorFamily, number>>;
  /** the chosen family, refitted on all training rows, scored on the held-out rows */
  holdout: TargetMetrics;
  split: { kind: 'stratified-holdout'; testFraction: number; seed: number; trainRows: number; testRows: number };
  labelled: number;
  positives?: number;
  negatives?: number;
  classCounts?: number[];
  /** multiclass: the input's class names, in label order */
  classNames?: string[];
  topFeatures: { name: string; importance: number }[];
  /** for predictFeatures, from the model refitted on every labelled row (as FittedPredictor.predict) */
  predictions: Float64Array | null;
}

export type TrainTargetResult = SkippedTarget | TrainedTarget;

/**
 * Trains one prediction target end to end: skips it when the labels are too few, holds out a
 * stratified seeded 20%, chooses between the linear model and boosted trees on a validation part
 * of the remaining rows, reports the chosen model on the hold-out against a baseline, then refits
 * on every labelled row to score `predictFeatures`.
 */
export async function trainTarget(input: TrainTargetInput): Promise<TrainTargetResult> {
  const { features, labels, kind } = input;
  const seed = input.seed ?? 0;
  const testFraction = input.holdoutFraction ?? 0.2;
  const labelled = features.rows;
  if (labels.length !== labelled) throw new Error(`${labels.length} labels for ${labelled} feature rows`);
  const check = checkLabels(input);
  if (check.skip) return check.skip;
  const { classes, strata } = check;

  const { train, test } = stratifiedHoldout(strata, testFraction, seed);
  const trainFeatures = selectRows(features, train);
  const trainLabels = selectValues(labels, train);
  const fitOptions: FitPredictorOptions = { classes, seed, boosting: input.boosting };
  const { family, validation } = await chooseFamily(input, trainFeatures, trainLabels, classes, seed);

  const evaluated = await fitPredictor(family, kind, trainFeatures, trainLabels, fitOptions);
  const holdout = scoreTarget(
    kind,
    evaluated.predict(selectRows(features, test)),
    selectValues(labels, test),
    trainLabels,
    classes,
  );
  evaluated.free();

  const final = await fitPredictor(family, kind, features, labels, fitOptions);
  const predictions = input.predictFeatures ? final.predict(input.predictFeatures) : null;
  const topFeatures = namedTopFeatures(final, input.featureNames, input.topFeatureCount ?? 8);
  final.free();

  return {
    status: 'trained',
    kind,
    model: family,
    validation,
    holdout,
    split: { kind: 'stratified-holdout', testFraction, seed, trainRows: train.length, testRows: test.length },
    labelled,
    ...check.counts,
    ...(input.classNames ? { classNames: input.classNames } : {}),
    topFeatures,
    predictions,
  };
}

/**
 * Picks the family with the better headline metric on an inner stratified 25% of `features`
 * (of a stratified sample of them when there are more than selectionRowLimit rows: boosted trees
 * in WebAssembly are the slow part of training).
 */
export async function chooseFamily(
  input: Pick<TrainTargetInput, 'kind' | 'families' | 'boosting' | 'selectionRowLimit'>,
  allFeatures: DenseMatrix,
  allLabels: ArrayLike<number>,
  classes: number,
  seed: number,
): Promise<{ family: PredictorFamily; validation: Partial<Record<PredictorFamily, number>> }> {
  const families = input.families ?? ['linear', 'boosting'];
  if (families.length === 1) return { family: families[0], validation: {} };
  const limit = input.selectionRowLimit ?? 20000;
  let features = allFeatures;
  let labels = allLabels;
  if (allFeatures.rows > limit) {
    const allStrata = input.kind === 'numeric' ? numericStrata(allLabels) : allLabels;
    const sample = stratifiedHoldout(allStrata, limit / allFeatures.rows, seed + 2).test;
    features = selectRows(allFeatures, sample);
    labels = selectValues(allLabels, sample);
  }
  const strata = input.kind === 'numeric' ? numericStrata(labels) : labels;
  const inner = stratifiedHoldout(strata, 0.25, seed + 1);
  const innerLabels = selectValues(labels, inner.train);
  const validationFeatures = selectRows(features, inner.test);
  const validationLabels = selectValues(labels, inner.test);
  const validation: Partial<Record<PredictorFamily, number>> = {};
  let best: PredictorFamily = families[0];
  for (const family of families) {
    const model = await fitPredictor(family, input.kind, selectRows(features, inner.train), innerLabels, {
      classes,
      seed,
      boosting: input.boosting,
    });
    const metrics = scoreTarget(input.kind, model.predict(validationFeatures), validationLabels, innerLabels, classes);
    model.free();
    validation[family] = metrics.value;
    if (family !== best && isBetter(input.kind, metrics.value, validation[best] ?? Number.NaN)) best = family;
  }
  return { family: best, validation };
}

type LabelCheck =
  | { skip: SkippedTarget }
  | {
      skip?: undefined;
      classes: number;
      strata: ArrayLike<number>;
      counts: { positives?: number; negatives?: number; classCounts?: number[] };
    };

/** The skip rules, and what the split stratifies on. */
export function checkLabels(
  input: Pick<TrainTargetInput, 'labels' | 'kind' | 'minPerClass' | 'minLabelled'>,
): LabelCheck {
  const { labels, kind } = input;
  const labelled = labels.length;
  if (kind === 'binary') {
    const minPerClass = input.minPerClass ?? 100;
    let positives = 0;
    for (let r = 0; r < labelled; r++) {
      if (labels[r] !== 0 && labels[r] !== 1) throw new Error(`binary label ${labels[r]} at row ${r} is not 0 or 1`);
      positives += labels[r];
    }
    const negatives = labelled - positives;
    if (positives < minPerClass || negatives < minPerClass) {
      const scarce = positives < negatives ? `${positives} positive` : `${negatives} negative`;
      return {
        skip: {
          status: 'skipped',
          reason: `only ${scarce} examples; at least ${minPerClass} positives and ${minPerClass} negatives are needed`,
          labelled,
          positives,
          negatives,
        },
      };
    }
    return { classes: 2, strata: labels, counts: { positives, negatives } };
  }
  const minLabelled = input.minLabelled ?? 200;
  if (labelled < minLabelled) {
    return {
      skip: {
        status: 'skipped',
        reason: `only ${labelled} labelled users; at least ${minLabelled} are needed`,
        labelled,
      },
    };
  }
  if (kind === 'numeric') {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < labelled; r++) {
      low = Math.min(low, labels[r]);
      high = Math.max(high, labels[r]);
    }
    if (!(high > low))
      return { skip: { status: 'skipped', reason: 'every labelled user has the same value', labelled } };
    return { classes: 1, strata: numericStrata(labels), counts: {} };
  }
  let classes = 0;
  for (let r = 0; r < labelled; r++) classes = Math.max(classes, labels[r] + 1);
  const classCounts = new Array<number>(classes).fill(0);
  for (let r = 0; r < labelled; r++) classCounts[labels[r]]++;
  const usable = classCounts.filter((count) => count >= 10).length;
  if (usable < 2) {
    return {
      skip: { status: 'skipped', reason: 'fewer than two classes have at least 10 labelled users', labelled },
    };
  }
  return { classes, strata: labels, counts: { classCounts } };
}

function namedTopFeatures(
  model: FittedPredictor,
  names: string[],
  count: number,
): { name: string; importance: number }[] {
  const importance = model.featureImportance();
  return Array.from(importance, (value, index) => ({ name: names[index] ?? `feature ${index}`, importance: value }))
    .filter((entry) => entry.importance > 0)
    .sort((a, b) => b.importance - a.importance)
    .slice(0, count);
}

export function selectRows(matrix: DenseMatrix, rows: ArrayLike<number>): DenseMatrix {
  const { cols } = matrix;
  const data = new Float32Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++) data.set(matrix.data.subarray(rows[r] * cols, (rows[r] + 1) * cols), r * cols);
  return { rows: rows.length, cols, data };
}

export function selectValues(values: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: rows.length }, (_, r) => values[rows[r]]);
}
