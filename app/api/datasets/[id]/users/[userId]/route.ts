import { route } from '@/lib/http/route';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { runQuery, userParams } from '@/lib/queries/requestSchemas';

export const GET = route({ access: 'analyst', params: userParams, query: runQuery }, ({ params, query }) =>
  getUserProfile(params.id, params.userId, query.runId),
);
