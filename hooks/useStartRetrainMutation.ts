import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Job } from '@/lib/jobs/jobTypes';
import { sendJson } from './sendJson';
import { jobsKey } from './useJobsQuery';

export interface RetrainInput {
  datasetId: number;
  k: 'auto' | number;
  textModel: boolean;
  map: 'pca' | 'umap';
  /** left out: the server's PORTRAIT_DEVICE */
  device?: 'auto' | 'cpu' | 'webgpu' | 'cuda';
}

export function useStartRetrainMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RetrainInput) => sendJson<{ job: Job }>('POST', '/api/jobs', { type: 'train', ...input }),
    onSettled: () => client.invalidateQueries({ queryKey: jobsKey }),
  });
}
