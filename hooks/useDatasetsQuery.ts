import { useQuery } from '@tanstack/react-query';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { fetchJson } from './fetchJson';

export const datasetsKey = ['datasets'] as const;

export function useDatasetsQuery() {
  return useQuery({
    queryKey: datasetsKey,
    queryFn: ({ signal }) =>
      fetchJson<{ datasets: DatasetSummary[] }>('/api/datasets', signal).then((body) => body.datasets),
  });
}
