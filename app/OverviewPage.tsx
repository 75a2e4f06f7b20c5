'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
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
import { usePersonaText } from '@/components/usePersonaText';
import { useServerText } from '@/components/useServerText';
import { useOverviewQuery } from '@/hooks/useOverviewQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetOverview } from '@/lib/queries/getDatasetOverview';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { ProfileUpdatesPanel } from './ProfileUpdatesPanel';

function OverviewSkeleton() {
  const t = useTranslations('Overview');
  return (
    <LoadingRegion label={t('loading')}>
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
  const t = useTranslations('Overview');
  const serverText = useServerText();
  const run = overview.activeRun;
  if (!run) return null;
  return (
    <section className="panel run-panel" aria-labelledby="run-heading">
      <h2 id="run-heading">{t('activeRun')}</h2>
      <p className="run-line">
        {t.rich('trainedLine', {
          strong: (chunks) => <strong>{chunks}</strong>,
          muted: (chunks) => <span className="muted">{chunks}</span>,
          ago: timeAgo(run.finishedAt ?? run.startedAt),
          at: formatDateTime(run.finishedAt ?? run.startedAt),
          upTo: formatDateTime(run.eventsUpTo),
        })}
      </p>
      <dl className="run-facts">
        <div>
          <dt>{t('segmentsK')}</dt>
          <dd>{run.k ?? '—'}</dd>
        </div>
        <div>
          <dt>
            <GlossaryLink term="silhouette">{t('silhouette')}</GlossaryLink>
          </dt>
          <dd title={t('silhouetteHint')}>{formatScore(run.silhouette)}</dd>
        </div>
        <div>
          <dt>{t('trainingTime')}</dt>
          <dd>{formatDuration(run.durationMs)}</dd>
        </div>
        <div>
          <dt>{t('profiledUsers')}</dt>
          <dd>{formatCount(overview.profiledUsers)}</dd>
        </div>
        <div>
          <dt>{t('run')}</dt>
          <dd>#{run.id}</dd>
        </div>
      </dl>
      <TextVectorsNote textVectors={run.textVectors} />
      {overview.freshness.stale ? (
        <div className="warning" role="status">
          {t.rich('stale', {
            strong: (chunks) => <strong>{chunks}</strong>,
            link: (chunks) => <Link href="/admin">{chunks}</Link>,
            reasons: overview.freshness.reasons.map(serverText).join(t('reasonSeparator')),
          })}
        </div>
      ) : null}
    </section>
  );
}

function Overview({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Overview');
  const common = useTranslations('Common');
  const personaText = usePersonaText();
  const query = useOverviewQuery(dataset.id);
  if (query.isPending) return <OverviewSkeleton />;
  if (query.isError)
    return <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />;
  const overview = query.data;
  return (
    <>
      <div className="stats">
        <StatCard label={common('users')} value={formatCount(overview.counts.users)} />
        <StatCard label={common('items')} value={formatCount(overview.counts.items)} />
        <StatCard label={common('events')} value={formatCount(overview.counts.events)} />
        <StatCard
          label={t('eventsSpan')}
          value={
            <span className="value-small">
              {overview.eventRange.first && overview.eventRange.last
                ? `${formatDate(overview.eventRange.first)} – ${formatDate(overview.eventRange.last)}`
                : t('noEventsYet')}
            </span>
          }
        />
      </div>
      {overview.activeRun ? (
        <>
          <RunPanel overview={overview} />
          {overview.profileUpdates ? <ProfileUpdatesPanel stats={overview.profileUpdates} /> : null}
          <section className="panel" aria-labelledby="sizes-heading">
            <div className="section-head">
              <h2 id="sizes-heading">{t('segmentSizes')}</h2>
              <Link href={withDataset('/segments', dataset.id)}>{t('mapAndPersonas')}</Link>
            </div>
            {overview.segments.length ? (
              <SegmentSizesChart segments={overview.segments} datasetId={dataset.id} />
            ) : (
              <p className="muted">{t('allBelowFloor')}</p>
            )}
            <ul className="visually-hidden">
              {overview.segments.map((segment) => (
                <li key={segment.index}>
                  <Link href={segmentHref(segment.index, dataset.id)}>
                    {t('segmentLink', {
                      name: personaText.name(segment.name),
                      users: formatCount(segment.size),
                      share: formatPercent(segment.share),
                    })}
                  </Link>
                </li>
              ))}
            </ul>
            {overview.hiddenSegments.count ? (
              <p className="muted note">
                {t('hidden', {
                  count: overview.hiddenSegments.count,
                  users: formatCount(overview.hiddenSegments.users),
                })}
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
  const t = useTranslations('Overview');
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')}>
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate selection={selection} requireTrained={false} skeleton={<OverviewSkeleton />}>
        {(dataset) => <Overview key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
