import { z } from 'zod';
import { datasetParams, runQuery } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { getMapSample } from '@/lib/queries/getMapSample';

const query = runQuery.extend({ limit: z.coerce.number().int().min(1).max(5000).default(5000) });

export const GET = route({ access: 'analyst', params: datasetParams, query }, ({ params, query }) =>
  getMapSample(params.id, query.limit, query.runId),
);
