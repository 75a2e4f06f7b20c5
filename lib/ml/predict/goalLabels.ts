import {
  type FeatureFunction,
  type OutcomeWindow,
  outcomeWindow,
  type SkippedLabels,
} from '@/lib/ml/predict/churnLabels';
import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';
import type { EventTable, ItemTable } from '@/lib/ml/types';

export interface GoalLabels extends OutcomeWindow {
  status: 'ready';
  /** 1 = did the goal event within the horizon after the cutoff */
  labels: Float64Array;
  positives: number;
  negatives: number;
}

/**
 * Labels of a custom goal on the churn window scheme with the goal's horizon: the users active
 * before the cutoff (last event − horizonDays) are 1 when they have an event of the goal's type
 * after it, on an item of its category and with a value over its minimum when it names them.
 */
export function buildGoalLabels(
  events: EventTable,
  items: ItemTable,
  goal: Pick<StoredGoal, 'eventType' | 'category' | 'minValue' | 'horizonDays'>,
  featureFunction: FeatureFunction,
): GoalLabels | SkippedLabels {
  const window = outcomeWindow(
    events,
    { purchaseTypes: [], horizonDays: goal.horizonDays },
    featureFunction,
    goal.horizonDays,
  );
  if (window.status === 'skipped') return window;
  const type = events.types.indexOf(goal.eventType);
  if (type < 0) return { status: 'skipped', reason: `no "${goal.eventType}" events in this dataset` };
  const rowOfUser = new Int32Array(events.userIds.length).fill(-1);
  window.users.forEach((user, row) => {
    rowOfUser[user] = row;
  });
  const labels = new Float64Array(window.users.length);
  for (let e = 0; e < events.ts.length; e++) {
    const row = rowOfUser[events.user[e]];
    if (row < 0 || events.ts[e] < window.cutoff || events.type[e] !== type) continue;
    if (goal.minValue !== null && !(events.value[e] > goal.minValue)) continue;
    if (
      goal.category !== null &&
      !(events.item[e] >= 0 && (items.categories[events.item[e]] ?? []).includes(goal.category))
    )
      continue;
    labels[row] = 1;
  }
  let positives = 0;
  for (const label of labels) positives += label;
  return { status: 'ready', ...window.outcome, labels, positives, negatives: labels.length - positives };
}
