import { referenceTime } from '@/lib/ml/features/referenceTime';
import { eventsBefore } from '@/lib/ml/predict/eventsBefore';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

/**
 * Computes one feature row per entry of `events.userIds` from the events it is given, as of
 * `asOf` (epoch ms), e.g. computeBehaviourFeatures(events, items, settings, asOf) bound to its
 * other arguments.
 */
export type FeatureFunction = (events: EventTable, asOf: number) => DenseMatrix;

export interface OutcomeWindow {
  /** last event time in the dataset minus the horizon: features before it, outcomes after it */
  cutoff: number;
  horizonDays: number;
  /** users with at least one event before the cutoff, ascending */
  users: Int32Array;
  /** features of those users, computed only from events before the cutoff */
  features: DenseMatrix;
  /** true when the dataset has no purchase-like events, so any event counts as the outcome */
  anyEventCounts: boolean;
}

export interface ChurnLabels extends OutcomeWindow {
  status: 'ready';
  /** 1 = churned: no purchase-like event within the horizon after the cutoff */
  labels: Float64Array;
  positives: number;
  negatives: number;
}

export interface CategoryPropensityLabels extends OutcomeWindow {
  status: 'ready';
  categories: { name: string; labels: Float64Array; positives: number; negatives: number }[];
}

export interface SkippedLabels {
  status: 'skipped';
  reason: string;
}

const dayMs = 86_400_000;

/**
 * Churn labels for horizon H (default settings.horizonDays): cutoff = last event − H days; the
 * users active before the cutoff are labelled 1 (churned) when they have no purchase-like event
 * (settings.purchaseTypes, or any event when the dataset has no purchases) after it. Features
 * come from `featureFunction` applied to the events before the cutoff only.
 */
export function buildChurnLabels(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes' | 'horizonDays'>,
  featureFunction: FeatureFunction,
  options: { horizonDays?: number } = {},
): ChurnLabels | SkippedLabels {
  const window = outcomeWindow(events, settings, featureFunction, options.horizonDays);
  if (window.status === 'skipped') return window;
  const { isOutcome } = window;
  const returned = new Uint8Array(events.userIds.length);
  for (let e = 0; e < events.ts.length; e++) {
    if (events.ts[e] >= window.cutoff && isOutcome[events.type[e]]) returned[events.user[e]] = 1;
  }
  const labels = Float64Array.from(window.users, (user) => 1 - returned[user]);
  let positives = 0;
  for (const label of labels) positives += label;
  return {
    status: 'ready',
    ...window.outcome,
    labels,
    positives,
    negatives: labels.length - positives,
  };
}

/**
 * Purchase propensity per top category, on the same window: label 1 when the user has a
 * purchase-like event on an item of that category after the cutoff. The categories are the
 * `topCategories` (default 5) with most purchase-like events before the cutoff.
 */
export function buildCategoryPropensityLabels(
  events: EventTable,
  items: ItemTable,
  settings: Pick<PipelineSettings, 'purchaseTypes' | 'horizonDays'>,
  featureFunction: FeatureFunction,
  options: { horizonDays?: number; topCategories?: number } = {},
): CategoryPropensityLabels | SkippedLabels {
  const window = outcomeWindow(events, settings, featureFunction, options.horizonDays);
  if (window.status === 'skipped') return window;
  const { isOutcome, cutoff } = window;
  const before = new Map<string, number>();
  for (let e = 0; e < events.ts.length; e++) {
    if (events.ts[e] >= cutoff || !isOutcome[events.type[e]] || events.item[e] < 0) continue;
    for (const category of items.categories[events.item[e]] ?? [])
      before.set(category, (before.get(category) ?? 0) + 1);
  }
  const top = [...before.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.topCategories ?? 5)
    .map((entry) => entry[0]);
  if (top.length === 0) return { status: 'skipped', reason: 'no categorised purchases before the cutoff' };
  const rowOfUser = new Int32Array(events.userIds.length).fill(-1);
  window.users.forEach((user, row) => {
    rowOfUser[user] = row;
  });
  const categories = top.map((name) => {
    const labels = new Float64Array(window.users.length);
    for (let e = 0; e < events.ts.length; e++) {
      const row = rowOfUser[events.user[e]];
      if (row < 0 || events.ts[e] < cutoff || !isOutcome[events.type[e]] || events.item[e] < 0) continue;
      if ((items.categories[events.item[e]] ?? []).includes(name)) labels[row] = 1;
    }
    let positives = 0;
    for (const label of labels) positives += label;
    return { name, labels, positives, negatives: labels.length - positives };
  });
  return { status: 'ready', ...window.outcome, categories };
}

/**
 * The window every "within the horizon" target shares: cutoff = last event − horizon, the users
 * active before it and their features from the events before it; isOutcome marks purchase-like types.
 */
export function outcomeWindow(
  events: EventTable,
  settings: Pick<PipelineSettings, 'purchaseTypes' | 'horizonDays'>,
  featureFunction: FeatureFunction,
  horizonOverride: number | undefined,
):
  | SkippedLabels
  | { status: 'ready'; outcome: OutcomeWindow; isOutcome: Uint8Array; cutoff: number; users: Int32Array } {
  const horizonDays = horizonOverride ?? settings.horizonDays;
  if (events.ts.length === 0) return { status: 'skipped', reason: 'the dataset has no events' };
  const lastTs = referenceTime(events.ts).ms;
  const cutoff = lastTs - horizonDays * dayMs;
  const purchaseTypes = new Set(settings.purchaseTypes.map((type) => type.toLowerCase()));
  const isPurchase = Uint8Array.from(events.types, (type) => (purchaseTypes.has(type.toLowerCase()) ? 1 : 0));
  let anyPurchase = false;
  for (const type of events.type) if (isPurchase[type]) anyPurchase = true;
  const isOutcome = anyPurchase ? isPurchase : new Uint8Array(events.types.length).fill(1);

  const history = eventsBefore(events, cutoff);
  if (history.ts.length === 0) {
    return {
      status: 'skipped',
      reason: `no events before the cutoff: the dataset spans less than the ${horizonDays}-day horizon`,
    };
  }
  const active = new Uint8Array(events.userIds.length);
  for (const user of history.user) active[user] = 1;
  const users: number[] = [];
  for (let u = 0; u < active.length; u++) if (active[u]) users.push(u);
  const allFeatures = featureFunction(history, cutoff);
  if (allFeatures.rows !== events.userIds.length) {
    throw new Error(`the feature function returned ${allFeatures.rows} rows for ${events.userIds.length} users`);
  }
  const { cols } = allFeatures;
  const data = new Float32Array(users.length * cols);
  users.forEach((user, row) => {
    data.set(allFeatures.data.subarray(user * cols, (user + 1) * cols), row * cols);
  });
  const userArray = Int32Array.from(users);
  return {
    status: 'ready',
    isOutcome,
    cutoff,
    users: userArray,
    outcome: {
      cutoff,
      horizonDays,
      users: userArray,
      features: { rows: users.length, cols, data },
      anyEventCounts: !anyPurchase,
    },
  };
}
