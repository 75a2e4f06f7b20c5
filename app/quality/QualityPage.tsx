'use client';

import { useTranslations } from 'next-intl';
import { Fragment, type ReactNode } from 'react';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { DeviceNote, useDeviceText } from '@/components/DeviceNote';
import { ErrorState } from '@/components/ErrorState';
import { formatDateTime, formatDuration, formatMetric, formatScore, targetLabel } from '@/components/format';
import { GlossaryLink } from '@/components/GlossaryLink';
import { glossaryKeyFor } from '@/components/glossary';
import { PageHeader } from '@/components/PageHeader';
import {
  type PlainQualityLine,
  type PlainWords,
  plainRatingQuality,
  plainRecommendationQuality,
  plainSegmentQuality,
  plainTargetQuality,
} from '@/components/plainQuality';
import { type QualityView, readQuality } from '@/components/readQuality';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { TextVectorsNote, useTextVectorsText } from '@/components/TextVectorsNote';
import { useServerText } from '@/components/useServerText';
import { useRunsQuery } from '@/hooks/useRunsQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { compareTargets } from '@/lib/ml/predict/targetRegistry';
import type { TargetQuality } from '@/lib/ml/predict/targets/targetQuality';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import type { RunHistoryEntry } from '@/lib/queries/listRuns';
import { optionalTrainingStages, type TrainingStage, trainingStages } from '@/lib/training/stageOutcome';
import { QualityChartsPanel } from './QualityChartsPanel';

const comparedRuns = 3;
const namedStages: readonly string[] = [...trainingStages, ...optionalTrainingStages];

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
  const t = useTranslations('Quality');
  const serverText = useServerText();
  const textVectorsText = useTextVectorsText();
  const deviceText = useDeviceText();
  const tDevice = useTranslations('Device');
  const span = runs.length + 1;
  const recommendations = runs.map((run) => readQuality(run.recommendation));
  const targetNames = [...new Set(runs.flatMap((run) => run.targets.map((target) => target.target)))].sort(
    compareTargets,
  );
  const qualityOf = (name: string) =>
    runs.flatMap((run) => run.targets).find((target) => target.target === name)?.quality as TargetQuality | undefined;
  return (
    <div className="table-scroll">
      <table className="comparison">
        <caption className="visually-hidden">{t('comparisonCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('metric')}</th>
            {runs.map((run) => (
              <th key={run.id} scope="col">
                {t('runHeader', { id: run.id })} {run.active ? <span className="badge">{t('active')}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <GroupRow label={t('run')} span={span} />
          <MetricRow label={t('trained')} cells={runs.map((run) => formatDateTime(run.finishedAt))} />
          <MetricRow label={t('eventsUpTo')} cells={runs.map((run) => formatDateTime(run.eventsUpTo))} />
          <MetricRow label={t('trainingTime')} cells={runs.map((run) => formatDuration(run.durationMs))} />
          <MetricRow label={t('textVectors')} cells={runs.map((run) => textVectorsText(run.textVectors))} />
          <MetricRow label={tDevice('label')} cells={runs.map((run) => deviceText(run.device))} />
          <GroupRow label={t('clustering')} note={t('allProfiled')} span={span} />
          <MetricRow
            label={t('segmentsK')}
            cells={runs.map((run) =>
              run.metrics.segments && (run.metrics.segments as { noClearSegments?: boolean }).noClearSegments
                ? t('noClearSegments')
                : (run.k ?? '—'),
            )}
          />
          <MetricRow
            label={t('silhouette')}
            metric="silhouette"
            cells={runs.map((run) => formatScore(run.silhouette, 3))}
          />
          <GroupRow label={t('recommendations')} note={recommendations.find((r) => r.split)?.split} span={span} />
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
            <MetricRow label={t('quality')} cells={runs.map(() => t('notRecorded'))} />
          )}
          {targetNames.map((name) => {
            const targets = runs.map((run) => run.targets.find((target) => target.target === name));
            const qualities = targets.map((target) =>
              readQuality(target?.status === 'trained' ? target.quality : null),
            );
            return (
              <Fragment key={name}>
                <GroupRow
                  label={targetLabel(name, qualityOf(name))}
                  note={qualities.find((q) => q.split)?.split}
                  span={span}
                />
                <MetricRow
                  label={t('model')}
                  cells={targets.map((target) =>
                    !target ? (
                      '—'
                    ) : target.status === 'trained' ? (
                      notPredictive(target.quality) ? (
                        <span key={target.target} className="muted">
                          {t('notPredictive', {
                            model: target.model ?? '',
                            reason: serverText(notPredictive(target.quality) ?? ''),
                          })}
                        </span>
                      ) : (
                        (target.model ?? t('trainedStatus'))
                      )
                    ) : (
                      <span key={target.target} className="muted">
                        {t('skipped', { reason: serverText(target.reason ?? '') })}
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
          <GroupRow label={t('stages')} note={t('stagesNote')} span={span} />
          {stageNames(runs).map((stage) => (
            <MetricRow
              key={stage}
              label={namedStages.includes(stage) ? t(`stageNames.${stage as TrainingStage}`) : stage}
              cells={runs.map((run) => {
                const outcome = run.stages.find((s) => s.stage === stage);
                if (!outcome) return '—';
                if (outcome.status === 'ran')
                  return outcome.note ? t('ranNote', { note: serverText(outcome.note) }) : t('ran');
                return (
                  <span key={stage} className="muted">
                    {t('stageOutcome', { status: outcome.status, reason: serverText(outcome.reason ?? '') })}
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

function stageNames(runs: RunHistoryEntry[]): TrainingStage[] {
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
  const t = useTranslations('Quality');
  const plain = useTranslations('PlainQuality') as PlainWords;
  const serverText = useServerText();
  // a model's stored reason (not trained, not predictive) and its name in the user's language
  const words: PlainWords = (key, values) =>
    plain(
      key,
      values && {
        ...values,
        ...Object.fromEntries(
          ['reason', 'model']
            .filter((name) => typeof values[name] === 'string')
            .map((name) => [name, serverText(String(values[name]))]),
        ),
      },
    );
  const churnFirst = [...run.targets].sort((a, b) => compareTargets(a.target, b.target));
  const lines = [
    plainSegmentQuality(run.silhouette, run.k, words),
    plainRecommendationQuality(run.recommendation, words),
    plainRatingQuality(run.metrics.ratings, words),
    ...churnFirst.map((target) => plainTargetQuality(target, words)),
  ].filter((line): line is PlainQualityLine => line !== null);
  return (
    <ul className="plain-quality" aria-label={t('plainLabel')}>
      {lines.map((line) => (
        <PlainLine key={line.subject} line={line} />
      ))}
    </ul>
  );
}

function Quality({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Quality');
  const query = useRunsQuery(dataset.id);
  if (query.isPending) {
    return (
      <LoadingRegion label={t('loadingRuns')}>
        <Skeleton height={520} />
      </LoadingRegion>
    );
  }
  if (query.isError)
    return <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />;
  const succeeded = query.data.runs.filter((run) => run.status === 'succeeded');
  const active = succeeded.find((run) => run.active);
  const compared = [...(active ? [active] : []), ...succeeded.filter((run) => !run.active)].slice(0, comparedRuns);
  return (
    <>
      <section className="panel" aria-labelledby="plain-heading">
        <h2 id="plain-heading">{t('inPlainWords')}</h2>
        {active ? (
          <>
            <p className="muted small">
              {t.rich('measuredOn', {
                id: active.id,
                holdout: (chunks) => <GlossaryLink term="holdout">{chunks}</GlossaryLink>,
                baseline: (chunks) => <GlossaryLink term="baseline">{chunks}</GlossaryLink>,
                glossary: (chunks) => <a href="/glossary">{chunks}</a>,
              })}
            </p>
            <PlainSummary run={active} />
            <TextVectorsNote textVectors={active.textVectors} />
            <DeviceNote device={active.device} />
          </>
        ) : (
          <p className="muted">{t('noRun')}</p>
        )}
      </section>
      {active ? <QualityChartsPanel active={active} runs={compared} /> : null}
      <section className="panel" aria-labelledby="compare-heading">
        <details>
          <summary>
            <h2 id="compare-heading" className="inline-heading">
              {t('everyMetric')}
            </h2>
          </summary>
          <p className="muted">
            {t.rich('compareHint', {
              auc: (chunks) => <GlossaryLink term="auc">{chunks}</GlossaryLink>,
              accuracy: (chunks) => <GlossaryLink term="accuracy">{chunks}</GlossaryLink>,
              ndcg: (chunks) => <GlossaryLink term="ndcg">{chunks}</GlossaryLink>,
            })}
          </p>
          {compared.length ? <RunComparison runs={compared} /> : <p className="muted">{t('noRun')}</p>}
        </details>
      </section>
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('history')}</h2>
        <div className="table-scroll">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t('run')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('duration')}</th>
                <th scope="col">k</th>
                <th scope="col">
                  <GlossaryLink term="silhouette">{t('silhouette')}</GlossaryLink>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    #{run.id} {run.active ? <span className="badge">{t('active')}</span> : null}
                  </td>
                  <td>
                    <span className={`status status-${run.status}`}>{t('runStatus', { status: run.status })}</span>
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
  const t = useTranslations('Quality');
  const common = useTranslations('Common');
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')}>
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        skeleton={
          <LoadingRegion label={common('loading')}>
            <Skeleton height={520} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Quality key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
