import { useQuery } from '@tanstack/react-query';
import type { HoldoutReport } from '@/lib/audiences/holdoutReport';
import { fetchJson } from './fetchJson';

/** Targeted vs held-out rate of a goal event; asks nothing until a goal is chosen. */
export function useAudienceReportQuery(audienceId: number, goal: string | null, since: string | null) {
  return useQuery({
    queryKey: ['audienceReport', audienceId, goal, since],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ goal: goal as string });
      if (since) query.set('since', since);
      return fetchJson<HoldoutReport>(`/api/audiences/${audienceId}/holdout-report?${query}`, signal);
    },
    enabled: goal !== null,
  });
}
