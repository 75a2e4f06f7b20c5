'use client';

import Link from 'next/link';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { segmentHref, withDataset } from '@/components/datasetHref';
import { NoEventsState, NotTrainedState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatScore,
  timeAgo,
} from '@/components/format';
import { GlossaryLink } from '@/components/GlossaryLink';
import { PageHeader } from '@/components/PageHeader';
import { SegmentSizesChart } from '@/components/SegmentSizesChart';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { StatCard } from '@/components/StatCard';
import { TextVectorsNote } from '@/components/TextVectorsNote';
import { useOverviewQuery } from '@/hooks/useOverviewQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetOverview } from '@/lib/queries/getDatasetOverview';
import type { DatasetSummary } from '@/lib/queries/listDatasets';

function OverviewSkeleton() {
  return (
    <LoadingRegion label="Loading the overview">
      <div className="stats">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={92} />
        ))}
      </div>
      <Skeleton height={150} style={{ marginTop: 16 }} />
      <Skeleton height={220} style={{ marginTop: 16 }} />
    </LoadingRegion>
  );
}

function RunPanel({ overview }: { overview: DatasetOverview }) {
  const run = overview.activeRun;
  if (!run) return null;
  return (
    <section className="panel run-panel" aria-labelledby="run-heading">
      <h2 id="run-heading">Active model run</h2>
      <p className="run-line">
        Trained <strong>{timeAgo(run.finishedAt ?? run.startedAt)}</strong>{' '}
        <span className="muted">({formatDateTime(run.finishedAt ?? run.startedAt)})</span> on events up to{' '}
        <strong>{formatDateTime(run.eventsUpTo)}</strong>.
      </p>
      <dl className="run-facts">
        <div>
          <dt>Segments (k)</dt>
          <dd>{run.k ?? '—'}</dd>
        </div>
        <div>
          <dt>
            <GlossaryLink term="silhouette">Silhouette</GlossaryLink>
          </dt>
          <dd title="Cluster separation on the profiled users, from -1 to 1; above 0.25 is a usable structure">
            {formatScore(run.silhouette)}
          </dd>
        </div>
        <div>
          <dt>Training time</dt>
          <dd>{formatDuration(run.durationMs)}</dd>
        </div>
        <div>
          <dt>Profiled users</dt>
          <dd>{formatCount(overview.profiledUsers)}</dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd>#{run.id}</dd>
        </div>
      </dl>
      <TextVectorsNote textVectors={run.textVectors} />
      {overview.freshness.stale ? (
        <div className="warning" role="status">
          <strong>This run may be out of date:</strong> {overview.freshness.reasons.join('; ')}. Retrain it from the{' '}
          <Link href="/admin">Admin screen</Link>.
        </div>
      ) : null}
    </section>
  );
}

function Overview({ dataset }: { dataset: DatasetSummary }) {
  const query = useOverviewQuery(dataset.id);
  if (query.isPending) return <OverviewSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title="Could not load the overview" onRetry={() => query.refetch()} />;
  const overview = query.data;
  return (
    <>
      <div className="stats">
        <StatCard label="Users" value={formatCount(overview.counts.users)} />
        <StatCard label="Items" value={formatCount(overview.counts.items)} />
        <StatCard label="Events" value={formatCount(overview.counts.events)} />
        <StatCard
          label="Events span"
          value={
            <span className="value-small">
              {formatDate(overview.eventRange.first)} – {formatDate(overview.eventRange.last)}
            </span>
          }
        />
      </div>
      {overview.activeRun ? (
        <>
          <RunPanel overview={overview} />
          <section className="panel" aria-labelledby="sizes-heading">
            <div className="section-head">
              <h2 id="sizes-heading">Segment sizes</h2>
              <Link href={withDataset('/segments', dataset.id)}>Map and personas →</Link>
            </div>
            {overview.segments.length ? (
              <SegmentSizesChart segments={overview.segments} datasetId={dataset.id} />
            ) : (
              <p className="muted">Every segment of this run is below the size floor, so none is shown.</p>
            )}
            <ul className="visually-hidden">
              {overview.segments.map((segment) => (
                <li key={segment.index}>
                  <Link href={segmentHref(segment.index, dataset.id)}>
                    {segment.name}: {formatCount(segment.size)} users, {formatPercent(segment.share)}
                  </Link>
                </li>
              ))}
            </ul>
            {overview.hiddenSegments.count ? (
              <p className="muted note">
                {overview.hiddenSegments.count === 1
                  ? `1 smaller segment (${formatCount(overview.hiddenSegments.users)} users) falls below the size floor and is not shown.`
                  : `${overview.hiddenSegments.count} smaller segments (${formatCount(overview.hiddenSegments.users)} users) fall below the size floor and are not shown.`}
              </p>
            ) : null}
          </section>
        </>
      ) : overview.counts.events === 0 ? (
        <NoEventsState datasetName={overview.name} />
      ) : (
        <NotTrainedState datasetName={overview.name} />
      )}
    </>
  );
}

export function OverviewPage({ datasetParam }: { datasetParam?: string }) {
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title="Overview" subtitle="Who your users are, from the latest trained run.">
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate selection={selection} requireTrained={false} skeleton={<OverviewSkeleton />}>
        {(dataset) => <Overview key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
