import { useMutation, useQueryClient } from '@tanstack/react-query';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { auditKey } from './useAuditLogQuery';
import { datasetsKey } from './useDatasetsQuery';

export function useDeleteDatasetMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (datasetId: number) =>
      sendJson<{ deleted: { id: number; name: string; events: number } }>('DELETE', datasetPath(datasetId)).then(
        (body) => body.deleted,
      ),
    onSuccess: () => {
      // every screen's data may belong to the deleted dataset
      client.invalidateQueries({ queryKey: datasetsKey });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}
