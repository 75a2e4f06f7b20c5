import { exportSegmentMembers } from '@/lib/export/exportSegmentMembers';
import { fileResponse } from '@/lib/http/fileResponse';
import { runQuery, segmentParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';

/**
 * A segment's members as a CSV download, streamed page by page and audited. Analysts may have it:
 * they can page through the same list (`/users`) and look up each member, so refusing them the
 * file would protect nothing. The pm role adds the persona reports (`/export`).
 */
export const GET = route(
  { access: 'analyst', params: segmentParams, query: runQuery },
  async ({ caller, params, query }) => {
    const file = await exportSegmentMembers(params.id, params.index, { actor: caller, runId: query.runId });
    return fileResponse(file.chunks, { ...file, headers: { 'x-portrait-run-id': String(file.runId) } });
  },
);
