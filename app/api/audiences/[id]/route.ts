import { audienceParams, updateAudienceBody } from '@/lib/audiences/audienceRequests';
import { getAudienceDetail } from '@/lib/audiences/readAudiences';
import { deleteAudience, updateAudience } from '@/lib/audiences/saveAudience';
import { route } from '@/lib/http/route';

/** An audience with its size history and latest entries and exits. */
export const GET = route({ access: 'analyst', params: audienceParams }, async ({ params }) =>
  getAudienceDetail(params.id),
);

/** Renames, redefines or changes the control group of an audience; members are recomputed. */
export const PATCH = route(
  { access: 'analyst', params: audienceParams, body: updateAudienceBody, demoMayCall: true },
  async ({ params, body }) => updateAudience(params.id, body),
);

/** Deletes an audience; one with destinations only as an admin. */
export const DELETE = route({ access: 'analyst', params: audienceParams }, async ({ params, caller }) =>
  deleteAudience(params.id, caller),
);
