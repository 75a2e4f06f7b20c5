import { z } from 'zod';
import { listAudienceMembers } from '@/lib/audiences/readAudiences';
import { idParam, pagination, route } from '@/lib/http/route';

const params = z.object({ id: idParam, audienceId: idParam });

/** The targeted members of an audience, a page at a time (the control group is never listed here). */
export const GET = route(
  { access: 'profilesKey', params, query: pagination, datasetOf: (p) => p.id },
  async ({ params, query }) => {
    const page = await listAudienceMembers(params.audienceId, { ...query, targetedOnly: true, datasetId: params.id });
    return {
      audienceId: page.audienceId,
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      userIds: page.members.map((member) => member.userId),
    };
  },
);
