import { useQuery } from '@tanstack/react-query';
import type { DatasetOverview } from '@/lib/queries/getDatasetOverview';
import { datasetPath, fetchJson } from './fetchJson';

export function useOverviewQuery(datasetId: number | undefined) {
  return useQuery({
    queryKey: ['overview', datasetId],
    queryFn: ({ signal }) => fetchJson<DatasetOverview>(`${datasetPath(datasetId as number)}/overview`, signal),
    enabled: datasetId !== undefined,
    // the real-time update lag and throughput move while events arrive
    refetchInterval: 15_000,
  });
}
