import { useQuery } from '@tanstack/react-query';
import type { Audience } from '@/lib/audiences/audienceRow';
import { fetchJson } from './fetchJson';

export const audiencesKey = (datasetId: number | undefined) => ['audiences', datasetId] as const;

export function useAudiencesQuery(datasetId: number | undefined) {
  return useQuery({
    queryKey: audiencesKey(datasetId),
    queryFn: ({ signal }) => fetchJson<{ audiences: Audience[] }>(`/api/audiences?datasetId=${datasetId}`, signal),
    enabled: datasetId !== undefined,
  });
}
