import { z } from 'zod';
import { ApiError } from '@/lib/http/apiError';
import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';
import { AssignmentError, assignToActiveRun } from '@/lib/training/assignToActiveRun';

const body = z
  .object({
    users: z.array(z.string().min(1).max(MAX_ID_LENGTH)).min(1).max(10_000).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((value) => !(value.users && value.since), { message: 'send users or since, not both' });

/**
 * Incremental assignment: re-profiles the named users (or those with events since a time, or
 * with new events since the active run) against the active run and updates their segment.
 * An admin session or the dataset's API key.
 */
export const POST = route(
  { access: 'apiKey', params: datasetParams, body, datasetOf: (p) => p.id },
  async ({ params, body }) => {
    try {
      return await assignToActiveRun(params.id, {
        userIds: body.users,
        since: body.since ? new Date(body.since) : undefined,
      });
    } catch (error) {
      if (!(error instanceof AssignmentError)) throw error;
      throw new ApiError(error.reason === 'no_dataset' ? 'not_found' : 'conflict', error.message, {
        reason: error.reason,
      });
    }
  },
);
