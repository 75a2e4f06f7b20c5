'use client';

import { useTranslations } from 'next-intl';
import { recommendationNdcg } from '@/components/plainQuality';
import { CalibrationChart, RecommenderRunsChart, RocChart } from '@/components/QualityCharts';
import type { CalibrationBin } from '@/lib/ml/predict/calibration';
import { describeTarget } from '@/lib/ml/predict/targetRegistry';
import type { RunHistoryEntry } from '@/lib/queries/listRuns';

function holdoutMember<T>(quality: Record<string, unknown> | null | undefined, key: string): T | null {
  const holdout = (quality?.holdout ?? quality) as Record<string, unknown> | undefined;
  return (holdout?.[key] as T | undefined) ?? null;
}

/**
 * Churn's ROC curve and calibration, and the recommender against popularity run by run. A trained
 * churn model without curves is from a run older than stored curves, which a retrain fills; a run
 * without a churn model has none to draw, and the plain-words list says why.
 */
export function QualityChartsPanel({ active, runs }: { active: RunHistoryEntry; runs: RunHistoryEntry[] }) {
  const t = useTranslations('Quality');
  const churn = active.targets.find(
    (target) => describeTarget(target.target)?.key === 'churn' && target.status === 'trained',
  );
  const roc = holdoutMember<[number, number][]>(churn?.quality, 'roc');
  const calibration = holdoutMember<CalibrationBin[]>(churn?.quality, 'calibration');
  const auc = holdoutMember<number>(churn?.quality, 'auc');
  const recommenderRuns = [...runs].reverse().flatMap((run) => {
    const measured = recommendationNdcg(run.recommendation);
    return measured && measured.popularity !== null
      ? [{ run: `#${run.id}`, model: measured.model, popularity: measured.popularity }]
      : [];
  });
  const charts = [
    roc?.length ? <RocChart key="roc" title={t('churn')} points={roc} auc={auc} /> : null,
    calibration?.length ? <CalibrationChart key="calibration" title={t('churn')} bins={calibration} /> : null,
    recommenderRuns.length ? <RecommenderRunsChart key="recommend" runs={recommenderRuns} /> : null,
  ].filter((chart) => chart !== null);
  if (charts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading">{t('charts')}</h2>
      <div className="quality-charts">{charts}</div>
      {churn && !roc?.length ? <p className="muted small">{t('curvesMissing')}</p> : null}
    </section>
  );
}
