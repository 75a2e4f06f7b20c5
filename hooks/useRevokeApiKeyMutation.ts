import { useMutation, useQueryClient } from '@tanstack/react-query';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { type ApiKeyView, apiKeysKey } from './useApiKeysQuery';
import { auditKey } from './useAuditLogQuery';

export function useRevokeApiKeyMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: number) =>
      sendJson<{ apiKey: ApiKeyView }>('DELETE', `${datasetPath(datasetId)}/api-keys/${keyId}`),
    onSettled: () => {
      client.invalidateQueries({ queryKey: apiKeysKey(datasetId) });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}
