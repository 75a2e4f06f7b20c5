import { useMutation, useQueryClient } from '@tanstack/react-query';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { type ApiKeyView, apiKeysKey } from './useApiKeysQuery';
import { auditKey } from './useAuditLogQuery';

/** `key` in the answer is the only time the key is ever shown. */
export function useCreateApiKeyMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, scopes }: { name: string; scopes: string[] }) =>
      sendJson<{ key: string; apiKey: ApiKeyView }>('POST', `${datasetPath(datasetId)}/api-keys`, { name, scopes }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: apiKeysKey(datasetId) });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}
