import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SegmentUserSort, SegmentUsersPage } from '@/lib/queries/listSegmentUsers';
import { datasetPath, fetchJson } from './fetchJson';

export interface SegmentUsersOptions {
  page: number;
  pageSize: number;
  sort: SegmentUserSort;
}

export function useSegmentUsersQuery(datasetId: number | undefined, index: number, options: SegmentUsersOptions) {
  return useQuery({
    queryKey: ['segmentUsers', datasetId, index, options],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({
        page: String(options.page),
        pageSize: String(options.pageSize),
        sort: options.sort,
      });
      return fetchJson<SegmentUsersPage>(
        `${datasetPath(datasetId as number)}/segments/${index}/users?${query}`,
        signal,
      );
    },
    enabled: datasetId !== undefined,
    // keep the last page on screen while the next loads, so the table does not jump
    placeholderData: keepPreviousData,
  });
}
