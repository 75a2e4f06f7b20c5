import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UserSearchResult } from '@/lib/queries/searchUsers';
import { datasetPath, fetchJson } from './fetchJson';

export function useUserSearchQuery(datasetId: number | undefined, prefix: string) {
  const search = prefix.trim();
  return useQuery({
    queryKey: ['userSearch', datasetId, search],
    queryFn: ({ signal }) =>
      fetchJson<UserSearchResult>(
        `${datasetPath(datasetId as number)}/users?search=${encodeURIComponent(search)}`,
        signal,
      ),
    enabled: datasetId !== undefined && search.length > 0,
    placeholderData: keepPreviousData,
  });
}
