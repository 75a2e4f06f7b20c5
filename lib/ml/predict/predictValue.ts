import { type BgNbdParameters, fitBgNbd } from '@/lib/ml/predict/bgNbd';
import type { FeatureFunction } from '@/lib/ml/predict/churnLabels';
import { type FittedPredictor, fitPredictor, type PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { fitGammaGamma, type GammaGammaParameters } from '@/lib/ml/predict/gammaGamma';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { meanAbsoluteError } from '@/lib/ml/predict/metrics';
import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import type { PurchaseHistory } from '@/lib/ml/predict/purchaseHistory';
import { normalisedGini, spearmanCorrelation } from '@/lib/ml/predict/rankingMetrics';
import { customerValueOf, purchasesAsOf, type ServedValueModel, serveValue } from '@/lib/ml/predict/servedValue';
import { numericStrata, stratifiedFolds, stratifiedHoldout } from '@/lib/ml/predict/stratifiedSplits';
import { buildValueLabels, type ValueLabels } from '@/lib/ml/predict/valueLabels';
import type { DenseMatrix, EventTable, PipelineSettings } from '@/lib/ml/types';

/** The candidates for predicted value: the baseline, the textbook customer-value model, regressions. */
export type ValueModelName = 'previous spend' | 'BG/NBD + Gamma-Gamma' | 'ridge regression' | 'boosted trees';

export interface ValueScores {
  spearman: number;
  gini: number;
  mae: number;
}

/** The `value` block of `portrait evaluate --json` and of the run's quality record. */
export interface ValueContract {
  horizonDays: number;
  /** the model whose predictions are stored: the best validation Spearman */
  model: ValueModelName;
  /** hold-out figures of the served model */
  spearman: number;
  gini: number;
  mae: number;
  /** "the same as the previous H days" on the same hold-out users */
  baseline: ValueScores;
  /** every candidate on the hold-out */
  models: Partial<Record<ValueModelName, ValueScores>>;
  /** every candidate's Spearman on the training users (out-of-fold for the regressions), which chose the served model */
  validationSpearman: Partial<Record<ValueModelName, number>>;
  /** true when the served model beats the baseline's hold-out Spearman */
  predictive: boolean;
  notPredictive?: string;
  bgNbd: (BgNbdParameters & { gammaGamma: GammaGammaParameters }) | null;
  /** candidates that could not be fitted, and why */
  familiesNote?: string;
  /** users active before the cut-off, and how many of them spent in the horizon after it */
  labelled: number;
  spenders: number;
  split: string;
  /** mean actual spend per hold-out user in the horizon, for reading the MAE */
  holdoutMeanSpend: number;
}

export type ValuePrediction =
  | { status: 'skipped'; reason: string }
  | {
      status: 'trained';
      contract: ValueContract;
      /** expected spend in the next H days per entry of events.userIds, from the served model as of the last event */
      predictedValue: Float64Array;
      /** the served model as it scored them, to score users again between retrains; null when it could not be kept */
      served: ServedValueModel | null;
    };

export interface PredictValueOptions {
  horizonDays?: number;
  seed?: number;
  families?: PredictorFamily[];
  boosting?: GradientBoostingOptions;
}

/** The default horizon of predicted value, in days. */
export const defaultValueHorizonDays = 90;

/** Folds of the training users that choose among the regressions and the unsupervised candidates. */
const validationFolds = 4;

/** Customers the BG/NBD and Gamma-Gamma likelihoods read at most. */
const maximumFitCustomers = 20_000;

/** Fewer repeat customers than this leave Gamma–Gamma's spread between customers unmeasured. */
const minimumRepeatCustomers = 10;

function scores(predicted: ArrayLike<number>, actual: ArrayLike<number>): ValueScores {
  return {
    spearman: round(spearmanCorrelation(predicted, actual)),
    gini: round(normalisedGini(predicted, actual)),
    mae: round(meanAbsoluteError(predicted, actual)),
  };
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10000) / 10000 : value;
}

function pick<T extends ArrayLike<number>>(values: T, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => values[row]);
}

function pickRows(matrix: DenseMatrix, rows: Int32Array): DenseMatrix {
  const data = new Float32Array(rows.length * matrix.cols);
  rows.forEach((row, r) => {
    data.set(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), r * matrix.cols);
  });
  return { rows: rows.length, cols: matrix.cols, data };
}

/**
 * BG/NBD for the number of purchase days and Gamma–Gamma for their spend, fitted on `history`
 * (every active user): expected spend in the next `horizonDays` per user of `users`. Null when too
 * few customers bought more than once for Gamma–Gamma.
 */
function customerValueModel(history: PurchaseHistory, users: Int32Array, horizonDays: number) {
  // Four (or three) population parameters are well estimated from 20,000 customers, and each
  // likelihood evaluation of Nelder-Mead's thousands reads every customer it is given: beyond
  // that the fit reads every k-th customer (12.6 + 4.4 s for both models at 100,000 users otherwise)
  const stride = Math.max(1, Math.ceil(users.length / maximumFitCustomers));
  const fitUsers = users.filter((_, i) => i % stride === 0);
  const repeat = fitUsers.filter((u) => history.frequency[u] > 0 && history.meanRepeatSpend[u] > 0);
  if (repeat.length < minimumRepeatCustomers) return null;
  const bgNbd = fitBgNbd({
    frequency: pick(history.frequency, fitUsers),
    recency: pick(history.recency, fitUsers),
    age: pick(history.age, fitUsers),
  });
  const gammaGamma = fitGammaGamma(pick(history.frequency, repeat), pick(history.meanRepeatSpend, repeat));
  const predicted = Float64Array.from(users, (u) => customerValueOf({ bgNbd, gammaGamma }, history, u, horizonDays));
  // a diverging fit (a non-finite expectation) leaves the candidate out rather than ranking NaN
  if (!predicted.every(Number.isFinite)) return null;
  const { logLikelihood: _ll, converged: _c, ...bgParams } = bgNbd;
  const { converged: _g, ...ggParams } = gammaGamma;
  return { predicted, parameters: { ...bgParams, gammaGamma: ggParams } };
}

/**
 * Predicted value end to end. On the window before the last H days: BG/NBD + Gamma–Gamma fitted
 * on every active user's purchases (it never reads the labels), ridge regression (and boosted
 * trees when `families` has them) on the behaviour and purchase features of 80% of users, and the
 * baseline "the same as the previous H days". The candidate with the best Spearman on those 80%
 * (out-of-fold for the regressions) is served; all are reported on the other 20% (hold-out). Then
 * every user is scored as of the last event: BG/NBD + Gamma-Gamma refitted on all the history, or
 * the regression fitted on the training users applied to features as of then.
 */
export async function predictValue(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes'>,
  featureFunction: FeatureFunction,
  options: PredictValueOptions = {},
): Promise<ValuePrediction> {
  const horizonDays = options.horizonDays ?? defaultValueHorizonDays;
  const seed = options.seed ?? 1;
  const families = options.families ?? ['linear'];
  const window = buildValueLabels(events, settings, featureFunction, horizonDays);
  if (window.status === 'skipped') return window;
  const { labels, previousSpend, features } = window;
  const strata = numericStrata(labels);
  const { train, test } = stratifiedHoldout(strata, 0.2, seed);
  const fold = stratifiedFolds(pick(strata, train), validationFolds, seed + 1);

  const candidates = new Map<ValueModelName, Float64Array>();
  candidates.set('previous spend', previousSpend);
  const customerValue = customerValueModel(window.history, window.users, horizonDays);
  if (customerValue) candidates.set('BG/NBD + Gamma-Gamma', customerValue.predicted);
  const regressionName = (family: PredictorFamily): ValueModelName =>
    family === 'boosting' ? 'boosted trees' : 'ridge regression';
  // Out-of-fold predictions on the training users: the regressions are chosen on as many users as
  // BG/NBD and the baseline, which read no labels and are scored on every training user as they are.
  const outOfFold = new Map<ValueModelName, Float64Array>();
  const fitRegression = (family: PredictorFamily, rows: Int32Array) =>
    fitPredictor(family, 'numeric', pickRows(features, rows), pick(labels, rows), { seed, boosting: options.boosting });
  const predictSpend = (model: FittedPredictor, matrix: DenseMatrix) =>
    Float64Array.from(model.predict(matrix), (v) => Math.max(0, v));
  // each family's fit on all training users, kept to score every user as of the last event if served
  const regressions = new Map<ValueModelName, FittedPredictor>();
  const failedFamilies: string[] = [];
  for (const family of families) {
    const name = regressionName(family);
    try {
      const validation = new Float64Array(train.length);
      for (let f = 0; f < validationFolds; f++) {
        const model = await fitRegression(
          family,
          train.filter((_, r) => fold[r] !== f),
        );
        const predicted = predictSpend(
          model,
          pickRows(
            features,
            train.filter((_, r) => fold[r] === f),
          ),
        );
        model.free();
        let k = 0;
        for (let r = 0; r < train.length; r++) if (fold[r] === f) validation[r] = predicted[k++];
      }
      const model = await fitRegression(family, train);
      regressions.set(name, model);
      outOfFold.set(name, validation);
      candidates.set(name, predictSpend(model, features));
    } catch (error) {
      // Boosted trees run in WebAssembly with a bounded heap, which some data sets exhaust
      // ("memory access out of bounds"); predicted value then goes on without them.
      if (family !== 'boosting') throw error;
      failedFamilies.push(`${name} failed (${(error as Error).message})`);
    }
  }

  const validationSpearman: ValueContract['validationSpearman'] = {};
  const models: ValueContract['models'] = {};
  const actualValidation = pick(labels, train);
  const actualTest = pick(labels, test);
  let served: ValueModelName = 'previous spend';
  let bestValidation = Number.NEGATIVE_INFINITY;
  for (const [name, predicted] of candidates) {
    const validation = spearmanCorrelation(outOfFold.get(name) ?? pick(predicted, train), actualValidation);
    validationSpearman[name] = round(validation);
    models[name] = scores(pick(predicted, test), actualTest);
    if (validation > bestValidation) {
      bestValidation = validation;
      served = name;
    }
  }
  const baseline = models['previous spend'] as ValueScores;
  const servedScores = models[served] as ValueScores;
  // the same rule as every target's, so the audience editor and the API read the stored verdict alike
  const verdict = predictiveVerdict({ metric: 'spearman', value: servedScores.spearman, baseline: baseline.spearman });
  const predictive = served !== 'previous spend' && verdict.predictive;
  let spenders = 0;
  for (const label of labels) if (label > 0) spenders++;
  let holdoutMeanSpend = 0;
  for (const spend of actualTest) holdoutMeanSpend += spend / actualTest.length;
  const contract: ValueContract = {
    horizonDays,
    model: served,
    ...servedScores,
    baseline,
    models,
    validationSpearman,
    predictive,
    ...(predictive
      ? {}
      : {
          notPredictive: `not predictive: ${served} ranks hold-out spend with Spearman ${servedScores.spearman.toFixed(3)}, no better than the previous ${horizonDays} days' spend (${baseline.spearman.toFixed(3)})`,
        }),
    bgNbd: customerValue?.parameters ?? null,
    ...(failedFamilies.length ? { familiesNote: failedFamilies.join('; ') } : {}),
    labelled: labels.length,
    spenders,
    split: `users active before the cut-off: 80% to fit and choose (Spearman, ${validationFolds}-fold out-of-fold for the regressions), 20% hold-out`,
    holdoutMeanSpend: round(holdoutMeanSpend),
  };
  const serving = servePredictions(events, window, served, regressions.get(served) ?? null, featureFunction);
  for (const model of regressions.values()) model.free();
  return { status: 'trained', contract, predictedValue: serving.predicted, served: serving.model };
}

/**
 * Expected spend in the next H days from the last event: BG/NBD + Gamma–Gamma refitted on all
 * the purchases, the regression fitted on the training users applied to features as of the last
 * event, or the baseline's last H days; with the model that gave it (serveValue's input).
 */
function servePredictions(
  events: EventTable,
  window: ValueLabels,
  served: ValueModelName,
  regression: FittedPredictor | null,
  featureFunction: FeatureFunction,
): { predicted: Float64Array; model: ServedValueModel | null } {
  const { horizonDays, end, isPurchase } = window;
  const input = {
    ...purchasesAsOf(events, isPurchase, end, horizonDays),
    horizonDays,
    behaviour: () => featureFunction(events, end),
  };
  const previous = () => ({ predicted: serveValue({ model: 'previous spend' }, null, input), model: previousSpend });
  if (served === 'previous spend') return previous();
  if (served === 'BG/NBD + Gamma-Gamma') {
    const allUsers = Int32Array.from({ length: events.userIds.length }, (_, u) => u);
    const fitted = customerValueModel(input.history, allUsers, horizonDays);
    if (!fitted) return previous();
    const { gammaGamma, ...bgNbd } = fitted.parameters;
    return { predicted: fitted.predicted, model: { model: served, bgNbd, gammaGamma } };
  }
  if (!regression) return previous();
  const persisted = regression.persist?.();
  return {
    predicted: serveValue({ model: served, regression: persisted as PersistedPredictor }, regression, input),
    model: persisted ? { model: served, regression: persisted } : null,
  };
}

const previousSpend: ServedValueModel = { model: 'previous spend' };
