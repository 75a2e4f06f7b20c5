import { audienceParams } from '@/lib/audiences/audienceRequests';
import { listDeliveries } from '@/lib/audiences/destinations/destinationStore';
import { route } from '@/lib/http/route';

/** The delivery log: each send's batches, tries, last answer, and whether it was dead-lettered. */
export const GET = route({ access: 'pm', params: audienceParams }, async ({ params }) => ({
  deliveries: await listDeliveries(params.id),
}));
