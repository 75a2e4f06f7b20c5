'use client';

import Link from 'next/link';
import { useState } from 'react';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useAudiencesQuery } from '@/hooks/useAudiencesQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { AudienceBuilder } from './AudienceBuilder';

function AudienceList({ dataset }: { dataset: DatasetSummary }) {
  const audiences = useAudiencesQuery(dataset.id);
  if (audiences.isError) {
    return (
      <ErrorState error={audiences.error} title="Could not load the audiences" onRetry={() => audiences.refetch()} />
    );
  }
  if (!audiences.data) {
    return (
      <LoadingRegion label="Loading the audiences">
        <Skeleton height={120} />
      </LoadingRegion>
    );
  }
  if (!audiences.data.audiences.length) return <p className="muted">No audiences yet: build one below.</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Audience</th>
            <th scope="col">Kind</th>
            <th scope="col">Members</th>
            <th scope="col">Control group</th>
            <th scope="col">Computed</th>
          </tr>
        </thead>
        <tbody>
          {audiences.data.audiences.map((audience) => (
            <tr key={audience.id}>
              <td>
                <Link href={withDataset(`/audiences/${audience.id}`, dataset.id)}>{audience.name}</Link>
                {audience.notes.some((note) => note.weak) ? (
                  <span className="warning small"> weak segment match</span>
                ) : null}
              </td>
              <td>{audience.kind === 'lookalike' ? 'Lookalike' : 'Rules'}</td>
              <td>{formatCount(audience.size)}</td>
              <td>{audience.holdoutShare ? `${Math.round(audience.holdoutShare * 100)}%` : '—'}</td>
              <td>{audience.computedAt ? new Date(audience.computedAt).toLocaleString() : 'not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Audiences({ dataset }: { dataset: DatasetSummary }) {
  const [building, setBuilding] = useState(false);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="audiences-heading">
        <div className="section-head">
          <h2 id="audiences-heading">Saved audiences</h2>
          {!building ? (
            <button type="button" onClick={() => setBuilding(true)}>
              New audience
            </button>
          ) : null}
        </div>
        <AudienceList dataset={dataset} />
      </section>
      {building ? <AudienceBuilder datasetId={dataset.id} /> : null}
    </div>
  );
}

export function AudiencesPage({ datasetParam }: { datasetParam?: string }) {
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader
        title="Audiences"
        subtitle="Saved groups of users defined by segments, predictions, profile values and recent behaviour, kept up to date."
      >
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        skeleton={
          <LoadingRegion label="Loading the audiences">
            <Skeleton height={200} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Audiences key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
