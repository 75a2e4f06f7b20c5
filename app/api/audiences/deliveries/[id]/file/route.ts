import { audienceParams } from '@/lib/audiences/audienceRequests';
import { openDeliveryFile } from '@/lib/audiences/destinations/openDeliveryFile';
import { fileResponse } from '@/lib/http/fileResponse';
import { route } from '@/lib/http/route';

/** The file a CSV destination's run wrote, as a download (audited). Exports are the pm's. */
export const GET = route({ access: 'pm', params: audienceParams }, async ({ caller, params }) => {
  const file = await openDeliveryFile(caller, params.id);
  return fileResponse(file.body, { ...file, headers: { 'content-length': String(file.bytes) } });
});
