import { describe, expect, it } from 'vitest';
import { metricPathLabel as metricPathLabelOf, readQuality } from '@/components/readQuality';

describe('readQuality', () => {
  it('reads the flat churn contract with AUC as headline and its own baseline', () => {
    const view = readQuality({ auc: 0.81, lift10: 2.4, baselineAuc: 0.5, split: 'stratified hold-out' });
    expect(view.headline).toEqual({ label: 'AUC', value: 0.81, baseline: 0.5 });
    expect(view.metrics.map((m) => m.label)).toEqual(['AUC', 'Baseline AUC', 'Lift (top 10%)']);
    expect(view.split).toBe('stratified hold-out');
  });

  it("reads a trained target's record: the named metric, its hold-out members and the split in words", () => {
    const view = readQuality({
      metric: 'macroF1',
      value: 0.41,
      baseline: 0.12,
      holdout: { metric: 'macroF1', value: 0.41, baseline: 0.12, macroF1: 0.41, accuracy: 0.46 },
      split: { kind: 'stratified-holdout', testFraction: 0.2, testRows: 1234 },
      topFeatures: [{ name: 'orders', importance: 1 }],
    });
    expect(view.headline).toEqual({ label: 'Macro F1', value: 0.41, baseline: 0.12 });
    expect(view.metrics.map((m) => m.label)).toEqual(['Macro F1', 'Baseline macro F1', 'Accuracy']);
    expect(view.split).toBe('stratified holdout, 20% held out, 1,234 test rows');
  });

  it('names nested baselines and compares recommendation nDCG with popularity', () => {
    const view = readQuality({ ndcg: 0.31, baselines: { popularity: { ndcg: 0.18 } }, model: 'item-knn' });
    expect(view.headline).toEqual({ label: 'nDCG', value: 0.31, baseline: 0.18 });
    expect(view.metrics.find((m) => m.key === 'baselines.popularity.ndcg')?.label).toBe('Popularity nDCG');
    expect(view.metrics.find((m) => m.key === 'model')?.value).toBe('item-knn');
    expect(metricPathLabelOf('baselines.popularity.recall')).toBe('Popularity recall');
  });

  it('shows nothing for a skipped target', () => {
    expect(readQuality({})).toEqual({ metrics: [], split: null, headline: null });
  });
});
