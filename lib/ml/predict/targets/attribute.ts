import type { TargetDefinition } from './targetDefinition';

/** A user attribute (age band, city, ...) inferred for the users who lack it: `attr:<name>`. */
export const attributeTarget: TargetDefinition = {
  key: 'attribute',
  pattern: /^attr:(.+)$/,
  nameOf: (attribute) => `attr:${attribute}`,
  sqlPattern: 'attr:%',
  kind: 'per attribute',
  labels: 'the users who have the attribute; sensitive and evaluation-only attributes are never targets',
  features: 'the run profile vectors, the interaction matrix factors and hashed items (attributeFeatures)',
  families: 'linear model and boosted trees (attributeFamilies: linear only past 20,000 users or 4 classes)',
  metric: 'per kind',
  baseline: 'AUC 0.5 (yes/no), the majority class (multi-class macro-F1), the median (numeric MAE)',
  score: 'class',
  label: { en: 'Attribute: {name}', zh: '属性：{name}' },
  messages: { plain: null, condition: 'inferred' },
  describe: (attribute) => ({ name: attribute, days: null }),
};
