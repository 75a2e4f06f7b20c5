import { valueTargetHorizon } from '@/lib/ml/predict/valueTargetName';
import { displayName } from './displayName';
import type { GlossaryKey } from './glossary';

// A model's stored hold-out quality read out in plain words: a verdict against its baseline,
// then what the numbers mean for the analyst. Pure, so the wording is tested without a page.

/** One piece of a sentence, linked to the glossary when it names a metric. */
export type PlainPart = { text: string; term?: GlossaryKey };

export interface PlainQualityLine {
  subject: string;
  verdict: string;
  /** whether the model beats its baseline by enough to be read as insight */
  useful: boolean;
  parts: PlainPart[];
}

interface StoredTarget {
  target: string;
  kind: string;
  status: string;
  reason?: string | null;
  quality: Record<string, unknown> | null;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

function numberAt(record: Record<string, unknown> | null | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function holdoutOf(quality: Record<string, unknown> | null): Record<string, unknown> {
  const holdout = quality?.holdout;
  return holdout && typeof holdout === 'object' && !Array.isArray(holdout)
    ? { ...quality, ...(holdout as Record<string, unknown>) }
    : (quality ?? {});
}

export function aucVerdict(auc: number): { verdict: string; useful: boolean } {
  if (auc < 0.55) return { verdict: 'no better than chance', useful: false };
  if (auc < 0.65) return { verdict: 'weak', useful: true };
  if (auc < 0.75) return { verdict: 'fair', useful: true };
  if (auc < 0.85) return { verdict: 'good', useful: true };
  return { verdict: 'strong', useful: true };
}

/** "Churn", "Buys Cameras", "Age band" */
export function plainTargetName(target: string): string {
  if (target === 'churn') return 'Churn';
  const valueHorizon = valueTargetHorizon(target);
  if (valueHorizon !== null) return `Predicted spend, next ${valueHorizon} days`;
  const [kind, ...rest] = target.split(':');
  const name = rest.join(':');
  if (kind === 'propensity') return `Buys ${name}`;
  if (kind === 'attr') return displayName(name);
  return target;
}

function binaryLine(subject: string, target: string, quality: Record<string, unknown>): PlainQualityLine | null {
  const auc = numberAt(quality, 'auc') ?? numberAt(quality, 'value');
  if (auc === null) return null;
  const { verdict, useful } = aucVerdict(auc);
  const horizon = numberAt(quality, 'horizonDays') ?? 30;
  const parts: PlainPart[] = [
    { text: `${subject}: ${verdict} (` },
    { text: `AUC ${fixed(auc)}`, term: 'auc' },
    { text: ' vs 0.50 by chance).' },
  ];
  const lift = numberAt(quality, 'lift10');
  if (lift !== null) {
    const who =
      target === 'churn'
        ? `Top 10% riskiest users make no purchase in the next ${horizon} days`
        : `Top 10% most likely users do it`;
    parts.push({ text: ` ${who} ` }, { text: `${fixed(lift)}x as often as average`, term: 'lift10' }, { text: '.' });
  }
  const calibrationError = numberAt(quality, 'calibrationError');
  if (calibrationError !== null) {
    parts.push(
      { text: ' Its probabilities are off by ' },
      { text: `${(calibrationError * 100).toFixed(1)} percentage points`, term: 'calibrationError' },
      { text: ' on average on hold-out users.' },
    );
  }
  return { subject, verdict, useful, parts };
}

function multiclassLine(subject: string, quality: Record<string, unknown>): PlainQualityLine | null {
  const f1 = numberAt(quality, 'macroF1') ?? numberAt(quality, 'value');
  const baseline = numberAt(quality, 'baseline');
  if (f1 === null) return null;
  const gain = baseline === null ? f1 : f1 - baseline;
  const verdict =
    gain < 0.02 ? 'no better than guessing the most common value' : gain < 0.1 ? 'weak' : gain < 0.2 ? 'fair' : 'good';
  const parts: PlainPart[] = [
    { text: `${subject}: ${verdict} (` },
    { text: `macro F1 ${fixed(f1)}`, term: 'macroF1' },
    { text: baseline === null ? ').' : ` vs ${fixed(baseline)} by always guessing the most common value).` },
  ];
  const accuracy = numberAt(quality, 'accuracy');
  const baselineAccuracy = numberAt(quality, 'baselineAccuracy');
  if (accuracy !== null) {
    parts.push(
      { text: ' Right for ' },
      { text: `${Math.round(accuracy * 100)}% of users`, term: 'accuracy' },
      {
        text:
          baselineAccuracy === null ? '.' : ` (the most common value alone: ${Math.round(baselineAccuracy * 100)}%).`,
      },
    );
  }
  return { subject, verdict, useful: gain >= 0.02, parts };
}

function numericLine(subject: string, quality: Record<string, unknown>): PlainQualityLine | null {
  const mae = numberAt(quality, 'mae') ?? numberAt(quality, 'value');
  const baseline = numberAt(quality, 'baseline');
  if (mae === null) return null;
  const ratio = baseline && baseline > 0 ? mae / baseline : 1;
  const verdict =
    ratio > 0.95 ? 'no better than guessing the median' : ratio > 0.85 ? 'weak' : ratio > 0.7 ? 'fair' : 'good';
  return {
    subject,
    verdict,
    useful: ratio <= 0.95,
    parts: [
      { text: `${subject}: ${verdict} (typically off by ` },
      { text: fixed(mae, 1), term: 'mae' },
      { text: baseline === null ? ').' : ` vs ${fixed(baseline, 1)} when always guessing the median).` },
    ],
  };
}

/** Predicted value: how well it orders users by what they went on to spend, against the previous period's spend. */
function valueLine(subject: string, quality: Record<string, unknown>): PlainQualityLine | null {
  const spearman = numberAt(quality, 'spearman');
  const baseline = quality.baselineScores as Record<string, unknown> | null;
  const baselineSpearman = numberAt(baseline, 'spearman');
  if (spearman === null || baselineSpearman === null) return null;
  const horizon = numberAt(quality, 'horizonDays') ?? 90;
  const beats = quality.predictive === true;
  const verdict = beats
    ? `ranks spenders better than the previous ${horizon} days`
    : `no better than the previous ${horizon} days' spend`;
  const parts: PlainPart[] = [
    { text: `${subject}: ${verdict} (` },
    { text: `Spearman ${fixed(spearman)}`, term: 'spearman' },
    { text: ` vs ${fixed(baselineSpearman)} for the previous ${horizon} days' spend, on hold-out users).` },
  ];
  const gini = numberAt(quality, 'gini');
  const baselineGini = numberAt(baseline, 'gini');
  if (gini !== null && baselineGini !== null) {
    parts.push(
      { text: ' ' },
      { text: `Normalised Gini ${fixed(gini)}`, term: 'gini' },
      { text: ` vs ${fixed(baselineGini)};` },
    );
  }
  const mae = numberAt(quality, 'mae');
  const baselineMae = numberAt(baseline, 'mae');
  if (mae !== null && baselineMae !== null) {
    parts.push(
      { text: ' off by ' },
      { text: `${fixed(mae)} per user`, term: 'mae' },
      { text: ` vs ${fixed(baselineMae)}.` },
    );
  }
  if (typeof quality.model === 'string') parts.push({ text: ` Model: ${quality.model}.` });
  return { subject, verdict, useful: beats, parts };
}

/** One plain line for a prediction target of a run, or null when nothing was measured. */
export function plainTargetQuality(target: StoredTarget): PlainQualityLine | null {
  const subject = plainTargetName(target.target);
  if (target.status !== 'trained') {
    return {
      subject,
      verdict: 'not trained',
      useful: false,
      parts: [{ text: `${subject}: not trained${target.reason ? ` (${target.reason})` : ''}.` }],
    };
  }
  const quality = holdoutOf(target.quality);
  const notPredictive = typeof target.quality?.notPredictive === 'string' ? target.quality.notPredictive : null;
  const line =
    valueTargetHorizon(target.target) !== null
      ? valueLine(subject, quality)
      : target.kind === 'binary'
        ? binaryLine(subject, target.target, quality)
        : target.kind === 'multiclass'
          ? multiclassLine(subject, quality)
          : numericLine(subject, quality);
  if (line && notPredictive) {
    line.useful = false;
    line.parts.push({ text: ` Not shown anywhere: ${notPredictive}.` });
  }
  return line;
}

/**
 * A run's recommender nDCG@10 and popularity's on the same held-out items, from either shape a
 * run stores: evaluate's ({ ndcg, baselines.popularity.ndcg }) or training's ({ validationNdcg, popularityNdcg }).
 */
export function recommendationNdcg(
  quality: Record<string, unknown> | null,
): { model: number; popularity: number | null } | null {
  const baselines = quality?.baselines as { popularity?: Record<string, unknown> } | undefined;
  const model = numberAt(quality, 'ndcg') ?? numberAt(quality, 'validationNdcg');
  if (model === null) return null;
  return { model, popularity: numberAt(baselines?.popularity, 'ndcg') ?? numberAt(quality, 'popularityNdcg') };
}

/** The recommender against recommending the most popular items to everyone. */
export function plainRecommendationQuality(quality: Record<string, unknown> | null): PlainQualityLine | null {
  const measured = recommendationNdcg(quality);
  if (measured === null) return null;
  const { model: ndcg, popularity } = measured;
  const ratio = popularity && popularity > 0 ? ndcg / popularity : null;
  const beats = popularity === null ? true : ndcg > popularity * 1.02;
  const verdict = beats
    ? ratio === null
      ? 'trained'
      : `${fixed(ratio, 1)}x as good as the most popular items`
    : 'no better than the most popular items';
  return {
    subject: 'Recommendations',
    verdict,
    useful: beats,
    parts: [
      { text: `Recommendations: ${verdict} (` },
      { text: `nDCG@10 ${fixed(ndcg, 3)}`, term: 'ndcg' },
      {
        text:
          popularity === null
            ? ').'
            : ` vs ${fixed(popularity, 3)} for the most popular items).${beats ? '' : ' Portrait serves the popular items instead.'}`,
      },
    ],
  };
}

/** Predicted ratings: error in stars against mean plus biases, on ratings held out from the fit. */
export function plainRatingQuality(quality: unknown): PlainQualityLine | null {
  const ratings = quality as
    | {
        model?: string;
        validationRmse?: number;
        baseline?: { rmse?: number };
        ratings?: number;
        replacedByBaseline?: string;
      }
    | null
    | undefined;
  if (typeof ratings?.validationRmse !== 'number' || typeof ratings.baseline?.rmse !== 'number') return null;
  const beats = ratings.model === 'biased-mf';
  const verdict = beats ? 'closer than mean plus biases' : 'no closer than mean plus biases';
  return {
    subject: 'Ratings',
    verdict,
    useful: beats,
    parts: [
      { text: `Predicted ratings: ${verdict} (` },
      { text: `RMSE ${fixed(ratings.validationRmse, 3)}`, term: 'rmse' },
      {
        text: ` vs ${fixed(ratings.baseline.rmse, 3)} on ratings held out, from ${ratings.ratings ?? '?'} ratings).${beats ? '' : ' The ratings shown come from mean plus biases.'}`,
      },
    ],
  };
}

/** Segments: how distinct they are. */
export function plainSegmentQuality(silhouette: number | null, k: number | null): PlainQualityLine | null {
  if (silhouette === null || k === null) return null;
  const verdict =
    silhouette >= 0.5
      ? 'very distinct'
      : silhouette >= 0.25
        ? 'distinct'
        : silhouette >= 0.1
          ? 'overlapping'
          : 'barely separated';
  return {
    subject: 'Segments',
    verdict,
    useful: silhouette >= 0.1,
    parts: [
      { text: `Segments: ${k} groups, ${verdict} (` },
      { text: `silhouette ${fixed(silhouette)}`, term: 'silhouette' },
      { text: '; 0 means they overlap, 1 that they are far apart).' },
    ],
  };
}

export const plainText = (line: PlainQualityLine) => line.parts.map((part) => part.text).join('');
