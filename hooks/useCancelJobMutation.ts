import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Job } from '@/lib/jobs/jobTypes';
import { sendJson } from './sendJson';
import { jobsKey } from './useJobsQuery';

export function useCancelJobMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => sendJson<{ job: Job }>('POST', `/api/jobs/${jobId}/cancel`),
    onSettled: () => client.invalidateQueries({ queryKey: jobsKey }),
  });
}
