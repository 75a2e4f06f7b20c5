'use client';

import { useTranslations } from 'next-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { CalibrationBin } from '@/lib/ml/predict/calibration';
import { formatPercent } from './format';
import { GlossaryLink } from './GlossaryLink';

const diagonal = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

/** The ROC curve of a binary target on hold-out users, against the chance diagonal. */
export function RocChart({ title, points, auc }: { title: string; points: [number, number][]; auc: number | null }) {
  const t = useTranslations('QualityCharts');
  const data = points.map(([x, y]) => ({ x, y }));
  return (
    <figure
      className="chart"
      aria-label={auc === null ? t('rocLabel', { title }) : t('rocLabelAuc', { title, auc: auc.toFixed(2) })}
    >
      <figcaption className="small">
        {t.rich('rocCaption', { title, roc: (chunks) => <GlossaryLink term="roc">{chunks}</GlossaryLink> })}
        {auc === null ? null : (
          <>
            {' '}
            {t.rich('rocAuc', {
              auc: auc.toFixed(2),
              link: (chunks) => <GlossaryLink term="auc">{chunks}</GlossaryLink>,
            })}
          </>
        )}
      </figcaption>
      <div style={{ height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: t('othersFlagged'), position: 'insideBottom', offset: -12, fontSize: 12 }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: t('caught'), angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }}
            />
            <Tooltip formatter={(value) => `${Math.round(Number(value) * 100)}%`} />
            <Line data={diagonal} dataKey="y" stroke="#98a2b3" strokeDasharray="4 4" dot={false} name={t('chance')} />
            <Line data={data} dataKey="y" stroke="#3e4fd6" strokeWidth={2} dot={false} name={t('model')} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Predicted probability against the observed rate on hold-out users, per band; the diagonal is calibrated. */
export function CalibrationChart({ title, bins }: { title: string; bins: CalibrationBin[] }) {
  const t = useTranslations('QualityCharts');
  const data = bins.map((bin) => ({ x: bin.meanPredicted, y: bin.observedRate, users: bin.count }));
  const summary = bins
    .map((bin) =>
      t('calibrationBin', {
        predicted: formatPercent(bin.meanPredicted),
        observed: formatPercent(bin.observedRate),
        count: bin.count,
      }),
    )
    .join('; ');
  return (
    <figure className="chart" aria-label={t('calibrationLabel', { title, summary })}>
      <figcaption className="small">
        {t.rich('calibrationCaption', {
          title,
          calibration: (chunks) => <GlossaryLink term="calibration">{chunks}</GlossaryLink>,
        })}
      </figcaption>
      <div style={{ height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: t('predicted'), position: 'insideBottom', offset: -12, fontSize: 12 }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: t('observed'), angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }}
            />
            <ZAxis type="number" dataKey="users" range={[30, 300]} name={t('users')} />
            <Tooltip
              formatter={(value, name) => (name === 'users' ? String(value) : `${Math.round(Number(value) * 100)}%`)}
            />
            <Scatter
              data={diagonal}
              line={{ stroke: '#98a2b3', strokeDasharray: '4 4' }}
              shape={() => null}
              name={t('calibrated')}
            />
            <Scatter data={data} fill="#3e4fd6" name={t('holdoutUsers')} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Recommendation nDCG@10 per run beside popularity's on the same held-out items. */
export function RecommenderRunsChart({ runs }: { runs: { run: string; model: number; popularity: number }[] }) {
  const t = useTranslations('QualityCharts');
  const summary = runs
    .map((run) =>
      t('recommenderRun', { run: run.run, model: run.model.toFixed(3), popularity: run.popularity.toFixed(3) }),
    )
    .join('; ');
  return (
    <figure className="chart" aria-label={t('recommenderLabel', { summary })}>
      <figcaption className="small">
        {t.rich('recommenderCaption', {
          ndcg: (chunks) => <GlossaryLink term="ndcg">{chunks}</GlossaryLink>,
          baseline: (chunks) => <GlossaryLink term="baseline">{chunks}</GlossaryLink>,
        })}
      </figcaption>
      <div style={{ height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={runs} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="run" />
            <YAxis tickFormatter={(value) => Number(value).toFixed(2)} />
            <Tooltip formatter={(value) => Number(value).toFixed(3)} />
            <Legend />
            <Bar dataKey="model" name={t('recommender')} fill="#3e4fd6" />
            <Bar dataKey="popularity" name={t('mostPopular')} fill="#98a2b3" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
