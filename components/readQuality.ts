import { formatCount, localWords, metricLabel } from './format';

// Reads a model's stored quality (prediction_targets.quality, model_runs.metrics.recommend) in
// either shape the pipeline writes: flat members ({ auc, lift10, baselineAuc, split }) or a
// trained target's record ({ metric, value, baseline, holdout: {...}, split: { kind, ... } }).

export interface QualityMetric {
  key: string;
  label: string;
  value: number | string;
}

export interface QualityView {
  metrics: QualityMetric[];
  /** the data split the numbers were measured on, in words */
  split: string | null;
  headline: { label: string; value: number; baseline: number | null } | null;
}

const skipped = new Set(['split', 'topFeatures', 'validation', 'predictions', 'details', 'classCounts', 'seed']);
const headlineOrder = ['auc', 'macroF1', 'accuracy', 'ndcg', 'ndcgAt10', 'spearman', 'r2', 'mae', 'rmse'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Headline metrics first, each followed by its baseline, then supporting numbers.
const displayOrder = [
  'model',
  'k',
  'auc',
  'baselineAuc',
  'ndcg',
  'baselines.popularity.ndcg',
  'macroF1',
  'accuracy',
  'baselineAccuracy',
  'spearman',
  'baselineScores.spearman',
  'gini',
  'baselineScores.gini',
  'r2',
  'mae',
  'rmse',
  'baseline',
  'lift10',
  'lift',
  'precision',
  'baselines.popularity.precision',
  'recall',
  'baselines.popularity.recall',
  'hitRate',
  'coverage',
  'brier',
];

function displayRank(key: string): number {
  const rank = displayOrder.indexOf(key);
  return rank === -1 ? displayOrder.length : rank;
}

/** "baselines.popularity.ndcg" -> "Popularity nDCG"; "holdout.auc" -> "AUC". */
export function metricPathLabel(path: string): string {
  const parts = path.split('.').filter((part) => part !== 'baselines' && part !== 'holdout');
  if (parts.length === 1) return metricLabel(parts[0]);
  const prefix = parts.slice(0, -1).map((part) => metricLabel(part));
  return `${prefix.join(' ')} ${asTail(metricLabel(parts[parts.length - 1]))}`;
}

/** A label placed after another word: acronyms (AUC, nDCG) stay, ordinary words lose their capital. */
function asTail(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function describeSplit(split: unknown): string | null {
  if (typeof split === 'string') return split;
  if (!isRecord(split)) return null;
  const words: string[] = [];
  const kind = typeof split.kind === 'string' ? split.kind.replace(/-/g, ' ') : 'hold-out';
  words.push(kind);
  if (typeof split.testFraction === 'number') words.push(localWords.heldOut(Math.round(split.testFraction * 100)));
  if (typeof split.holdoutFraction === 'number')
    words.push(localWords.heldOut(Math.round(split.holdoutFraction * 100)));
  if (typeof split.testRows === 'number') words.push(localWords.testRows(formatCount(split.testRows)));
  return words.join(', ');
}

function flatten(value: Record<string, unknown>, prefix: string, out: QualityMetric[], depth: number) {
  for (const [key, member] of Object.entries(value)) {
    if (skipped.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof member === 'number' && Number.isFinite(member))
      out.push({ key: path, label: metricPathLabel(path), value: member });
    else if (typeof member === 'string' && key !== 'metric')
      out.push({ key: path, label: metricPathLabel(path), value: member });
    else if (isRecord(member) && depth < 3) flatten(member, path, out, depth + 1);
  }
}

export function readQuality(quality: Record<string, unknown> | null | undefined): QualityView {
  if (!quality) return { metrics: [], split: null, headline: null };
  const holdout = isRecord(quality.holdout) ? quality.holdout : null;
  const source: Record<string, unknown> = holdout ? { ...quality, ...holdout, holdout: undefined } : quality;
  const named = typeof source.metric === 'string' && typeof source.value === 'number' ? source.metric : null;
  const metrics: QualityMetric[] = [];
  flatten(Object.fromEntries(Object.entries(source).filter(([key]) => !(named && key === 'value'))), '', metrics, 0);
  // A named metric's `baseline` is that metric's baseline: label it so and show it beside it.
  const rank = (key: string) => (named && key === 'baseline' ? displayRank(named) + 0.5 : displayRank(key));
  if (named) {
    for (const metric of metrics)
      if (metric.key === 'baseline') metric.label = localWords.baselineOf(metricLabel(named), asTail);
  }
  metrics.sort((a, b) => rank(a.key) - rank(b.key));
  let headline: QualityView['headline'] = null;
  if (named) {
    headline = {
      label: metricLabel(named),
      value: source.value as number,
      baseline: typeof source.baseline === 'number' ? source.baseline : null,
    };
  } else {
    const key = headlineOrder.find((candidate) => typeof source[candidate] === 'number');
    if (key) {
      const baselines = isRecord(source.baselines) ? source.baselines : {};
      const popularity = isRecord(baselines.popularity) ? baselines.popularity[key] : undefined;
      const baseline = [
        source[`baseline${key.charAt(0).toUpperCase()}${key.slice(1)}`],
        popularity,
        source.baseline,
      ].find((candidate) => typeof candidate === 'number');
      headline = {
        label: metricLabel(key),
        value: source[key] as number,
        baseline: (baseline as number | undefined) ?? null,
      };
    }
  }
  return {
    metrics,
    split: describeSplit(quality.split ?? (isRecord(quality.details) ? quality.details.split : undefined)),
    headline,
  };
}
