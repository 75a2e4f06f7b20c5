import { profileForApps } from '@/lib/audiences/profileForApps';
import { userParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';

/**
 * A user's segment and persona, trusted scores with their hold-out quality, targeted audiences and
 * top recommendations, for apps: an API key with the profiles:read scope, or any account.
 */
export const GET = route({ access: 'profilesKey', params: userParams, datasetOf: (p) => p.id }, async ({ params }) =>
  profileForApps(params.id, params.userId),
);
