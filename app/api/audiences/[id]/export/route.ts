import { audienceParams } from '@/lib/audiences/audienceRequests';
import { exportAudienceCsv } from '@/lib/audiences/exportAudienceCsv';
import { fileResponse } from '@/lib/http/fileResponse';
import { route } from '@/lib/http/route';

/** The targeted members as a CSV download (never the control group), audited. Exports are the pm's. */
export const GET = route({ access: 'pm', params: audienceParams }, async ({ params, caller }) => {
  const file = await exportAudienceCsv(params.id, caller, { forSpreadsheets: true });
  return fileResponse(file.chunks, file);
});
