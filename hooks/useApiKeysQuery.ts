import { useQuery } from '@tanstack/react-query';
import { datasetPath, fetchJson } from './fetchJson';

/** An ingest key as the API lists it: never the key, only the prefix that recognises it. */
export interface ApiKeyView {
  id: number;
  datasetId: number;
  name: string;
  prefix: string;
  /** ingest (send events), profiles:read (the /api/v1 profile API) */
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export const apiKeysKey = (datasetId: number) => ['apiKeys', datasetId] as const;

export function useApiKeysQuery(datasetId: number | null) {
  return useQuery({
    queryKey: apiKeysKey(datasetId ?? 0),
    queryFn: ({ signal }) =>
      fetchJson<{ apiKeys: ApiKeyView[] }>(`${datasetPath(datasetId as number)}/api-keys`, signal).then(
        (body) => body.apiKeys,
      ),
    enabled: datasetId !== null,
  });
}
