import { datasetParams, runQuery } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { listSegments } from '@/lib/queries/listSegments';

export const GET = route({ access: 'analyst', params: datasetParams, query: runQuery }, ({ params, query }) =>
  listSegments(params.id, query.runId),
);
