import { useQuery } from '@tanstack/react-query';
import type { AudienceDetail } from '@/lib/audiences/readAudiences';
import { fetchJson } from './fetchJson';

export const audienceKey = (audienceId: number) => ['audience', audienceId] as const;

export function useAudienceQuery(audienceId: number) {
  return useQuery({
    queryKey: audienceKey(audienceId),
    queryFn: ({ signal }) => fetchJson<AudienceDetail>(`/api/audiences/${audienceId}`, signal),
  });
}
