import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Job } from '@/lib/jobs/jobTypes';
import { sendJson } from './sendJson';
import { jobsKey } from './useJobsQuery';

export interface EvaluationInput {
  datasetId: number;
  /** user attributes to compare the segments with */
  truthAttributes: string[];
}

export function useStartEvaluationMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EvaluationInput) => sendJson<{ job: Job }>('POST', '/api/jobs', { type: 'evaluate', ...input }),
    onSettled: () => client.invalidateQueries({ queryKey: jobsKey }),
  });
}
