import type { TargetDefinition } from './targetDefinition';

/** Will a user make no purchase-like event within the horizon (settings.horizonDays)? */
export const churnTarget: TargetDefinition = {
  key: 'churn',
  pattern: /^churn()$/,
  nameOf: () => 'churn',
  sqlPattern: 'churn',
  kind: 'binary',
  labels:
    'users active before the cut-off (last event minus horizonDays) are 1 when they make no purchase-like event after it (any event when the dataset has no purchases)',
  features: 'behaviour features of the events before the cut-off; scored on the features as of the last event',
  families: 'linear model and boosted trees (eventModelFamilies), chosen on validation',
  metric: 'auc',
  baseline: 'AUC 0.5 (a coin); not predictive below 0.55',
  score: 'probability',
  label: { en: 'Churn', zh: '流失' },
  messages: { plain: 'churn', condition: 'churnRisk' },
  describe: (_parameter, quality) => ({ name: 'churn', days: quality?.horizonDays ?? null }),
};
