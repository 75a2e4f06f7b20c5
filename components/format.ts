// Number, time and label formatting shared by the screens. Locale is fixed to en-US so server
// and browser render the same text.

import { valueTargetHorizon } from '@/lib/ml/predict/valueTargetName';

const locale = 'en-US';

export function formatCount(value: number): string {
  return value.toLocaleString(locale);
}

/** Readable value of a feature or trait: integers as counts, small numbers with 2 significant decimals. */
export function formatValue(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString(locale);
  return value.toLocaleString(locale, { maximumFractionDigits: Math.abs(value) >= 10 ? 1 : 2 });
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

/** A predicted amount of money, in the dataset's own unit (its currency is not known): 1,234.50 */
export function formatAmount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatScore(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "3 h ago", "2 days ago" */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

const qualityLabels: Record<string, string> = {
  auc: 'AUC',
  rocAuc: 'AUC',
  prAuc: 'PR AUC',
  lift: 'Lift',
  lift10: 'Lift (top 10%)',
  k: 'Cut-off k',
  model: 'Model',
  precision: 'Precision',
  recall: 'Recall',
  hitRate: 'Hit rate',
  coverage: 'Catalogue coverage',
  positives: 'Positives',
  negatives: 'Negatives',
  labelled: 'Labelled users',
  popularity: 'Popularity',
  liftTopDecile: 'Lift (top 10%)',
  baseline: 'Baseline',
  baselineAuc: 'Baseline AUC',
  positiveRate: 'Positive rate',
  accuracy: 'Accuracy',
  baselineAccuracy: 'Baseline accuracy',
  macroF1: 'Macro F1',
  f1: 'F1',
  mae: 'MAE',
  spearman: 'Spearman',
  gini: 'Normalised Gini',
  rmse: 'RMSE',
  r2: 'R²',
  logLoss: 'Log loss',
  brier: 'Brier score',
  baselineMacroF1: 'Baseline macro F1',
  ndcg: 'nDCG',
  ndcgAt10: 'nDCG@10',
  popularityNdcg: 'Popularity nDCG',
  popularityNdcgAt10: 'Popularity nDCG@10',
  recallAt10: 'Recall@10',
  hitRateAt10: 'Hit rate@10',
  silhouette: 'Silhouette',
  holdoutUsers: 'Hold-out users',
  n: 'Hold-out size',
  split: 'Split',
};

/** "macroF1" -> "Macro F1"; known metric keys get their usual spelling. */
export function metricLabel(key: string): string {
  if (qualityLabels[key]) return qualityLabels[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "propensity:Cameras" -> "Propensity: Cameras", "attr:age_band" -> "Attribute: age_band" */
export function targetLabel(target: string): string {
  if (target === 'churn') return 'Churn';
  const valueHorizon = valueTargetHorizon(target);
  if (valueHorizon !== null) return `Predicted spend, next ${valueHorizon} days`;
  const [kind, ...rest] = target.split(':');
  const name = rest.join(':');
  if (kind === 'propensity') return `Propensity: ${name}`;
  if (kind === 'attr') return `Attribute: ${name}`;
  return target;
}

export function formatMetric(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value) : value.toFixed(3);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return '—';
}
