import type { TargetDefinition } from './targetDefinition';

/**
 * A goal an admin defined (lib/goals): will the user do event type T (on category C, with a
 * value over V) within H days? `goal:<id>`, trained like churn.
 */
export const goalTarget: TargetDefinition = {
  key: 'goal',
  pattern: /^goal:(\d+)$/,
  nameOf: (id) => `goal:${id}`,
  sqlPattern: 'goal:%',
  kind: 'binary',
  labels:
    'users active before the cut-off (last event minus H days) are 1 when they do the goal event (on the category, over the value) after it',
  features: 'behaviour features of the events before the cut-off; scored on the features as of the last event',
  families: 'linear model and boosted trees (eventModelFamilies), chosen on validation',
  metric: 'auc',
  baseline: 'AUC 0.5 (a coin); not predictive below 0.55',
  score: 'probability',
  label: { en: 'Goal: {name}', zh: '目标：{name}' },
  messages: { plain: 'goal', condition: 'goal' },
  describe: (id, quality) => ({ name: quality?.goal?.name ?? `goal ${id}`, days: quality?.goal?.horizonDays ?? null }),
};
