'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatDateTime, formatPercent } from '@/components/format';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useAudiencesQuery } from '@/hooks/useAudiencesQuery';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { AudienceBuilder } from './AudienceBuilder';

function AudienceList({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Audiences');
  const audiences = useAudiencesQuery(dataset.id);
  if (audiences.isError) {
    return <ErrorState error={audiences.error} title={t('couldNotLoad')} onRetry={() => audiences.refetch()} />;
  }
  if (!audiences.data) {
    return (
      <LoadingRegion label={t('loading')}>
        <Skeleton height={120} />
      </LoadingRegion>
    );
  }
  if (!audiences.data.audiences.length) return <p className="muted">{t('none')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('audience')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('members')}</th>
            <th scope="col">{t('controlGroup')}</th>
            <th scope="col">{t('computed')}</th>
          </tr>
        </thead>
        <tbody>
          {audiences.data.audiences.map((audience) => (
            <tr key={audience.id}>
              <td>
                <Link href={withDataset(`/audiences/${audience.id}`, dataset.id)}>{audience.name}</Link>
                {audience.notes.some((note) => note.weak) ? <span className="warning small">{t('weak')}</span> : null}
              </td>
              <td>{audience.kind === 'lookalike' ? t('lookalike') : t('rules')}</td>
              <td>{formatCount(audience.size)}</td>
              <td>{audience.holdoutShare ? formatPercent(audience.holdoutShare) : '—'}</td>
              <td>{audience.computedAt ? formatDateTime(audience.computedAt) : t('notYet')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Audiences({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Audiences');
  const [building, setBuilding] = useState(false);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="audiences-heading">
        <div className="section-head">
          <h2 id="audiences-heading">{t('saved')}</h2>
          {!building ? (
            <button type="button" onClick={() => setBuilding(true)}>
              {t('new')}
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
  const t = useTranslations('Audiences');
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
            <Skeleton height={200} />
          </LoadingRegion>
        }
      >
        {(dataset) => <Audiences key={dataset.id} dataset={dataset} />}
      </DatasetGate>
    </>
  );
}
