import { useQuery } from '@tanstack/react-query';
import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import { fetchJson } from './fetchJson';

/** What the editor can offer for the dataset's active run. */
export function useAudienceOptionsQuery(datasetId: number | undefined) {
  return useQuery({
    queryKey: ['audienceOptions', datasetId],
    queryFn: ({ signal }) => fetchJson<AudienceOptions>(`/api/audiences/options?datasetId=${datasetId}`, signal),
    enabled: datasetId !== undefined,
  });
}
