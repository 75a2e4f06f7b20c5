import { useQuery } from '@tanstack/react-query';
import type { JobView } from '@/lib/jobs/listJobs';
import { fetchJson } from './fetchJson';

export const jobsKey = ['jobs'] as const;

const livePollMs = 1500;

export function isActiveJob(job: { status: string }): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** Recent jobs, newest first; polled every 1.5 s while any of them is queued or running. */
export function useJobsQuery(limit = 50) {
  return useQuery({
    queryKey: [...jobsKey, { limit }],
    queryFn: ({ signal }) =>
      fetchJson<{ jobs: JobView[] }>(`/api/jobs?limit=${limit}`, signal).then((body) => body.jobs),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.some(isActiveJob) ? livePollMs : false),
  });
}
