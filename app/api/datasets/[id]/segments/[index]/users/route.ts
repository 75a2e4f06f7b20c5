import { z } from 'zod';
import { runQuery, segmentParams } from '@/lib/http/requestSchemas';
import { pagination, route } from '@/lib/http/route';
import { listSegmentUsers } from '@/lib/queries/listSegmentUsers';

const query = pagination.extend(runQuery.shape).extend({ sort: z.enum(['distance', 'churn']).default('distance') });

export const GET = route({ access: 'analyst', params: segmentParams, query }, ({ params, query }) =>
  listSegmentUsers(params.id, params.index, query),
);
