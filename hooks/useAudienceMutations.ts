import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AudienceDefinition } from '@/lib/audiences/audienceDefinition';
import type { Audience } from '@/lib/audiences/audienceRow';
import { sendJson } from './sendJson';
import { audienceKey } from './useAudienceQuery';
import { audiencesKey } from './useAudiencesQuery';

export interface AudienceDraft {
  name: string;
  description?: string;
  definition: AudienceDefinition;
  holdoutShare?: number;
}

export function useCreateAudienceMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: AudienceDraft) => sendJson<Audience>('POST', '/api/audiences', { datasetId, ...draft }),
    onSuccess: () => client.invalidateQueries({ queryKey: audiencesKey(datasetId) }),
  });
}

export function useUpdateAudienceMutation(audience: { id: number; datasetId: number }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<AudienceDraft>) =>
      sendJson<Audience>('PATCH', `/api/audiences/${audience.id}`, change),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: audienceKey(audience.id) });
      client.invalidateQueries({ queryKey: audiencesKey(audience.datasetId) });
      client.invalidateQueries({ queryKey: ['audienceReport', audience.id] });
    },
  });
}

export function useDeleteAudienceMutation(audience: { id: number; datasetId: number }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<{ deleted: number }>('DELETE', `/api/audiences/${audience.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: audiencesKey(audience.datasetId) }),
  });
}

export function useCreateLookalikeMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; seed: { audienceId: number } | { segmentIndex: number }; size: number }) =>
      sendJson<Audience>('POST', '/api/audiences/lookalike', { datasetId, ...input }),
    onSuccess: () => client.invalidateQueries({ queryKey: audiencesKey(datasetId) }),
  });
}
