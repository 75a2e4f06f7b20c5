import { ApiError } from '@/lib/http/apiError';
import { runQuery, userParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { eraseTrackedUser } from '@/lib/privacy/eraseTrackedUser';
import { getUserProfile } from '@/lib/queries/getUserProfile';

export const GET = route({ access: 'analyst', params: userParams, query: runQuery }, ({ params, query }) =>
  getUserProfile(params.id, params.userId, query.runId),
);

/**
 * Erases the tracked user (privacy request): events, attributes, profiles, scores,
 * recommendations and mentions in stored personas. Audited under a hash of the id.
 */
export const DELETE = route({ access: 'admin', params: userParams }, async ({ caller, params }) => {
  const erased = await eraseTrackedUser(caller, params.id, params.userId);
  if (!erased) throw new ApiError('not_found', `Dataset ${params.id} has no user "${params.userId}"`);
  return { erased };
});
