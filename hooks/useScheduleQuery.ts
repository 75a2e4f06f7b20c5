import { useQuery } from '@tanstack/react-query';
import type { DatasetSchedule } from '@/lib/jobs/datasetSchedule';
import { datasetPath, fetchJson } from './fetchJson';

export const scheduleKey = (datasetId: number) => ['schedule', datasetId] as const;

export function useScheduleQuery(datasetId: number) {
  return useQuery({
    queryKey: scheduleKey(datasetId),
    queryFn: ({ signal }) => fetchJson<DatasetSchedule>(`${datasetPath(datasetId)}/schedule`, signal),
  });
}
