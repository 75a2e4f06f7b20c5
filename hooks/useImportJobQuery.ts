import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ImportJobReport } from '@/lib/imports/importReport';
import { datasetsKey } from './useDatasetsQuery';
import { useJobQuery } from './useJobQuery';

/** Screens whose data an import changes: dataset counts, the overview, user search and profiles. */
const changedByImport = [datasetsKey, ['overview'], ['userSearch'], ['user']];

/**
 * An import job, polled while it is queued or running, with its report (counts and the first
 * bad rows, which a failed import keeps too). Once it succeeds the dataset screens are refreshed.
 */
export function useImportJobQuery(jobId: number | null) {
  const client = useQueryClient();
  const query = useJobQuery(jobId ?? 0, jobId !== null);
  const status = query.data?.status;
  useEffect(() => {
    if (status !== 'succeeded') return;
    for (const queryKey of changedByImport) client.invalidateQueries({ queryKey });
  }, [status, client]);
  const report = (query.data?.result ?? null) as ImportJobReport | null;
  return { ...query, report: report && Array.isArray(report.files) ? report : null };
}
