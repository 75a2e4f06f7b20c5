import { lookalikeBody } from '@/lib/audiences/audienceRequests';
import { createLookalikeAudience } from '@/lib/audiences/createLookalikeAudience';
import { callerName } from '@/lib/auth/caller';
import { jsonResponse, route } from '@/lib/http/route';

/** Saves the users most like an audience or a segment (excluding them) as an audience. */
export const POST = route({ access: 'analyst', body: lookalikeBody, demoMayCall: true }, async ({ body, caller }) => {
  const { datasetId, ...input } = body;
  const audience = await createLookalikeAudience(datasetId, input, caller ? callerName(caller) : undefined);
  return jsonResponse(audience, { status: 201 });
});
