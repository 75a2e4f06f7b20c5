import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { glossary } from '@/components/glossary';
import {
  plainRatingQuality,
  plainRecommendationQuality,
  plainSegmentQuality,
  plainTargetQuality,
  plainText,
} from '@/components/plainQuality';
import chinese from '@/messages/zh-CN.json';

describe('model quality in plain words', () => {
  it('reads churn as a verdict against chance, the lift of the riskiest tenth and the calibration gap', () => {
    const line = plainTargetQuality({
      target: 'churn',
      kind: 'binary',
      status: 'trained',
      quality: {
        horizonDays: 30,
        holdout: { metric: 'auc', value: 0.79, baseline: 0.5, auc: 0.79, lift10: 1.17, calibrationError: 0.031 },
      },
    });
    expect(line && plainText(line)).toBe(
      'Churn: good (AUC 0.79 vs 0.50 by chance). Top 10% riskiest users make no purchase in the next 30 days 1.17x as often as average. Its probabilities are off by 3.1 percentage points on average on hold-out users.',
    );
    expect(line?.parts.filter((part) => part.term).map((part) => part.term)).toEqual([
      'auc',
      'lift10',
      'calibrationError',
    ]);
  });

  it('calls a model that does not beat its baseline so, and says when its scores are hidden', () => {
    const chance = plainTargetQuality({
      target: 'propensity:Books',
      kind: 'binary',
      status: 'trained',
      quality: { auc: 0.52, notPredictive: 'AUC 0.52 does not beat chance' },
    });
    expect(chance?.useful).toBe(false);
    expect(chance && plainText(chance)).toMatch(
      /^Buys Books: no better than chance \(AUC 0\.52 vs 0\.50 by chance\)\..*Not shown anywhere/,
    );
    const f1 = plainTargetQuality({
      target: 'attr:age_band',
      kind: 'multiclass',
      status: 'trained',
      quality: {
        holdout: {
          metric: 'macroF1',
          value: 0.41,
          baseline: 0.12,
          macroF1: 0.41,
          accuracy: 0.55,
          baselineAccuracy: 0.4,
        },
      },
    });
    expect(f1 && plainText(f1)).toBe(
      'Age band: good (macro F1 0.41 vs 0.12 by always guessing the most common value). Right for 55% of users (the most common value alone: 40%).',
    );
    // a guess spread over random values beats always guessing one on macro-F1, but ranks no one
    const spread = plainTargetQuality({
      target: 'attr:country',
      kind: 'multiclass',
      status: 'trained',
      quality: {
        holdout: {
          metric: 'macroF1',
          value: 0.23,
          baseline: 0.08,
          auc: 0.51,
          macroF1: 0.23,
          accuracy: 0.19,
          baselineAccuracy: 0.24,
        },
      },
    });
    expect(spread?.useful).toBe(false);
    expect(spread && plainText(spread)).toBe(
      'Country: no better than chance (macro F1 0.23 vs 0.08 by always guessing the most common value). Right for 19% of users (the most common value alone: 24%). One value against the rest: AUC 0.51 (0.50 by chance).',
    );
    const skipped = plainTargetQuality({
      target: 'churn',
      kind: 'binary',
      status: 'skipped',
      reason: 'too few users',
      quality: {},
    });
    expect(skipped && plainText(skipped)).toBe('Churn: not trained (too few users).');
  });

  it('compares recommendations with popularity and segments by their silhouette', () => {
    const better = plainRecommendationQuality({ ndcg: 0.31, baselines: { popularity: { ndcg: 0.22 } } });
    expect(better && plainText(better)).toBe(
      'Recommendations: 1.4x as good as the most popular items (nDCG@10 0.310 vs 0.220 for the most popular items).',
    );
    const trained = plainRecommendationQuality({ model: 'ease', validationNdcg: 0.3019, popularityNdcg: 0.1006 });
    expect(trained && plainText(trained)).toBe(
      'Recommendations: 3.0x as good as the most popular items (nDCG@10 0.302 vs 0.101 for the most popular items).',
    );
    const slight = plainRecommendationQuality({ model: 'ease', validationNdcg: 0.215, popularityNdcg: 0.207 });
    expect(slight && plainText(slight)).toMatch(/^Recommendations: 1\.04x as good as the most popular items/);
    const tie = plainRecommendationQuality({ ndcg: 0.2, baselines: { popularity: { ndcg: 0.2 } } });
    expect(tie?.useful).toBe(false);
    expect(plainSegmentQuality(0.31, 4)?.verdict).toBe('distinct');
  });

  it('names a prediction stage skipped as a whole in words, in either language', () => {
    const skipped = {
      target: 'propensity',
      kind: 'binary',
      status: 'skipped',
      reason: 'no categorised purchases before the cutoff',
      quality: null,
    } as const;
    expect(plainTargetQuality(skipped)?.subject).toBe('Purchase propensity');
    const zh = createTranslator({ locale: 'zh-CN', messages: chinese, namespace: 'PlainQuality' });
    expect(plainTargetQuality(skipped, zh as Parameters<typeof plainTargetQuality>[1])?.subject).toBe('购买倾向');
  });

  it('links only to terms the glossary explains', () => {
    const lines = [
      plainTargetQuality({
        target: 'churn',
        kind: 'binary',
        status: 'trained',
        quality: { auc: 0.8, lift10: 2, calibrationError: 0.02 },
      }),
      plainTargetQuality({ target: 'attr:age', kind: 'numeric', status: 'trained', quality: { mae: 4, baseline: 8 } }),
      plainRecommendationQuality({ ndcg: 0.3, baselines: { popularity: { ndcg: 0.2 } } }),
      plainSegmentQuality(0.3, 4),
    ];
    for (const line of lines) {
      const terms = line?.parts.flatMap((part) => (part.term ? [part.term] : [])) ?? [];
      expect(terms.length).toBeGreaterThan(0);
      for (const term of terms) expect(glossary[term].plain.length).toBeGreaterThan(20);
    }
  });

  it('reads predicted ratings against mean plus biases, and says when the baseline is what is shown', () => {
    const trained = plainRatingQuality({
      model: 'biased-mf',
      validationRmse: 0.912,
      baseline: { rmse: 0.944 },
      ratings: 100000,
    });
    expect(trained?.useful).toBe(true);
    expect(plainText(trained as NonNullable<typeof trained>)).toBe(
      'Predicted ratings: closer than mean plus biases (RMSE 0.912 vs 0.944 on ratings held out, from 100,000 ratings).',
    );
    expect(trained?.parts.find((part) => part.term)?.term).toBe('rmse');
    const replaced = plainRatingQuality({
      model: 'baseline-only',
      validationRmse: 1.01,
      baseline: { rmse: 1.01 },
      ratings: 900,
    });
    expect(replaced?.useful).toBe(false);
    expect(plainText(replaced as NonNullable<typeof replaced>)).toMatch(/no closer.*come from mean plus biases/);
    expect(plainRatingQuality({ skipped: 'no rating events' })).toBeNull();
  });

  it('reads predicted value against the previous period by Spearman, Gini and MAE, and hides a model that does not beat it', () => {
    const quality = {
      horizonDays: 90,
      model: 'BG/NBD + Gamma-Gamma',
      metric: 'spearman',
      value: 0.41,
      spearman: 0.41,
      gini: 0.62,
      mae: 31.5,
      baseline: 0.33,
      baselineScores: { spearman: 0.33, gini: 0.48, mae: 35.25 },
      predictive: true,
    };
    const line = plainTargetQuality({ target: 'value:90d', kind: 'numeric', status: 'trained', quality });
    expect(line && plainText(line)).toBe(
      "Predicted spend, next 90 days: ranks spenders better than the previous 90 days (Spearman 0.41 vs 0.33 for the previous 90 days' spend, on hold-out users). Normalised Gini 0.62 vs 0.48; off by 31.50 per user vs 35.25. Model: BG/NBD + Gamma-Gamma.",
    );
    expect(line?.useful).toBe(true);
    for (const part of line?.parts ?? []) if (part.term) expect(glossary[part.term]).toBeDefined();
    const beaten = plainTargetQuality({
      target: 'value:90d',
      kind: 'numeric',
      status: 'trained',
      quality: {
        ...quality,
        spearman: 0.3,
        value: 0.3,
        predictive: false,
        notPredictive: 'not predictive: BG/NBD + Gamma-Gamma ranks hold-out spend no better',
      },
    });
    expect(beaten?.useful).toBe(false);
    expect(beaten && plainText(beaten)).toContain("no better than the previous 90 days' spend");
    expect(beaten && plainText(beaten)).toContain('Not shown anywhere');
  });
});
