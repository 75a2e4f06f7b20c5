import { useQuery } from '@tanstack/react-query';
import type { RunHistory } from '@/lib/queries/listRuns';
import { datasetPath, fetchJson } from './fetchJson';

export function useRunsQuery(datasetId: number | undefined, limit = 10) {
  return useQuery({
    queryKey: ['runs', datasetId, limit],
    queryFn: ({ signal }) => fetchJson<RunHistory>(`${datasetPath(datasetId as number)}/runs?limit=${limit}`, signal),
    enabled: datasetId !== undefined,
  });
}
