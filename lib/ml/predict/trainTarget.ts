import {
  type FitPredictorOptions,
  type FittedPredictor,
  fitPredictor,
  type PredictorFamily,
  type TargetKind,
} from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import type { ItemWeighting } from '@/lib/ml/predict/itemLinearModel';
import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { type FeatureRows, selectFeatureRows } from '@/lib/ml/predict/sparseRows';
import { numericStrata, stratifiedFolds, stratifiedHoldout } from '@/lib/ml/predict/stratifiedSplits';
import { isBetter, scoreTarget, type TargetMetrics } from '@/lib/ml/predict/targetMetrics';

export interface TrainTargetInput {
  /** one row per labelled user (attribute targets: with their item rows, for the items family) */
  features: FeatureRows;
  /** binary: 0/1; multiclass: class index 0..K−1; numeric: the value */
  labels: ArrayLike<number>;
  kind: TargetKind;
  /** one name per feature column, for "top contributing features" */
  featureNames: string[];
  /** multiclass: name per class index */
  classNames?: string[];
  /** rows to score with the model refitted on every labelled row */
  predictFeatures?: FeatureRows;
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
  /**
   * models learn from a stratified sample of at most this many labelled rows (default
   * defaultTrainingRowLimit); every held-out row is still scored, and so is every row of predictFeatures
   */
  trainingRowLimit?: number;
}

/**
 * How many labelled rows a model learns from at most: 20,000, or as many as keep rows ×
 * coefficients within 4 million for narrow models (churn on ~35 behaviour columns: 114,000).
 * On the 100,000-user demo the hold-out metrics of the wide attribute models on 20,000 rows are
 * within ±0.01 macro-F1 of the same models on all 72,000 training rows, at a quarter of the time,
 * while narrow binary models are cheap enough to keep every row (a sample cost ~0.002 AUC).
 */
export function defaultTrainingRowLimit(columns: number, outputs: number): number {
  return Math.max(20_000, Math.floor(4_000_000 / ((columns + 1) * Math.max(1, outputs))));
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
  /** trainRows: the rows the evaluated model learned from (a sample of the non-held-out rows past trainingRowLimit) */
  split: { kind: 'stratified-holdout'; testFraction: number; seed: number; trainRows: number; testRows: number };
  /** the rows the model behind `predictions` and `topFeatures` learned from, and whether they are a sample of the labelled rows */
  trainedOn: { rows: number; sampled: boolean };
  labelled: number;
  positives?: number;
  negatives?: number;
  classCounts?: number[];
  /** multiclass: the input's class names, in label order */
  classNames?: string[];
  topFeatures: { name: string; importance: number }[];
  /** for predictFeatures, from the model of `trainedOn` (as FittedPredictor.predict) */
  predictions: Float64Array | null;
  /** multiclass: that model's guessWeights, for the stored guess (as FittedPredictor) */
  guessWeights?: Float64Array;
  /** that model as JSON, to score users between retrains; absent for a family that cannot give it */
  persisted?: PersistedPredictor;
}

export type TrainTargetResult = SkippedTarget | TrainedTarget;

/**
 * Trains one prediction target end to end: skips it when the labels are too few, holds out a
 * stratified seeded 20%, chooses between the linear model and boosted trees on a validation part
 * of the remaining rows, reports the chosen model on the hold-out against a baseline, then refits
 * on every labelled row to score `predictFeatures`. Past `trainingRowLimit` labelled rows the
 * models learn from stratified samples of that many (see defaultTrainingRowLimit).
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
  const rowLimit =
    input.trainingRowLimit ?? defaultTrainingRowLimit(features.cols, kind === 'multiclass' ? classes : 1);

  const { train, test } = stratifiedHoldout(strata, testFraction, seed);
  const fitRows = stratifiedSubset(train, strata, rowLimit, seed + 3);
  const trainFeatures = selectRows(features, fitRows);
  const trainLabels = selectValues(labels, fitRows);
  const fitOptions: FitPredictorOptions = { classes, seed, boosting: input.boosting };
  const { family, validation, items } = await chooseFamily(input, trainFeatures, trainLabels, classes, seed);

  // the items family's L2 and weighting were chosen by validation within these training rows
  // already: a second search over the same rows would cost as much again for the same choice
  const evaluated = await fitPredictor(family, kind, trainFeatures, trainLabels, {
    ...fitOptions,
    ...(family === 'items' ? items : {}),
  });
  // every held-out row is scored, sampled or not: prediction is cheap and the metric steadier
  const holdout = scoreTarget(
    kind,
    evaluated.predict(selectRows(features, test)),
    selectValues(labels, test),
    trainLabels,
    classes,
    evaluated.guessWeights,
  );

  // The model that scores predictFeatures learns from every labelled row, or from a stratified
  // sample of rowLimit of them. When the evaluated model already learned from rowLimit rows, a
  // refit on another sample of the same size would gain nothing, so it is the final model (and
  // the hold-out figures are that very model's).
  let final = evaluated;
  let finalRows = fitRows.length;
  if (fitRows.length === train.length) {
    const rows = stratifiedSubset(
      Int32Array.from({ length: labelled }, (_, r) => r),
      strata,
      rowLimit,
      seed + 4,
    );
    final = await fitPredictor(family, kind, selectRows(features, rows), selectValues(labels, rows), {
      ...fitOptions,
      start: evaluated,
    });
    finalRows = rows.length;
    evaluated.free();
  }
  const predictions = input.predictFeatures ? final.predict(input.predictFeatures) : null;
  const guessWeights = final.guessWeights;
  const persisted = final.persist?.();
  const topFeatures = namedTopFeatures(final, input.featureNames, input.topFeatureCount ?? 8);
  final.free();

  return {
    status: 'trained',
    kind,
    model: family,
    validation,
    holdout,
    split: { kind: 'stratified-holdout', testFraction, seed, trainRows: fitRows.length, testRows: test.length },
    trainedOn: { rows: finalRows, sampled: finalRows < labelled },
    labelled,
    ...check.counts,
    ...(input.classNames ? { classNames: input.classNames } : {}),
    topFeatures,
    predictions,
    ...(guessWeights ? { guessWeights } : {}),
    ...(persisted ? { persisted } : {}),
  };
}

/** `rows` when there are at most `limit` of them, else a stratified seeded sample of `limit`, ascending. */
export function stratifiedSubset(rows: Int32Array, strata: ArrayLike<number>, limit: number, seed: number): Int32Array {
  if (rows.length <= limit) return rows;
  const picked = stratifiedHoldout(selectValues(strata, rows), limit / rows.length, seed).test;
  return Int32Array.from(picked, (position) => rows[position]);
}

/**
 * Picks the family with the better headline metric on validation rows of `features`: below
 * foldedSelectionRows on 3 stratified folds, else on an inner stratified 25% (of a stratified
 * sample of selectionRowLimit rows when there are more: boosted trees in WebAssembly are the
 * slow part of training).
 */
export async function chooseFamily(
  input: Pick<TrainTargetInput, 'kind' | 'families' | 'boosting' | 'selectionRowLimit'>,
  allFeatures: FeatureRows,
  allLabels: ArrayLike<number>,
  classes: number,
  seed: number,
): Promise<{
  family: PredictorFamily;
  validation: Partial<Record<PredictorFamily, number>>;
  items?: { l2?: number; weighting?: ItemWeighting };
}> {
  // the items family needs the users' item rows, and learns nothing where they are empty
  const families = (input.families ?? ['linear', 'boosting']).filter(
    (family) => family !== 'items' || hasItemRows(allFeatures),
  );
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
  const parts = validationParts(input.kind === 'numeric' ? numericStrata(labels) : labels, seed);
  const sums = new Float64Array(families.length);
  let items: { l2?: number; weighting?: ItemWeighting } | undefined;
  if (parts.length > 1 && families.includes('items')) {
    // searched once on the items model's own inner folds of these rows, then held in the
    // comparison folds: a search in each fold made MovieLens 100k's training 6 times as long
    const searched = await fitPredictor('items', input.kind, features, labels, { classes, seed });
    items = { l2: searched.l2, weighting: searched.weighting };
  }
  for (const part of parts) {
    const partLabels = selectValues(labels, part.train);
    const validationFeatures = selectRows(features, part.test);
    const validationLabels = selectValues(labels, part.test);
    for (const [f, family] of families.entries()) {
      const model = await fitPredictor(family, input.kind, selectRows(features, part.train), partLabels, {
        classes,
        seed,
        boosting: input.boosting,
        ...(family === 'items' ? items : {}),
      });
      const metrics = scoreTarget(
        input.kind,
        model.predict(validationFeatures),
        validationLabels,
        partLabels,
        classes,
        model.guessWeights,
      );
      if (family === 'items') items = { l2: model.l2, weighting: model.weighting };
      model.free();
      sums[f] += metrics.value;
    }
  }
  const validation: Partial<Record<PredictorFamily, number>> = {};
  let best: PredictorFamily = families[0];
  for (const [f, family] of families.entries()) {
    validation[family] = sums[f] / parts.length;
    if (family !== best && isBetter(input.kind, validation[family], validation[best] ?? Number.NaN)) best = family;
  }
  return { family: best, validation, items };
}

/**
 * Up to this many rows, families are compared on 3 folds instead of one 25% part: on MovieLens
 * 100k's 754 training rows per fold a part of 189 rows chose boosted trees or the items model by
 * chance (age MAE 7.20 against 7.03 for the items model alone), and three fits of each family
 * cost little at this size.
 */
const foldedSelectionRows = 2000;

function validationParts(strata: ArrayLike<number>, seed: number): { train: Int32Array; test: Int32Array }[] {
  if (strata.length > foldedSelectionRows) return [stratifiedHoldout(strata, 0.25, seed + 1)];
  const foldOf = stratifiedFolds(strata, 3, seed + 1);
  return [0, 1, 2].map((fold) => ({
    train: Int32Array.from(foldOf.keys()).filter((r) => foldOf[r] !== fold),
    test: Int32Array.from(foldOf.keys()).filter((r) => foldOf[r] === fold),
  }));
}

function hasItemRows(features: FeatureRows): boolean {
  return (features.itemRows?.index.length ?? 0) > 0;
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

/** The rows `rows` of `matrix`; an attribute target's item rows come along. */
export function selectRows(matrix: FeatureRows, rows: ArrayLike<number>): FeatureRows {
  return selectFeatureRows(matrix, rows);
}

export function selectValues(values: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: rows.length }, (_, r) => values[rows[r]]);
}
