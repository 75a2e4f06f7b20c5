import { audienceParams, updateDestinationBody } from '@/lib/audiences/audienceRequests';
import { deleteDestination, updateCsvDestination } from '@/lib/audiences/destinations/destinationStore';
import { route } from '@/lib/http/route';

/** Pauses or resumes a CSV export, or changes its schedule. Destinations are the admin's. */
export const PATCH = route(
  { access: 'admin', params: audienceParams, body: updateDestinationBody },
  async ({ params, body }) => ({
    destination: await updateCsvDestination(params.id, body),
  }),
);

export const DELETE = route({ access: 'admin', params: audienceParams }, async ({ params, caller }) =>
  deleteDestination(params.id, caller),
);
