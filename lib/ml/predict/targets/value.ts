import type { TargetDefinition } from './targetDefinition';

/** Expected spend in the next H days (settings.valueHorizonDays, default 90): `value:90d`. */
export const valueTarget: TargetDefinition = {
  key: 'value',
  pattern: /^value:(\d+)d$/,
  nameOf: (days) => `value:${days}d`,
  sqlPattern: 'value:%d',
  kind: 'numeric',
  labels: 'spend of each user active before the cut-off (last event minus H days) in the H days after it',
  features:
    'behaviour features before the cut-off for the regressions; frequency, recency, age and mean spend for BG/NBD + Gamma-Gamma',
  families: 'BG/NBD + Gamma-Gamma, and linear and boosted regressions, chosen by validation Spearman',
  metric: 'spearman',
  baseline: 'the same spend as the previous H days (Spearman, normalised Gini, MAE)',
  score: 'amount',
  label: { en: 'Predicted spend, next {days} days', zh: '预测消费（未来 {days} 天）' },
  messages: { plain: 'predictedValue', condition: 'predictedValue' },
  describe: (days) => ({ name: `${days} days`, days: Number(days) }),
};
