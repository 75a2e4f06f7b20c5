'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ClusterMap, mapHeight } from '@/components/ClusterMap';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { ErrorState } from '@/components/ErrorState';
import { ExportMenu } from '@/components/ExportMenu';
import { formatCount } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { PersonaCard } from '@/components/PersonaCard';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { usePersonaText } from '@/components/usePersonaText';
import { useMapQuery } from '@/hooks/useMapQuery';
import { useSegmentsQuery } from '@/hooks/useSegmentsQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import type { SegmentCard, SegmentList } from '@/lib/queries/listSegments';

const cardHeight = 330;

function MapPanel({ datasetId, segments }: { datasetId: number; segments: SegmentList | undefined }) {
  const t = useTranslations('Segments');
  const map = useMapQuery(datasetId);
  const personaName = usePersonaText().name;
  const names = useMemo(
    () => new Map((segments?.segments ?? []).map((s) => [s.index, personaName(s.name)])),
    [segments, personaName],
  );
  return (
    <section className="panel map-panel" aria-labelledby="map-heading">
      <h2 id="map-heading">{t('clusterMap')}</h2>
      {map.isError ? (
        <ErrorState error={map.error} title={t('couldNotLoadMap')} onRetry={() => map.refetch()} />
      ) : map.data && segments ? (
        <ClusterMap sample={map.data} segmentNames={names} datasetId={datasetId} />
      ) : (
        <LoadingRegion label={t('loadingMap')}>
          <Skeleton height={34} />
          <Skeleton height={mapHeight} style={{ marginTop: 12 }} />
          <Skeleton height={18} width="60%" style={{ marginTop: 12 }} />
        </LoadingRegion>
      )}
    </section>
  );
}

type PersonaOrder = 'size' | 'risk';

function orderSegments(segments: SegmentCard[], order: PersonaOrder): SegmentCard[] {
  if (order === 'size') return [...segments].sort((a, b) => b.size - a.size || a.index - b.index);
  return [...segments].sort(
    (a, b) => (b.persona.churnShare ?? -1) - (a.persona.churnShare ?? -1) || b.size - a.size || a.index - b.index,
  );
}

function Segments({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Segments');
  const segments = useSegmentsQuery(dataset.id);
  const [order, setOrder] = useState<PersonaOrder>('size');
  const canSortByRisk = segments.data?.segments.some((segment) => segment.persona.churnShare !== null) ?? false;
  return (
    <div className="segments-layout">
      <MapPanel datasetId={dataset.id} segments={segments.data} />
      <section aria-labelledby="personas-heading" className="personas">
        <div className="section-head">
          <h2 id="personas-heading">{t('personas')}</h2>
          <div className="row">
            {canSortByRisk ? (
              <label className="small">
                {t('sortBy')}{' '}
                <select value={order} onChange={(event) => setOrder(event.target.value as PersonaOrder)}>
                  <option value="size">{t('bySize')}</option>
                  <option value="risk">{t('byRisk')}</option>
                </select>
              </label>
            ) : null}
            {segments.data?.segments.length ? <ExportMenu datasetId={dataset.id} runId={segments.data.runId} /> : null}
          </div>
        </div>
        {segments.isError ? (
          <ErrorState error={segments.error} title={t('couldNotLoad')} onRetry={() => segments.refetch()} />
        ) : segments.data ? (
          <>
            {segments.data.segments.length === 0 ? (
              <p className="muted">{t('allBelowFloor')}</p>
            ) : (
              <div className="persona-grid">
                {orderSegments(segments.data.segments, order).map((segment) => (
                  <PersonaCard
                    key={segment.index}
                    segment={segment}
                    datasetId={dataset.id}
                    display={dataset.display}
                    churnModel={segments.data.churnModel}
                  />
                ))}
              </div>
            )}
            {segments.data.hiddenSegments.count ? (
              <p className="muted note">
                {t('hidden', {
                  count: segments.data.hiddenSegments.count,
                  users: formatCount(segments.data.hiddenSegments.users),
                })}
              </p>
            ) : null}
          </>
        ) : (
          <LoadingRegion label={t('loadingPersonas')}>
            <div className="persona-grid">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} height={cardHeight} />
              ))}
            </div>
          </LoadingRegion>
        )}
      </section>
    </div>
  );
}

export function SegmentsPage({ datasetParam }: { datasetParam?: string }) {
  const t = useTranslations('Segments');
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')}>
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        skeleton={
          <LoadingRegion label={t('loading')}>
            <Skeleton height={mapHeight + 100} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Segments key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
