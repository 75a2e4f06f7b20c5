import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { type BgNbdParameters, expectedPurchases } from '@/lib/ml/predict/bgNbd';
import { expectedSpendPerTransaction, type GammaGammaParameters } from '@/lib/ml/predict/gammaGamma';
import { type PersistedPredictor, type RestoredPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
import {
  type PurchaseHistory,
  purchaseTypeMask,
  spendBetween,
  summarisePurchases,
} from '@/lib/ml/predict/purchaseHistory';
import { valueFeatures } from '@/lib/ml/predict/valueLabels';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

const dayMs = 86_400_000;

/** The event types and categories that get share columns, in order, as the regression learnt them. */
export interface ShareColumns {
  topTypes: string[];
  topCategories: string[];
}

/**
 * Predicted value's served model as plain JSON, to score users it was not fitted on (a
 * sample-fitted run's other users) with exactly what scored the fitted ones: the horizon and the
 * time the spend is predicted from, and the baseline, the BG/NBD + Gamma-Gamma parameters or the
 * regression.
 */
export interface StoredValueModel {
  horizonDays: number;
  /** the last event's time (ms) the predictions start from */
  end: number;
  purchaseTypes: string[];
  served:
    | { model: 'previous spend' }
    | { model: 'BG/NBD + Gamma-Gamma'; bgNbd: BgNbdParameters; gammaGamma: GammaGammaParameters }
    | { model: 'ridge regression' | 'boosted trees'; predictor: PersistedPredictor; shareColumns: ShareColumns };
}

export interface RestoredValueModel {
  model: StoredValueModel;
  /** the regression, ready to predict; null for the other models */
  predictor: RestoredPredictor | null;
}

export async function restoreValueModel(model: StoredValueModel): Promise<RestoredValueModel> {
  const served = model.served;
  const predictor =
    served.model === 'ridge regression' || served.model === 'boosted trees'
      ? await restorePredictor(served.predictor)
      : null;
  return { model, predictor };
}

/**
 * Expected spend in the next H days per user of `events.userIds` (all their events), from the
 * stored model: each user's own purchases (and, for a regression, behaviour features as of `end`)
 * are all it reads, so any chunk of users gets what a scoring of everyone at once gives them.
 * `behaviour` gives the regression's features when the caller already has them.
 */
export function applyValueModel(
  { model, predictor }: RestoredValueModel,
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  behaviour?: DenseMatrix,
): Float64Array {
  const { horizonDays, end, served } = model;
  const isPurchase = purchaseTypeMask(events, { purchaseTypes: model.purchaseTypes });
  const lastSpend = spendBetween(events, isPurchase, end - horizonDays * dayMs, end + 1);
  if (served.model === 'previous spend') return lastSpend;
  const history = summarisePurchases(events, isPurchase, end + 1);
  if (served.model === 'BG/NBD + Gamma-Gamma') return customerValue(served, history, horizonDays, lastSpend);
  if (!predictor) throw new Error('a regression value model needs its restored predictor');
  const features =
    behaviour ?? computeBehaviourFeatures(events, items, settings, end, { shareColumns: served.shareColumns }).raw;
  const allUsers = Int32Array.from({ length: events.userIds.length }, (_, u) => u);
  return Float64Array.from(predictor.predict(valueFeatures(features, history, lastSpend, allUsers)), (v) =>
    Math.max(0, v),
  );
}

/**
 * BG/NBD's expected purchase days times Gamma-Gamma's expected spend per day, per user; a user
 * whose expectation is not finite gets their last H days' spend, as the baseline would.
 */
export function customerValue(
  parameters: { bgNbd: BgNbdParameters; gammaGamma: GammaGammaParameters },
  history: PurchaseHistory,
  horizonDays: number,
  lastSpend: Float64Array,
): Float64Array {
  return Float64Array.from(history.frequency, (frequency, u) => {
    const purchases = expectedPurchases(parameters.bgNbd, frequency, history.recency[u], history.age[u], horizonDays);
    const value = purchases * expectedSpendPerTransaction(parameters.gammaGamma, frequency, history.meanRepeatSpend[u]);
    return Number.isFinite(value) ? value : lastSpend[u];
  });
}
