import { audienceParams, createDestinationBody } from '@/lib/audiences/audienceRequests';
import {
  createCsvDestination,
  createDestination,
  listDestinations,
} from '@/lib/audiences/destinations/destinationStore';
import { callerName } from '@/lib/auth/caller';
import { jsonResponse, route } from '@/lib/http/route';

/** An audience's destinations, for whoever may send them (pm). */
export const GET = route({ access: 'pm', params: audienceParams }, async ({ params }) => ({
  destinations: await listDestinations(params.id),
}));

/**
 * Adds a webhook (its signing secret is in this answer only) or a scheduled CSV export (a bad
 * schedule is refused with why). Destinations are the admin's.
 */
export const POST = route(
  { access: 'admin', params: audienceParams, body: createDestinationBody },
  async ({ params, body, caller }) => {
    const createdBy = caller ? callerName(caller) : undefined;
    const created =
      body.kind === 'csv'
        ? await createCsvDestination(params.id, body, createdBy)
        : await createDestination(params.id, body, createdBy);
    return jsonResponse(created, { status: 201 });
  },
);
