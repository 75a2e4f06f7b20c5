import { audienceParams, membersQuery } from '@/lib/audiences/audienceRequests';
import { listAudienceMembers } from '@/lib/audiences/readAudiences';
import { route } from '@/lib/http/route';

/** A page of an audience's members (the control group marked, or left out with targetedOnly=true). */
export const GET = route(
  { access: 'analyst', params: audienceParams, query: membersQuery },
  async ({ params, query }) =>
    listAudienceMembers(params.id, { ...query, targetedOnly: query.targetedOnly === 'true' }),
);
