import { createAudienceBody, datasetQuery } from '@/lib/audiences/audienceRequests';
import { listAudiences } from '@/lib/audiences/readAudiences';
import { createAudience } from '@/lib/audiences/saveAudience';
import { callerName } from '@/lib/auth/caller';
import { jsonResponse, route } from '@/lib/http/route';

/** A dataset's saved audiences. */
export const GET = route({ access: 'analyst', query: datasetQuery }, async ({ query }) => ({
  audiences: await listAudiences(query.datasetId),
}));

/** Saves an audience and materialises its members against the active run. */
export const POST = route(
  { access: 'analyst', body: createAudienceBody, demoMayCall: true },
  async ({ body, caller }) => {
    const { datasetId, ...input } = body;
    const audience = await createAudience(datasetId, input, caller ? callerName(caller) : undefined);
    return jsonResponse(audience, { status: 201 });
  },
);
