'use client';

import { useMemo } from 'react';
import { ClusterMap, mapHeight } from '@/components/ClusterMap';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { ErrorState } from '@/components/ErrorState';
import { ExportMenu } from '@/components/ExportMenu';
import { formatCount } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { PersonaCard } from '@/components/PersonaCard';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useMapQuery } from '@/hooks/useMapQuery';
import { useSegmentsQuery } from '@/hooks/useSegmentsQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import type { SegmentList } from '@/lib/queries/listSegments';

const cardHeight = 330;

function MapPanel({ datasetId, segments }: { datasetId: number; segments: SegmentList | undefined }) {
  const map = useMapQuery(datasetId);
  const names = useMemo(() => new Map((segments?.segments ?? []).map((s) => [s.index, s.name])), [segments]);
  return (
    <section className="panel map-panel" aria-labelledby="map-heading">
      <h2 id="map-heading">Cluster map</h2>
      {map.isError ? (
        <ErrorState error={map.error} title="Could not load the map" onRetry={() => map.refetch()} />
      ) : map.data && segments ? (
        <ClusterMap sample={map.data} segmentNames={names} datasetId={datasetId} />
      ) : (
        <LoadingRegion label="Loading the cluster map">
          <Skeleton height={34} />
          <Skeleton height={mapHeight} style={{ marginTop: 12 }} />
          <Skeleton height={18} width="60%" style={{ marginTop: 12 }} />
        </LoadingRegion>
      )}
    </section>
  );
}

function Segments({ dataset }: { dataset: DatasetSummary }) {
  const segments = useSegmentsQuery(dataset.id);
  return (
    <div className="segments-layout">
      <MapPanel datasetId={dataset.id} segments={segments.data} />
      <section aria-labelledby="personas-heading" className="personas">
        <div className="section-head">
          <h2 id="personas-heading">Personas</h2>
          {segments.data?.segments.length ? <ExportMenu datasetId={dataset.id} runId={segments.data.runId} /> : null}
        </div>
        {segments.isError ? (
          <ErrorState error={segments.error} title="Could not load the segments" onRetry={() => segments.refetch()} />
        ) : segments.data ? (
          <>
            {segments.data.segments.length === 0 ? (
              <p className="muted">Every segment of this run is below the size floor, so no persona is shown.</p>
            ) : (
              <div className="persona-grid">
                {segments.data.segments.map((segment) => (
                  <PersonaCard key={segment.index} segment={segment} datasetId={dataset.id} />
                ))}
              </div>
            )}
            {segments.data.hiddenSegments.count ? (
              <p className="muted note">
                {segments.data.hiddenSegments.count} segment{segments.data.hiddenSegments.count === 1 ? '' : 's'} with{' '}
                {formatCount(segments.data.hiddenSegments.users)} users in all fall below the dataset's size floor and
                are never shown as personas.
              </p>
            ) : null}
          </>
        ) : (
          <LoadingRegion label="Loading the personas">
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
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Groups of users who behave alike, drawn on a map and described as personas."
      >
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        skeleton={
          <LoadingRegion label="Loading the segments">
            <Skeleton height={mapHeight + 100} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Segments key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
