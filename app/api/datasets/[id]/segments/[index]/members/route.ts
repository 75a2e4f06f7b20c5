import { exportSegmentMembers } from '@/lib/export/exportSegmentMembers';
import { fileResponse } from '@/lib/http/fileResponse';
import { route } from '@/lib/http/route';
import { runQuery, segmentParams } from '@/lib/queries/requestSchemas';

/** A segment's members as a CSV download, streamed page by page. */
export const GET = route(
  { access: 'pm', params: segmentParams, query: runQuery },
  async ({ caller, params, query }) => {
    const file = await exportSegmentMembers(params.id, params.index, { actor: caller, runId: query.runId });
    return fileResponse(file.chunks, { ...file, headers: { 'x-portrait-run-id': String(file.runId) } });
  },
);
