'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { withDataset } from './datasetHref';
import { Skeleton } from './Skeleton';

/**
 * Chooses the dataset; the choice lives in the URL (`?dataset=<id>`) so links and reloads keep it.
 * `basePath` is where a change leads (the segment detail goes back to the list).
 */
export function DatasetPicker({
  datasets,
  selectedId,
  basePath,
}: {
  datasets: DatasetSummary[] | undefined;
  selectedId: number | undefined;
  basePath?: string;
}) {
  const t = useTranslations('Common');
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  if (!datasets) return <Skeleton height={34} width={220} />;
  if (datasets.length === 0) return null;
  return (
    <div className="picker">
      <label htmlFor={id}>{t('dataset')}</label>
      <select
        id={id}
        value={selectedId ?? ''}
        onChange={(event) => router.replace(withDataset(basePath ?? pathname, event.target.value))}
      >
        {datasets.map((dataset) => (
          <option key={dataset.id} value={dataset.id}>
            {dataset.name}
            {dataset.activeRun ? '' : t('notTrained')}
          </option>
        ))}
      </select>
    </div>
  );
}
