'use client';

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
import { GlossaryLink } from './GlossaryLink';

const diagonal = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

/** The ROC curve of a binary target on hold-out users, against the chance diagonal. */
export function RocChart({ title, points, auc }: { title: string; points: [number, number][]; auc: number | null }) {
  const data = points.map(([x, y]) => ({ x, y }));
  return (
    <figure
      className="chart"
      aria-label={`${title}: ROC curve on hold-out users${auc === null ? '' : `, AUC ${auc.toFixed(2)}`}`}
    >
      <figcaption className="small">
        {title}: <GlossaryLink term="roc">ROC curve</GlossaryLink> on hold-out users
        {auc === null ? null : (
          <>
            {' '}
            (<GlossaryLink term="auc">AUC {auc.toFixed(2)}</GlossaryLink>; the diagonal is chance)
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
              label={{ value: 'others flagged', position: 'insideBottom', offset: -12, fontSize: 12 }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: 'caught', angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }}
            />
            <Tooltip formatter={(value) => `${Math.round(Number(value) * 100)}%`} />
            <Line data={diagonal} dataKey="y" stroke="#98a2b3" strokeDasharray="4 4" dot={false} name="chance" />
            <Line data={data} dataKey="y" stroke="#3e4fd6" strokeWidth={2} dot={false} name="model" />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Predicted probability against the observed rate on hold-out users, per band; the diagonal is calibrated. */
export function CalibrationChart({ title, bins }: { title: string; bins: CalibrationBin[] }) {
  const data = bins.map((bin) => ({ x: bin.meanPredicted, y: bin.observedRate, users: bin.count }));
  const summary = bins
    .map(
      (bin) =>
        `${Math.round(bin.meanPredicted * 100)}% predicted, ${Math.round(bin.observedRate * 100)}% observed (${bin.count})`,
    )
    .join('; ');
  return (
    <figure className="chart" aria-label={`${title}: calibration on hold-out users. ${summary}`}>
      <figcaption className="small">
        {title}: <GlossaryLink term="calibration">calibration</GlossaryLink> on hold-out users (on the diagonal =
        probabilities mean what they say; dot size = users)
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
              label={{ value: 'predicted', position: 'insideBottom', offset: -12, fontSize: 12 }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, 1]}
              tickFormatter={(value) => `${Math.round(value * 100)}%`}
              label={{ value: 'observed', angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }}
            />
            <ZAxis type="number" dataKey="users" range={[30, 300]} name="users" />
            <Tooltip
              formatter={(value, name) => (name === 'users' ? String(value) : `${Math.round(Number(value) * 100)}%`)}
            />
            <Scatter
              data={diagonal}
              line={{ stroke: '#98a2b3', strokeDasharray: '4 4' }}
              shape={() => null}
              name="calibrated"
            />
            <Scatter data={data} fill="#3e4fd6" name="hold-out users" />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Recommendation nDCG@10 per run beside popularity's on the same held-out items. */
export function RecommenderRunsChart({ runs }: { runs: { run: string; model: number; popularity: number }[] }) {
  const summary = runs.map((run) => `${run.run}: ${run.model.toFixed(3)} vs ${run.popularity.toFixed(3)}`).join('; ');
  return (
    <figure className="chart" aria-label={`Recommendation nDCG@10 per run against popularity. ${summary}`}>
      <figcaption className="small">
        Recommendations per run: <GlossaryLink term="ndcg">nDCG@10</GlossaryLink> against recommending the most popular
        items (<GlossaryLink term="baseline">baseline</GlossaryLink>)
      </figcaption>
      <div style={{ height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={runs} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="run" />
            <YAxis tickFormatter={(value) => Number(value).toFixed(2)} />
            <Tooltip formatter={(value) => Number(value).toFixed(3)} />
            <Legend />
            <Bar dataKey="model" name="recommender" fill="#3e4fd6" />
            <Bar dataKey="popularity" name="most popular items" fill="#98a2b3" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
