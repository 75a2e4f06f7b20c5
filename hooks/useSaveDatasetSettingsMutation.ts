import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DatasetSettingsPatch, DatasetSettingsView } from '@/lib/datasets/datasetSettings';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { datasetSettingsKey } from './useDatasetSettingsQuery';

/**
 * Saves the fields given. An attribute newly marked sensitive disappears from profiles, personas
 * and quality at once, so every cached read (of any dataset: keys differ in shape) is refetched.
 */
export function useSaveDatasetSettingsMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: DatasetSettingsPatch) =>
      sendJson<DatasetSettingsView>('PATCH', `${datasetPath(datasetId)}/settings`, patch),
    onSuccess: (view) => {
      client.setQueryData(datasetSettingsKey(datasetId), view);
      client.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'datasetSettings',
      });
    },
  });
}
