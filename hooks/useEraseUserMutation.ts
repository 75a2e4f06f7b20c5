import { useMutation, useQueryClient } from '@tanstack/react-query';
import { userIdSegment } from '@/lib/http/userIdSegment';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';

export interface ErasureView {
  datasetId: number;
  userRef: string;
  deleted: Record<string, number>;
  segmentsResized: number;
}

/** Erases a tracked user; every cached read of the dataset may have shown them. */
export function useEraseUserMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ datasetId, userId }: { datasetId: number; userId: string }) =>
      sendJson<{ erased: ErasureView }>('DELETE', `${datasetPath(datasetId)}/users/${userIdSegment(userId)}`).then(
        (body) => body.erased,
      ),
    onSuccess: () => client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' }),
  });
}
