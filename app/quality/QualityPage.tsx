'use client';

import { Fragment, type ReactNode } from 'react';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { ErrorState } from '@/components/ErrorState';
import { formatDateTime, formatDuration, formatMetric, formatScore, targetLabel } from '@/components/format';
import { GlossaryLink } from '@/components/GlossaryLink';
import { glossaryKeyFor } from '@/components/glossary';
import { PageHeader } from '@/components/PageHeader';
import {
  type PlainQualityLine,
  plainRecommendationQuality,
  plainSegmentQuality,
  plainTargetQuality,
  recommendationNdcg,
} from '@/components/plainQuality';
import { CalibrationChart, RecommenderRunsChart, RocChart } from '@/components/QualityCharts';
import { type QualityView, readQuality } from '@/components/readQuality';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { TextVectorsNote, useTextVectorsText } from '@/components/TextVectorsNote';
import { useRunsQuery } from '@/hooks/useRunsQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { CalibrationBin } from '@/lib/ml/predict/calibration';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import type { RunHistoryEntry } from '@/lib/queries/listRuns';

const comparedRuns = 3;

/** The union of members, in first-seen order, across the compared runs' quality records. */
function metricRows(views: QualityView[]): { key: string; label: string }[] {
  const rows: { key: string; label: string }[] = [];
  for (const view of views) {
    for (const metric of view.metrics) if (!rows.some((row) => row.key === metric.key)) rows.push(metric);
  }
  return rows;
}

function cell(view: QualityView, key: string): string {
  return formatMetric(view.metrics.find((metric) => metric.key === key)?.value);
}

function GroupRow({ label, note, span }: { label: string; note?: string | null; span: number }) {
  return (
    <tr className="group-row">
      <th scope="colgroup" colSpan={span}>
        {label}
        {note ? <span className="muted"> · {note}</span> : null}
      </th>
    </tr>
  );
}

function MetricRow({ label, cells, metric }: { label: ReactNode; cells: ReactNode[]; metric?: string }) {
  const term = metric ? glossaryKeyFor(metric) : null;
  return (
    <tr>
      <th scope="row">{term ? <GlossaryLink term={term}>{label}</GlossaryLink> : label}</th>
      {cells.map((cell, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one cell per compared run, in run order
        <td key={i}>{cell}</td>
      ))}
    </tr>
  );
}

/** Active and previous succeeded runs side by side: clustering, recommendations, every prediction target. */
function RunComparison({ runs }: { runs: RunHistoryEntry[] }) {
  const textVectorsText = useTextVectorsText();
  const span = runs.length + 1;
  const recommendations = runs.map((run) => readQuality(run.recommendation));
  const targetNames = [...new Set(runs.flatMap((run) => run.targets.map((t) => t.target)))].sort((a, b) =>
    a === 'churn' ? -1 : b === 'churn' ? 1 : a.localeCompare(b),
  );
  return (
    <div className="table-scroll">
      <table className="comparison">
        <caption className="visually-hidden">Quality of the active run beside earlier runs</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {runs.map((run) => (
              <th key={run.id} scope="col">
                Run #{run.id} {run.active ? <span className="badge">active</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <GroupRow label="Run" span={span} />
          <MetricRow label="Trained" cells={runs.map((run) => formatDateTime(run.finishedAt))} />
          <MetricRow label="Events up to" cells={runs.map((run) => formatDateTime(run.eventsUpTo))} />
          <MetricRow label="Training time" cells={runs.map((run) => formatDuration(run.durationMs))} />
          <MetricRow label="Text vectors" cells={runs.map((run) => textVectorsText(run.textVectors))} />
          <GroupRow label="Clustering" note="all profiled users" span={span} />
          <MetricRow
            label="Segments (k)"
            cells={runs.map((run) =>
              run.metrics.segments && (run.metrics.segments as { noClearSegments?: boolean }).noClearSegments
                ? 'one group: no clear segments'
                : (run.k ?? '—'),
            )}
          />
          <MetricRow label="Silhouette" metric="silhouette" cells={runs.map((run) => formatScore(run.silhouette, 3))} />
          <GroupRow label="Recommendations" note={recommendations.find((r) => r.split)?.split} span={span} />
          {metricRows(recommendations).length ? (
            metricRows(recommendations).map((row) => (
              <MetricRow
                key={row.key}
                label={row.label}
                metric={row.key}
                cells={recommendations.map((r) => cell(r, row.key))}
              />
            ))
          ) : (
            <MetricRow label="Quality" cells={runs.map(() => 'not recorded')} />
          )}
          {targetNames.map((name) => {
            const targets = runs.map((run) => run.targets.find((t) => t.target === name));
            const qualities = targets.map((t) => readQuality(t?.status === 'trained' ? t.quality : null));
            return (
              <Fragment key={name}>
                <GroupRow label={targetLabel(name)} note={qualities.find((q) => q.split)?.split} span={span} />
                <MetricRow
                  label="Model"
                  cells={targets.map((t) =>
                    !t ? (
                      '—'
                    ) : t.status === 'trained' ? (
                      notPredictive(t.quality) ? (
                        <span key={t.target} className="muted">
                          {t.model}: {notPredictive(t.quality)}; its scores are not shown
                        </span>
                      ) : (
                        (t.model ?? 'trained')
                      )
                    ) : (
                      <span key={t.target} className="muted">
                        skipped: {t.reason}
                      </span>
                    ),
                  )}
                />
                {metricRows(qualities)
                  .filter((row) => row.key !== 'model')
                  .map((row) => (
                    <MetricRow
                      key={row.key}
                      label={row.label}
                      metric={row.key}
                      cells={qualities.map((q) => cell(q, row.key))}
                    />
                  ))}
              </Fragment>
            );
          })}
          <GroupRow label="Stages" note="what each stage of training did on this data" span={span} />
          {stageNames(runs).map((stage) => (
            <MetricRow
              key={stage}
              label={stage}
              cells={runs.map((run) => {
                const outcome = run.stages.find((s) => s.stage === stage);
                if (!outcome) return '—';
                if (outcome.status === 'ran') return outcome.note ? `ran: ${outcome.note}` : 'ran';
                return (
                  <span key={stage} className="muted">
                    {outcome.status}: {outcome.reason}
                  </span>
                );
              })}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function stageNames(runs: RunHistoryEntry[]): string[] {
  return [...new Set(runs.flatMap((run) => run.stages.map((outcome) => outcome.stage)))];
}

function notPredictive(quality: unknown): string | null {
  const reason = (quality as { notPredictive?: unknown } | null)?.notPredictive;
  return typeof reason === 'string' ? reason : null;
}

function PlainLine({ line }: { line: PlainQualityLine }) {
  return (
    <li data-quality-line={line.subject} className={line.useful ? undefined : 'muted'}>
      {line.parts.map((part, index) =>
        part.term ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence, in order
          <GlossaryLink key={index} term={part.term}>
            {part.text}
          </GlossaryLink>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence, in order
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </li>
  );
}

/** One sentence per model of the active run: a verdict against its baseline, then what it means. */
function PlainSummary({ run }: { run: RunHistoryEntry }) {
  const churnFirst = [...run.targets].sort((a, b) =>
    a.target === 'churn' ? -1 : b.target === 'churn' ? 1 : a.target.localeCompare(b.target),
  );
  const lines = [
    plainSegmentQuality(run.silhouette, run.k),
    plainRecommendationQuality(run.recommendation),
    ...churnFirst.map((target) => plainTargetQuality(target)),
  ].filter((line): line is PlainQualityLine => line !== null);
  return (
    <ul className="plain-quality" aria-label="Model quality in plain words">
      {lines.map((line) => (
        <PlainLine key={line.subject} line={line} />
      ))}
    </ul>
  );
}

function holdoutMember<T>(quality: Record<string, unknown> | null | undefined, key: string): T | null {
  const holdout = (quality?.holdout ?? quality) as Record<string, unknown> | undefined;
  return (holdout?.[key] as T | undefined) ?? null;
}

/** Churn's ROC curve and calibration, and the recommender against popularity run by run. */
function QualityCharts({ active, runs }: { active: RunHistoryEntry; runs: RunHistoryEntry[] }) {
  const churn = active.targets.find((target) => target.target === 'churn' && target.status === 'trained');
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
    roc?.length ? <RocChart key="roc" title="Churn" points={roc} auc={auc} /> : null,
    calibration?.length ? <CalibrationChart key="calibration" title="Churn" bins={calibration} /> : null,
    recommenderRuns.length ? <RecommenderRunsChart key="recommend" runs={recommenderRuns} /> : null,
  ].filter((chart) => chart !== null);
  if (charts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading">Charts</h2>
      <div className="quality-charts">{charts}</div>
      {roc?.length ? null : (
        <p className="muted small">Curves are stored by runs trained with this version; retrain to see them.</p>
      )}
    </section>
  );
}

function Quality({ dataset }: { dataset: DatasetSummary }) {
  const query = useRunsQuery(dataset.id);
  if (query.isPending) {
    return (
      <LoadingRegion label="Loading the runs">
        <Skeleton height={520} />
      </LoadingRegion>
    );
  }
  if (query.isError)
    return <ErrorState error={query.error} title="Could not load the runs" onRetry={() => query.refetch()} />;
  const succeeded = query.data.runs.filter((run) => run.status === 'succeeded');
  const active = succeeded.find((run) => run.active);
  const compared = [...(active ? [active] : []), ...succeeded.filter((run) => !run.active)].slice(0, comparedRuns);
  return (
    <>
      <section className="panel" aria-labelledby="plain-heading">
        <h2 id="plain-heading">In plain words</h2>
        {active ? (
          <>
            <p className="muted small">
              Run #{active.id}, measured on <GlossaryLink term="holdout">hold-out data</GlossaryLink> against a{' '}
              <GlossaryLink term="baseline">baseline</GlossaryLink>. Every underlined term is explained in the{' '}
              <a href="/glossary">glossary</a>.
            </p>
            <PlainSummary run={active} />
            <TextVectorsNote textVectors={active.textVectors} />
          </>
        ) : (
          <p className="muted">No run has succeeded yet.</p>
        )}
      </section>
      {active ? <QualityCharts active={active} runs={compared} /> : null}
      <section className="panel" aria-labelledby="compare-heading">
        <details>
          <summary>
            <h2 id="compare-heading" className="inline-heading">
              Every metric and internal parameter, active run against earlier runs
            </h2>
          </summary>
          <p className="muted">
            Every metric is measured on held-out data; its split is named beside it. Compare{' '}
            <GlossaryLink term="auc">AUC</GlossaryLink> with 0.5 (random ranking),{' '}
            <GlossaryLink term="accuracy">accuracy</GlossaryLink> with the baseline, and recommendation{' '}
            <GlossaryLink term="ndcg">nDCG</GlossaryLink> with the popularity baseline.
          </p>
          {compared.length ? <RunComparison runs={compared} /> : <p className="muted">No run has succeeded yet.</p>}
        </details>
      </section>
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Run history</h2>
        <div className="table-scroll">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">k</th>
                <th scope="col">
                  <GlossaryLink term="silhouette">Silhouette</GlossaryLink>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    #{run.id} {run.active ? <span className="badge">active</span> : null}
                  </td>
                  <td>
                    <span className={`status status-${run.status}`}>{run.status}</span>
                    {run.error ? <span className="muted small"> {run.error}</span> : null}
                  </td>
                  <td className="nowrap">{formatDateTime(run.startedAt)}</td>
                  <td>{formatDuration(run.durationMs)}</td>
                  <td>{run.k ?? '—'}</td>
                  <td>{formatScore(run.silhouette, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export function QualityPage({ datasetParam }: { datasetParam?: string }) {
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title="Model quality" subtitle="How well each run separates users and predicts what they do next.">
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        skeleton={
          <LoadingRegion label="Loading">
            <Skeleton height={520} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Quality key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
