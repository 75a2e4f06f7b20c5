'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { useSelectedDataset } from '@/hooks/useSelectedDataset';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { NoDatasetState, NotTrainedState } from './EmptyState';
import { ErrorState } from './ErrorState';

/**
 * Renders `children` for the chosen dataset once it is known, and the states before that:
 * the skeleton while datasets load, the API error, no dataset yet, not trained yet.
 */
export function DatasetGate({
  selection,
  requireTrained = true,
  skeleton,
  children,
}: {
  selection: ReturnType<typeof useSelectedDataset>;
  requireTrained?: boolean;
  skeleton: ReactNode;
  children: (dataset: DatasetSummary) => ReactNode;
}) {
  const t = useTranslations('Common');
  const { datasets, dataset, unknownParam } = selection;
  if (datasets.isPending) return <>{skeleton}</>;
  if (datasets.isError)
    return <ErrorState error={datasets.error} title={t('couldNotLoadDatasets')} onRetry={() => datasets.refetch()} />;
  if (!dataset) return <NoDatasetState />;
  return (
    <>
      {unknownParam ? (
        <p className="warning" role="status">
          {t('unknownDataset', { name: dataset.name })}
        </p>
      ) : null}
      {requireTrained && !dataset.activeRun ? <NotTrainedState datasetName={dataset.name} /> : children(dataset)}
    </>
  );
}
