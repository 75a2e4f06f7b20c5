import { audienceParams, sendBody } from '@/lib/audiences/audienceRequests';
import { startDelivery } from '@/lib/audiences/destinations/startDelivery';
import { callerName } from '@/lib/auth/caller';
import { jsonResponse, route } from '@/lib/http/route';

/** Queues a send of the audience to this destination (or, with test: true, a signed sample); for a CSV export, a run now. */
export const POST = route({ access: 'pm', params: audienceParams, body: sendBody }, async ({ params, body, caller }) =>
  jsonResponse(await startDelivery(params.id, { test: body.test, createdBy: caller ? callerName(caller) : null }), {
    status: 202,
  }),
);
