import { createTranslator } from 'next-intl';
import { describeTarget, parseTarget, targetRegistry } from '@/lib/ml/predict/targetRegistry';
import type { TargetQuality } from '@/lib/ml/predict/targets/targetQuality';
import english from '@/messages/en.json';
import { displayName } from './displayName';
import type { GlossaryKey } from './glossary';

// A model's stored hold-out quality read out in plain words: a verdict against its baseline,
// then what the numbers mean for the analyst. Pure, so the wording is tested without a page.

/** The PlainQuality messages of the user's language; English unless a screen passes its own. */
export type PlainWords = (key: keyof typeof english.PlainQuality, values?: Record<string, string | number>) => string;

const englishWords: PlainWords = createTranslator({ locale: 'en', messages: english, namespace: 'PlainQuality' });

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

export function aucVerdict(auc: number, t: PlainWords = englishWords): { verdict: string; useful: boolean } {
  const key = auc < 0.55 ? 'chance' : auc < 0.65 ? 'weak' : auc < 0.75 ? 'fair' : auc < 0.85 ? 'good' : 'strong';
  return { verdict: t('verdict', { verdict: key }), useful: key !== 'chance' };
}

const targetKeys = targetRegistry.map((definition) => definition.key as string);

/** "Churn", "Buys Cameras", "Age band", "Goal “Buys books”": the message each registry target names. */
export function plainTargetName(target: string, t: PlainWords = englishWords, quality?: TargetQuality | null): string {
  const parsed = parseTarget(target);
  const described = describeTarget(target, quality);
  // a stage skipped as a whole stores one row under the target's bare key ("propensity")
  if (!parsed || !described) return targetKeys.includes(target) ? t('wholeTarget', { key: target }) : target;
  const message = parsed.definition.messages.plain as keyof typeof english.PlainQuality | null;
  if (message === null) return displayName(described.name);
  return t(message, { name: described.name, days: described.days ?? '' });
}

function binaryLine(
  subject: string,
  target: string,
  quality: Record<string, unknown>,
  t: PlainWords,
): PlainQualityLine | null {
  const auc = numberAt(quality, 'auc') ?? numberAt(quality, 'value');
  if (auc === null) return null;
  const { verdict, useful } = aucVerdict(auc, t);
  const horizon = numberAt(quality, 'horizonDays') ?? 30;
  const parts: PlainPart[] = [
    { text: t('open', { subject, verdict }) },
    { text: t('auc', { auc: fixed(auc) }), term: 'auc' },
    { text: t('vsChance') },
  ];
  const lift = numberAt(quality, 'lift10');
  if (lift !== null) {
    parts.push(
      { text: parseTarget(target)?.definition.key === 'churn' ? t('liftChurn', { days: horizon }) : t('liftOther') },
      { text: t('lift', { lift: fixed(lift) }), term: 'lift10' },
      { text: t('period') },
    );
  }
  const calibrationError = numberAt(quality, 'calibrationError');
  if (calibrationError !== null) {
    parts.push(
      { text: t('calibrationBefore') },
      { text: t('calibration', { points: (calibrationError * 100).toFixed(1) }), term: 'calibrationError' },
      { text: t('calibrationAfter') },
    );
  }
  return { subject, verdict, useful, parts };
}

function multiclassLine(subject: string, quality: Record<string, unknown>, t: PlainWords): PlainQualityLine | null {
  const f1 = numberAt(quality, 'macroF1') ?? numberAt(quality, 'value');
  const baseline = numberAt(quality, 'baseline');
  if (f1 === null) return null;
  const gain = baseline === null ? f1 : f1 - baseline;
  // macro-F1 over always guessing one value is beaten by any guess spread over the values; the
  // one-vs-rest AUC (stored by runs since it was measured) says whether the guesses rank anyone
  const macroAuc = numberAt(quality, 'auc');
  const byAuc = macroAuc === null ? null : aucVerdict(macroAuc, t);
  const verdict =
    byAuc && (!byAuc.useful || gain >= 0.02)
      ? byAuc.verdict
      : t('verdict', { verdict: gain < 0.02 ? 'mostCommon' : gain < 0.1 ? 'weak' : gain < 0.2 ? 'fair' : 'good' });
  const parts: PlainPart[] = [
    { text: t('open', { subject, verdict }) },
    { text: t('macroF1', { f1: fixed(f1) }), term: 'macroF1' },
    { text: baseline === null ? t('close') : t('vsMostCommon', { baseline: fixed(baseline) }) },
  ];
  const accuracy = numberAt(quality, 'accuracy');
  const baselineAccuracy = numberAt(quality, 'baselineAccuracy');
  if (accuracy !== null) {
    parts.push(
      { text: t('rightFor') },
      { text: t('accuracy', { share: Math.round(accuracy * 100) }), term: 'accuracy' },
      {
        text:
          baselineAccuracy === null
            ? t('accuracyEnd')
            : t('mostCommonAlone', { share: Math.round(baselineAccuracy * 100) }),
      },
    );
  }
  if (macroAuc !== null) {
    parts.push(
      { text: t('macroAucBefore') },
      { text: t('auc', { auc: fixed(macroAuc) }), term: 'auc' },
      { text: t('macroAucAfter') },
    );
  }
  return { subject, verdict, useful: gain >= 0.02 && (byAuc?.useful ?? true), parts };
}

function numericLine(subject: string, quality: Record<string, unknown>, t: PlainWords): PlainQualityLine | null {
  const mae = numberAt(quality, 'mae') ?? numberAt(quality, 'value');
  const baseline = numberAt(quality, 'baseline');
  if (mae === null) return null;
  const ratio = baseline && baseline > 0 ? mae / baseline : 1;
  const verdict = t('verdict', {
    verdict: ratio > 0.95 ? 'median' : ratio > 0.85 ? 'weak' : ratio > 0.7 ? 'fair' : 'good',
  });
  return {
    subject,
    verdict,
    useful: ratio <= 0.95,
    parts: [
      { text: t('openMae', { subject, verdict }) },
      { text: t('mae', { mae: fixed(mae, 1) }), term: 'mae' },
      { text: baseline === null ? t('close') : t('vsMedian', { baseline: fixed(baseline, 1) }) },
    ],
  };
}

/** Predicted value: how well it orders users by what they went on to spend, against the previous period's spend. */
function valueLine(subject: string, quality: Record<string, unknown>, t: PlainWords): PlainQualityLine | null {
  const spearman = numberAt(quality, 'spearman');
  const baseline = quality.baselineScores as Record<string, unknown> | null;
  const baselineSpearman = numberAt(baseline, 'spearman');
  if (spearman === null || baselineSpearman === null) return null;
  const days = numberAt(quality, 'horizonDays') ?? 90;
  const beats = quality.predictive === true;
  const verdict = t('valueVerdict', { beats: beats ? 'yes' : 'no', days });
  const parts: PlainPart[] = [
    { text: t('open', { subject, verdict }) },
    { text: t('spearman', { spearman: fixed(spearman) }), term: 'spearman' },
    { text: t('vsPreviousSpend', { baseline: fixed(baselineSpearman), days }) },
  ];
  const gini = numberAt(quality, 'gini');
  const baselineGini = numberAt(baseline, 'gini');
  if (gini !== null && baselineGini !== null) {
    parts.push(
      { text: ' ' },
      { text: t('gini', { gini: fixed(gini) }), term: 'gini' },
      { text: t('vsGini', { baseline: fixed(baselineGini) }) },
    );
  }
  const mae = numberAt(quality, 'mae');
  const baselineMae = numberAt(baseline, 'mae');
  if (mae !== null && baselineMae !== null) {
    parts.push(
      { text: t('valueOffBy') },
      { text: t('valueMae', { mae: fixed(mae) }), term: 'mae' },
      { text: t('vsMae', { baseline: fixed(baselineMae) }) },
    );
  }
  if (typeof quality.model === 'string') parts.push({ text: t('valueModel', { model: quality.model }) });
  return { subject, verdict, useful: beats, parts };
}

/** One plain line for a prediction target of a run, or null when nothing was measured. */
export function plainTargetQuality(target: StoredTarget, t: PlainWords = englishWords): PlainQualityLine | null {
  const subject = plainTargetName(target.target, t, target.quality as TargetQuality | null);
  if (target.status !== 'trained') {
    return {
      subject,
      verdict: t('verdict', { verdict: 'notTrained' }),
      useful: false,
      parts: [
        {
          text: target.reason
            ? t('notTrainedReason', { subject, reason: target.reason })
            : t('notTrained', { subject }),
        },
      ],
    };
  }
  const quality = holdoutOf(target.quality);
  const notPredictive = typeof target.quality?.notPredictive === 'string' ? target.quality.notPredictive : null;
  const line =
    parseTarget(target.target)?.definition.metric === 'spearman'
      ? valueLine(subject, quality, t)
      : target.kind === 'binary'
        ? binaryLine(subject, target.target, quality, t)
        : target.kind === 'multiclass'
          ? multiclassLine(subject, quality, t)
          : numericLine(subject, quality, t);
  if (line && notPredictive) {
    line.useful = false;
    line.parts.push({ text: t('hidden', { reason: notPredictive }) });
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
export function plainRecommendationQuality(
  quality: Record<string, unknown> | null,
  t: PlainWords = englishWords,
): PlainQualityLine | null {
  const measured = recommendationNdcg(quality);
  if (measured === null) return null;
  const { model: ndcg, popularity } = measured;
  const ratio = popularity && popularity > 0 ? ndcg / popularity : null;
  const beats = popularity === null ? true : ndcg > popularity * 1.02;
  const verdict = beats
    ? ratio === null
      ? t('verdict', { verdict: 'trained' })
      : // a small lead in one decimal read "1.0x as good", as if there were none
        t('asGoodAsPopular', { ratio: fixed(ratio, ratio < 1.1 ? 2 : 1) })
    : t('verdict', { verdict: 'popular' });
  const subject = t('recommendations');
  return {
    subject,
    verdict,
    useful: beats,
    parts: [
      { text: t('open', { subject, verdict }) },
      { text: t('ndcg', { ndcg: fixed(ndcg, 3) }), term: 'ndcg' },
      {
        text:
          popularity === null
            ? t('close')
            : t('vsPopular', { popularity: fixed(popularity, 3) }) + (beats ? '' : t('servesPopular')),
      },
    ],
  };
}

/** Predicted ratings: error in stars against mean plus biases, on ratings held out from the fit. */
export function plainRatingQuality(quality: unknown, t: PlainWords = englishWords): PlainQualityLine | null {
  const ratings = quality as
    | { model?: string; validationRmse?: number; baseline?: { rmse?: number }; ratings?: number }
    | null
    | undefined;
  if (typeof ratings?.validationRmse !== 'number' || typeof ratings.baseline?.rmse !== 'number') return null;
  const beats = ratings.model === 'biased-mf';
  const verdict = t('ratingsVerdict', { closer: beats ? 'yes' : 'no' });
  const subject = t('ratings');
  return {
    subject,
    verdict,
    useful: beats,
    parts: [
      { text: t('open', { subject, verdict }) },
      { text: t('rmse', { rmse: fixed(ratings.validationRmse, 3) }), term: 'rmse' },
      {
        text:
          t('vsRatingsBaseline', { baseline: fixed(ratings.baseline.rmse, 3), ratings: ratings.ratings ?? 0 }) +
          (beats ? '' : t('ratingsBaselineShown')),
      },
    ],
  };
}

/** Segments: how distinct they are. */
export function plainSegmentQuality(
  silhouette: number | null,
  k: number | null,
  t: PlainWords = englishWords,
): PlainQualityLine | null {
  if (silhouette === null || k === null) return null;
  const verdict = t('verdict', {
    verdict:
      silhouette >= 0.5
        ? 'veryDistinct'
        : silhouette >= 0.25
          ? 'distinct'
          : silhouette >= 0.1
            ? 'overlapping'
            : 'barelySeparated',
  });
  return {
    subject: t('segments'),
    verdict,
    useful: silhouette >= 0.1,
    parts: [
      { text: t('openSegments', { k, verdict }) },
      { text: t('silhouette', { silhouette: fixed(silhouette) }), term: 'silhouette' },
      { text: t('silhouetteAfter') },
    ],
  };
}

export const plainText = (line: PlainQualityLine) => line.parts.map((part) => part.text).join('');
