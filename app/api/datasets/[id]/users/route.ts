import { z } from 'zod';
import { datasetParams, storableText } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { MAX_ID_LENGTH } from '@/lib/ingest/limits';
import { searchUsers } from '@/lib/queries/searchUsers';

const query = z.object({
  search: storableText.trim().min(1, 'type the start of a user id').max(MAX_ID_LENGTH),
  limit: z.coerce.number().int().min(1).max(20).default(20),
});

export const GET = route({ access: 'analyst', params: datasetParams, query }, ({ params, query }) =>
  searchUsers(params.id, query.search, query.limit),
);
