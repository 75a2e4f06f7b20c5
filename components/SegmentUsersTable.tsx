'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSegmentUsersQuery } from '@/hooks/useSegmentUsersQuery';
import type { SegmentUserSort } from '@/lib/queries/listSegmentUsers';
import { userHref } from './datasetHref';
import { ErrorState } from './ErrorState';
import { formatCount, formatScore, formatValue } from './format';
import { Skeleton } from './Skeleton';

const pageSize = 25;

/**
 * The users of one segment, paged on the server. Sorting by churn puts the likeliest to leave
 * first; by distance, the most typical members first.
 */
export function SegmentUsersTable({
  datasetId,
  segmentIndex,
  featureColumns,
}: {
  datasetId: number;
  segmentIndex: number;
  featureColumns: { feature: string; label: string }[];
}) {
  const t = useTranslations('SegmentUsers');
  const [sort, setSort] = useState<SegmentUserSort>('distance');
  const [page, setPage] = useState(1);
  const query = useSegmentUsersQuery(datasetId, segmentIndex, { page, pageSize, sort });
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  const changeSort = (next: SegmentUserSort) => {
    setSort(next);
    setPage(1);
  };
  const sortHeader = (key: SegmentUserSort, label: string, hint: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'distance' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => changeSort(key)} title={hint}>
        {label}
        <span aria-hidden="true">{sort === key ? (key === 'distance' ? ' ↑' : ' ↓') : ' ↕'}</span>
      </button>
    </th>
  );

  if (query.isError)
    return <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />;
  return (
    <div className="users-table">
      <div className="table-scroll">
        <table aria-busy={query.isFetching} aria-describedby={`users-table-status-${segmentIndex}`}>
          <thead>
            <tr>
              <th scope="col">{t('user')}</th>
              {sortHeader('distance', t('distance'), t('distanceHint'))}
              {sortHeader('churn', t('churn'), t('churnHint'))}
              {featureColumns.map((column) => (
                <th key={column.feature} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data
              ? data.rows.map((row) => (
                  <tr key={row.userId}>
                    <td>
                      <Link href={userHref(row.userId, datasetId)}>{row.userId}</Link>
                    </td>
                    <td>{formatScore(row.distance)}</td>
                    <td>{formatScore(row.churn)}</td>
                    {featureColumns.map((column) => (
                      <td key={column.feature}>
                        {formatValue(row.features[column.feature] as number | string | null)}
                      </td>
                    ))}
                  </tr>
                ))
              : Array.from({ length: pageSize }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
                  <tr key={i}>
                    <td colSpan={3 + featureColumns.length}>
                      <Skeleton height={18} />
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1 || !data}>
          {t('previous')}
        </button>
        <span id={`users-table-status-${segmentIndex}`} aria-live="polite">
          {data
            ? t('page', { page: data.page, pages, total: formatCount(data.total), sort: data.sort }) +
              (query.isPlaceholderData ? t('pageLoading') : '')
            : t('loading')}
        </span>
        <button type="button" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages || !data}>
          {t('next')}
        </button>
      </div>
    </div>
  );
}
