import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ExportFormat } from '@/lib/export/personaExport.types';
import type { Locale } from '@/lib/i18n/locales';
import type { Job } from '@/lib/jobs/jobTypes';
import { sendJson } from './sendJson';
import { jobsKey } from './useJobsQuery';

export interface ExportInput {
  datasetId: number;
  format: ExportFormat;
  /** the file's language: the screen's own */
  locale?: Locale;
}

/** Queues a personas export; the finished job's file is at /api/jobs/:id/file. */
export function useStartExportMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ExportInput) => sendJson<{ job: Job }>('POST', '/api/jobs', { type: 'export', ...input }),
    onSettled: () => client.invalidateQueries({ queryKey: jobsKey }),
  });
}
