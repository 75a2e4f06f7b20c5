import { referenceTime } from '@/lib/ml/features/referenceTime';
import type { FeatureFunction, SkippedLabels } from '@/lib/ml/predict/churnLabels';
import { eventsBefore } from '@/lib/ml/predict/eventsBefore';
import {
  hasPurchaseValues,
  type PurchaseHistory,
  purchaseTypeMask,
  spendBetween,
  summarisePurchases,
} from '@/lib/ml/predict/purchaseHistory';
import type { DenseMatrix, EventTable, PipelineSettings } from '@/lib/ml/types';

const dayMs = 86_400_000;

/** The reason predicted value is skipped on a log whose purchases carry no amount. */
export const noPurchaseValuesReason = 'no purchase events with a value in this dataset';

/** Columns valueFeatures appends to the behaviour features. */
export const purchaseFeatureNames = [
  'repeat purchase days',
  'days from first to last purchase',
  'days since first purchase',
  'mean repeat purchase spend',
  'total spend',
  'spend in the previous horizon',
];

export interface ValueLabels {
  status: 'ready';
  /** last event − H days: features and history before it, spend after it */
  cutoff: number;
  /** the last event's time: the end of the label window */
  end: number;
  horizonDays: number;
  /** users with an event before the cutoff, ascending */
  users: Int32Array;
  /** behaviour features before the cutoff, then purchaseFeatureNames, one row per entry of users */
  features: DenseMatrix;
  /** spend in [cutoff, end] per entry of users */
  labels: Float64Array;
  /** the baseline: spend in [cutoff − H, cutoff) per entry of users */
  previousSpend: Float64Array;
  /** purchases before the cutoff, per user of events.userIds */
  history: PurchaseHistory;
  isPurchase: Uint8Array;
}

/**
 * Behaviour features of the chosen users, then their purchase summary and their spend in the
 * previous horizon: the regression reads what BG/NBD and the baseline read, and more.
 */
export function valueFeatures(
  behaviour: DenseMatrix,
  history: PurchaseHistory,
  previousSpend: Float64Array,
  users: Int32Array,
): DenseMatrix {
  const extra = purchaseFeatureNames.length;
  const cols = behaviour.cols + extra;
  const data = new Float32Array(users.length * cols);
  users.forEach((u, row) => {
    const at = row * cols;
    data.set(behaviour.data.subarray(u * behaviour.cols, (u + 1) * behaviour.cols), at);
    const tail = at + behaviour.cols;
    data[tail] = history.frequency[u];
    data[tail + 1] = history.recency[u];
    data[tail + 2] = history.age[u];
    data[tail + 3] = history.meanRepeatSpend[u];
    data[tail + 4] = history.totalSpend[u];
    data[tail + 5] = previousSpend[u];
  });
  return { rows: users.length, cols, data };
}

/**
 * Labels for predicted value over horizon H (default 90 days): cut-off T − H, where T is the
 * last event; users active before the cut-off are labelled with their purchase spend in [T − H, T]
 * (settings.purchaseTypes events with a number); features and the purchase history come from the
 * events before the cut-off only.
 */
/**
 * The fewest users active before the cut-off that predicted spend is judged on: a fifth are held
 * out, and a Spearman over a dozen hold-out users beat the previous period's by chance (a trial's
 * 60 users of random purchases read 0.75 against -0.01).
 */
export const minimumValueUsers = 250;

export function buildValueLabels(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes'>,
  featureFunction: FeatureFunction,
  horizonDays: number,
): ValueLabels | SkippedLabels {
  const isPurchase = purchaseTypeMask(events, settings);
  if (!hasPurchaseValues(events, isPurchase)) return { status: 'skipped', reason: noPurchaseValuesReason };
  const end = referenceTime(events.ts).ms;
  const cutoff = end - horizonDays * dayMs;
  const before = eventsBefore(events, cutoff);
  if (before.ts.length === 0) {
    return {
      status: 'skipped',
      reason: `no events before the cutoff: the dataset spans less than the ${horizonDays}-day horizon`,
    };
  }
  const history = summarisePurchases(events, isPurchase, cutoff);
  const users: number[] = [];
  for (let u = 0; u < history.active.length; u++) if (history.active[u]) users.push(u);
  const userArray = Int32Array.from(users);
  const spendAfter = spendBetween(events, isPurchase, cutoff, end + 1);
  const spendBefore = spendBetween(events, isPurchase, cutoff - horizonDays * dayMs, cutoff);
  if (userArray.length < minimumValueUsers) {
    return {
      status: 'skipped',
      reason: `only ${userArray.length} users active before the cutoff; at least ${minimumValueUsers} are needed to hold out enough to judge predicted spend`,
    };
  }
  const labels = Float64Array.from(userArray, (u) => spendAfter[u]);
  let spenders = 0;
  for (const label of labels) if (label > 0) spenders++;
  if (spenders < 10) {
    return {
      status: 'skipped',
      reason: `only ${spenders} of the users active before the cutoff spent in the last ${horizonDays} days (10 needed)`,
    };
  }
  return {
    status: 'ready',
    cutoff,
    end,
    horizonDays,
    users: userArray,
    features: valueFeatures(featureFunction(before, cutoff), history, spendBefore, userArray),
    labels,
    previousSpend: Float64Array.from(userArray, (u) => spendBefore[u]),
    history,
    isPurchase,
  };
}
