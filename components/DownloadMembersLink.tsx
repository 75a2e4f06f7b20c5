'use client';

import { useCanExport } from '@/hooks/useCanExport';

/** A segment's member list as CSV, for product managers and admins. */
export function DownloadMembersLink({
  datasetId,
  segmentIndex,
  runId,
}: {
  datasetId: number;
  segmentIndex: number;
  runId?: number;
}) {
  const canExport = useCanExport();
  if (!canExport) return null;
  const run = runId === undefined ? '' : `?runId=${runId}`;
  return (
    <a className="button" href={`/api/datasets/${datasetId}/segments/${segmentIndex}/members${run}`} download>
      Download members CSV
    </a>
  );
}
