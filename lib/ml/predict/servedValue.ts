import { type BgNbdParameters, expectedPurchases } from '@/lib/ml/predict/bgNbd';
import { expectedSpendPerTransaction, type GammaGammaParameters } from '@/lib/ml/predict/gammaGamma';
import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { type PurchaseHistory, spendBetween, summarisePurchases } from '@/lib/ml/predict/purchaseHistory';
import { valueFeatures } from '@/lib/ml/predict/valueLabels';
import type { DenseMatrix, EventTable } from '@/lib/ml/types';

const dayMs = 86_400_000;

/**
 * The predicted-value model a run serves, as plain JSON: what scores every user when the run is
 * trained, and again between retrains from the user's purchases and behaviour features as of then.
 */
export type ServedValueModel =
  | { model: 'previous spend' }
  | { model: 'BG/NBD + Gamma-Gamma'; bgNbd: BgNbdParameters; gammaGamma: GammaGammaParameters }
  | { model: 'ridge regression' | 'boosted trees'; regression: PersistedPredictor };

/** Expected spend in the next `horizonDays` of user `u` of `history` under BG/NBD + Gamma–Gamma. */
export function customerValueOf(
  parameters: { bgNbd: BgNbdParameters; gammaGamma: GammaGammaParameters },
  history: PurchaseHistory,
  u: number,
  horizonDays: number,
): number {
  const purchases = expectedPurchases(
    parameters.bgNbd,
    history.frequency[u],
    history.recency[u],
    history.age[u],
    horizonDays,
  );
  return (
    purchases * expectedSpendPerTransaction(parameters.gammaGamma, history.frequency[u], history.meanRepeatSpend[u])
  );
}

/** What the served value model reads of some users. */
export interface ValueInput {
  /** their purchase history as of the time the value is predicted from */
  history: PurchaseHistory;
  /** their purchase spend in the H days before it */
  lastSpend: Float64Array;
  horizonDays: number;
  /** their behaviour features as of that time (the regressions read them) */
  behaviour: () => DenseMatrix;
}

/** The purchase history and previous H days' spend of events.userIds as of `end` (the last event counted). */
export function purchasesAsOf(
  events: EventTable,
  isPurchase: Uint8Array,
  end: number,
  horizonDays: number,
): Pick<ValueInput, 'history' | 'lastSpend'> {
  return {
    history: summarisePurchases(events, isPurchase, end + 1),
    lastSpend: spendBetween(events, isPurchase, end - horizonDays * dayMs, end + 1),
  };
}

/**
 * Expected spend in the next H days, per user of the input: the previous H days' spend,
 * BG/NBD + Gamma–Gamma on the purchase history, or the regression (restored as `regression`)
 * on the behaviour and purchase features, never below 0.
 */
export function serveValue(
  served: ServedValueModel,
  regression: { predict(matrix: DenseMatrix): Float64Array } | null,
  input: ValueInput,
): Float64Array {
  const { history, lastSpend, horizonDays } = input;
  if (served.model === 'previous spend') return lastSpend;
  const users = lastSpend.length;
  if (served.model === 'BG/NBD + Gamma-Gamma')
    return Float64Array.from({ length: users }, (_, u) => customerValueOf(served, history, u, horizonDays));
  if (!regression) throw new Error('the served value regression was not restored');
  const allUsers = Int32Array.from({ length: users }, (_, u) => u);
  const features = valueFeatures(input.behaviour(), history, lastSpend, allUsers);
  return Float64Array.from(regression.predict(features), (v) => Math.max(0, v));
}
