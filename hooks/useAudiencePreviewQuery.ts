import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AudienceDefinition } from '@/lib/audiences/audienceDefinition';
import type { AudiencePreview } from '@/lib/audiences/previewAudience';
import { sendJson } from './sendJson';
import { useDebouncedValue } from './useDebouncedValue';

/**
 * The live size of a definition being edited: one request per pause in editing, the last size
 * kept on screen while the next one loads. `definition` null (incomplete) asks nothing.
 */
export function useAudiencePreviewQuery(datasetId: number, definition: AudienceDefinition | null) {
  const settled = useDebouncedValue(definition, 250);
  return useQuery({
    queryKey: ['audiencePreview', datasetId, settled],
    queryFn: () => sendJson<AudiencePreview>('POST', '/api/audiences/preview', { datasetId, definition: settled }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
