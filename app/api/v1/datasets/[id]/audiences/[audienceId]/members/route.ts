import { z } from 'zod';
import { listAudienceMembers } from '@/lib/audiences/readAudiences';
import { storableText } from '@/lib/http/requestSchemas';
import { idParam, pagination, route } from '@/lib/http/route';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';

const params = z.object({ id: idParam, audienceId: idParam });
const query = pagination.extend({
  /** a cursor: the members after this user id (the previous answer's nextAfter); page is then ignored */
  after: storableText.min(1).max(MAX_ID_LENGTH).optional(),
});

/**
 * The targeted members of an audience, a page at a time (the control group is never listed here).
 * `nextAfter` pages on by cursor, which costs the same on the last page as on the first.
 */
export const GET = route(
  { access: 'profilesKey', params, query, datasetOf: (p) => p.id },
  async ({ params, query }) => {
    const page = await listAudienceMembers(params.audienceId, { ...query, targetedOnly: true, datasetId: params.id });
    return {
      audienceId: page.audienceId,
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      userIds: page.members.map((member) => member.userId),
      nextAfter: page.members.length === page.pageSize ? (page.members.at(-1)?.userId ?? null) : null,
    };
  },
);
