import { audienceParams } from '@/lib/audiences/audienceRequests';
import { deleteDestination } from '@/lib/audiences/destinations/destinationStore';
import { route } from '@/lib/http/route';

export const DELETE = route({ access: 'admin', params: audienceParams }, async ({ params }) =>
  deleteDestination(params.id),
);
