'use client';

import { useTranslations } from 'next-intl';
import { DatasetGate } from '@/components/DatasetGate';
import { DatasetPicker } from '@/components/DatasetPicker';
import { PageHeader } from '@/components/PageHeader';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useSelectedDataset } from '@/hooks/useSelectedDataset';
import { UserSearch } from './UserSearch';

export function UserLookupPage({ datasetParam, initialSearch }: { datasetParam?: string; initialSearch: string }) {
  const t = useTranslations('UserLookup');
  const common = useTranslations('Common');
  const selection = useSelectedDataset(datasetParam);
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')}>
        <DatasetPicker datasets={selection.datasets.data} selectedId={selection.dataset?.id} />
      </PageHeader>
      <DatasetGate
        selection={selection}
        requireTrained={false}
        skeleton={
          <LoadingRegion label={common('loading')}>
            <Skeleton height={140} />
          </LoadingRegion>
        }
      >
        {(dataset) => <UserSearch key={dataset.id} datasetId={dataset.id} initialSearch={initialSearch} />}
      </DatasetGate>
    </>
  );
}
