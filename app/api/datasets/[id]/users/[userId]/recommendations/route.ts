import { z } from 'zod';
import { runQuery, userParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { listUserRecommendations } from '@/lib/queries/listUserRecommendations';

const query = runQuery.extend({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const GET = route({ access: 'analyst', params: userParams, query }, ({ params, query }) =>
  listUserRecommendations(params.id, params.userId, query.limit, query.runId),
);
