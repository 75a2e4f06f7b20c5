import { audienceOptions } from '@/lib/audiences/audienceOptions';
import { datasetQuery } from '@/lib/audiences/audienceRequests';
import { route } from '@/lib/http/route';

/** What the audience editor offers: segments, targets (and which are predictive), event types, categories, attributes. */
export const GET = route({ access: 'analyst', query: datasetQuery }, async ({ query }) =>
  audienceOptions(query.datasetId),
);
