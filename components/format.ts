// Number, time and label formatting shared by the screens, in the language the user chose.
// The screens format data fetched in the browser, so the locale is set once per page in the
// browser (FormatLocale, from next-intl's locale) before they render; English is the default.

import { formatMoney } from '@/lib/datasets/displayText';
import type { Locale } from '@/lib/i18n/locales';
import { isDateOnly } from '@/lib/ingest/isDateOnly';
import { targetLabel as registryLabel } from '@/lib/ml/predict/targetRegistry';
import type { TargetQuality } from '@/lib/ml/predict/targets/targetQuality';

let locale: string = 'en-US';
let chinese = false;

export function setFormatLocale(next: Locale): void {
  locale = next === 'en' ? 'en-US' : next;
  chinese = next === 'zh-CN';
}

export function formatCount(value: number): string {
  return value.toLocaleString(locale);
}

/** Readable value of a feature or trait: integers as counts, small numbers with 2 significant decimals. */
export function formatValue(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString(locale);
  return value.toLocaleString(locale, { maximumFractionDigits: Math.abs(value) >= 10 ? 1 : 2 });
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return share.toLocaleString(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * A predicted amount of money in the dataset's currency as profiles show it ($1,235, ¥12.50), or
 * in its own unit when the dataset names no currency: 1,234.50
 */
export function formatAmount(value: number | null | undefined, currency?: string | null): string {
  if (value == null || !Number.isFinite(value)) return '—';
  if (currency) return formatMoney(value, currency, locale);
  return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
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

/** An event's time; a date imported without a time as that date alone. */
export function formatEventTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (!isDateOnly(at.getTime())) return formatDateTime(iso);
  return at.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  const [h, min, s] = chinese ? ['小时', '分', '秒'] : [' h', ' min', ' s'];
  const gap = chinese ? '' : ' ';
  if (seconds < 60) return `${seconds}${s}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}${min}${gap}${seconds % 60}${s}`;
  return `${Math.floor(minutes / 60)}${h}${gap}${minutes % 60}${min}`;
}

/** "3 h ago", "2 days ago" */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (chinese) return chineseTimeAgo(seconds);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

function chineseTimeAgo(seconds: number): string {
  if (seconds < 60) return '刚刚';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} 小时前`;
  return `${Math.floor(seconds / 86_400)} 天前`;
}

export function yesNo(value: boolean): string {
  if (chinese) return value ? '是' : '否';
  return value ? 'yes' : 'no';
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

const chineseQualityLabels: Record<string, string> = {
  lift: '提升度',
  lift10: '提升度（前 10%）',
  liftTopDecile: '提升度（前 10%）',
  k: '截断 k',
  model: '模型',
  precision: '精确率',
  recall: '召回率',
  hitRate: '命中率',
  coverage: '商品覆盖率',
  positives: '正例',
  negatives: '负例',
  labelled: '有标签用户',
  popularity: '热门度',
  baseline: '基线',
  baselineAuc: '基线 AUC',
  positiveRate: '正例比例',
  accuracy: '准确率',
  baselineAccuracy: '基线准确率',
  macroF1: '宏平均 F1',
  mae: '平均绝对误差',
  rmse: '均方根误差',
  logLoss: '对数损失',
  brier: 'Brier 分数',
  baselineMacroF1: '基线宏平均 F1',
  popularityNdcg: '热门度 nDCG',
  popularityNdcgAt10: '热门度 nDCG@10',
  recallAt10: '召回率@10',
  hitRateAt10: '命中率@10',
  silhouette: '轮廓系数',
  holdoutUsers: '留出用户',
  n: '留出集大小',
  split: '数据划分',
};

/** The few words readQuality and headlineText put around metric labels, in the user's language. */
export const localWords = {
  baseline: (value: string) => (chinese ? `（基线 ${value}）` : ` (baseline ${value})`),
  baselineOf: (label: string, asTail: (label: string) => string) =>
    chinese ? `基线${label}` : `Baseline ${asTail(label)}`,
  heldOut: (percent: number) => (chinese ? `留出 ${percent}%` : `${percent}% held out`),
  testRows: (rows: string) => (chinese ? `${rows} 行测试数据` : `${rows} test rows`),
};

/** "macroF1" -> "Macro F1"; known metric keys get their usual spelling. */
export function metricLabel(key: string): string {
  if (chinese && chineseQualityLabels[key]) return chineseQualityLabels[key];
  if (qualityLabels[key]) return qualityLabels[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * "propensity:Cameras" -> "Propensity: Cameras", "attr:age_band" -> "Attribute: age_band", a goal by
 * the name in its quality record: the words each registry target declares.
 */
export function targetLabel(target: string, quality?: TargetQuality | null): string {
  return registryLabel(target, chinese ? 'zh' : 'en', quality);
}

export function formatMetric(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value) : value.toFixed(3);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return yesNo(value);
  return '—';
}
