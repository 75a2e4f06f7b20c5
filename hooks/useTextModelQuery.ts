import { useQuery } from '@tanstack/react-query';
import type { TextModelStatus } from '@/lib/server/textModelStatus';
import { fetchJson } from './fetchJson';

/** Whether the configured text model can be loaded (GET /api/text-model). */
export function useTextModelQuery(enabled: boolean) {
  return useQuery({
    queryKey: ['textModel'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => fetchJson<TextModelStatus>('/api/text-model', signal),
  });
}
