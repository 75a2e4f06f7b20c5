import { previewAudienceBody } from '@/lib/audiences/audienceRequests';
import { previewAudience } from '@/lib/audiences/previewAudience';
import { route } from '@/lib/http/route';

/**
 * The live size and a sample of members of a definition being edited; nothing is saved. A POST
 * for the body's size, but it changes nothing, so the demo visitor may call it too.
 */
export const POST = route({ access: 'analyst', body: previewAudienceBody, demoMayCall: true }, async ({ body }) =>
  previewAudience(body.datasetId, body.definition),
);
