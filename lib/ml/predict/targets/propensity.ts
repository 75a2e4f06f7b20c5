import type { TargetDefinition } from './targetDefinition';

/** Will a user buy in one of the top categories within the horizon? One binary target per category. */
export const propensityTarget: TargetDefinition = {
  key: 'propensity',
  pattern: /^propensity:(.+)$/,
  nameOf: (category) => `propensity:${category}`,
  sqlPattern: 'propensity:%',
  kind: 'binary',
  labels:
    'on the churn window: 1 when the user makes a purchase-like event on an item of the category after the cut-off; the five categories with most purchases before it',
  features: 'behaviour features of the events before the cut-off; scored on the features as of the last event',
  families: 'linear model and boosted trees (eventModelFamilies), chosen on validation',
  metric: 'auc',
  baseline: 'AUC 0.5 (a coin); not predictive below 0.55',
  score: 'probability',
  label: { en: 'Propensity: {name}', zh: '购买倾向：{name}' },
  messages: { plain: 'buys', condition: 'propensity' },
  describe: (category, quality) => ({ name: category, days: quality?.horizonDays ?? null }),
};
