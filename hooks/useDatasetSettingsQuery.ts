import { useQuery } from '@tanstack/react-query';
import type { DatasetSettingsView } from '@/lib/datasets/datasetSettings';
import { datasetPath, fetchJson } from './fetchJson';

export const datasetSettingsKey = (datasetId: number) => ['datasetSettings', datasetId] as const;

/** A dataset's pipeline settings and its user attributes, each marked sensitive or not (admin). */
export function useDatasetSettingsQuery(datasetId: number) {
  return useQuery({
    queryKey: datasetSettingsKey(datasetId),
    queryFn: ({ signal }) => fetchJson<DatasetSettingsView>(`${datasetPath(datasetId)}/settings`, signal),
  });
}
