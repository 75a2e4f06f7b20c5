import { useQuery } from '@tanstack/react-query';
import type { JobDetail } from '@/lib/jobs/listJobs';
import { fetchJson } from './fetchJson';
import { isActiveJob, jobsKey } from './useJobsQuery';

/** One job with its whole log; polled while it is queued or running. */
export function useJobQuery(jobId: number, enabled = true) {
  return useQuery({
    queryKey: [...jobsKey, 'detail', jobId],
    queryFn: ({ signal }) => fetchJson<{ job: JobDetail }>(`/api/jobs/${jobId}`, signal).then((body) => body.job),
    enabled,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && isActiveJob(query.state.data) ? 1500 : false),
  });
}
