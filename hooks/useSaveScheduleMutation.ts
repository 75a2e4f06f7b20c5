import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DatasetSchedule } from '@/lib/jobs/datasetSchedule';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { scheduleKey } from './useScheduleQuery';

export function useSaveScheduleMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cron: string | null) =>
      sendJson<DatasetSchedule>('PUT', `${datasetPath(datasetId)}/schedule`, { cron }),
    onSuccess: (schedule) => client.setQueryData(scheduleKey(datasetId), schedule),
  });
}
