import { audienceParams, createDestinationBody } from '@/lib/audiences/audienceRequests';
import { createDestination, listDestinations } from '@/lib/audiences/destinations/destinationStore';
import { callerName } from '@/lib/auth/caller';
import { jsonResponse, route } from '@/lib/http/route';

/** An audience's destinations, for whoever may send them (pm). */
export const GET = route({ access: 'pm', params: audienceParams }, async ({ params }) => ({
  destinations: await listDestinations(params.id),
}));

/** Adds a webhook; the signing secret is in this answer only. Destinations are the admin's. */
export const POST = route(
  { access: 'admin', params: audienceParams, body: createDestinationBody },
  async ({ params, body, caller }) =>
    jsonResponse(await createDestination(params.id, body, caller ? callerName(caller) : undefined), { status: 201 }),
);
