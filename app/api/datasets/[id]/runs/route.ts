import { z } from 'zod';
import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { listRuns } from '@/lib/queries/listRuns';

const query = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const GET = route({ access: 'analyst', params: datasetParams, query }, ({ params, query }) =>
  listRuns(params.id, query.limit),
);
