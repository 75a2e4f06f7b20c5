import { route } from '@/lib/http/route';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { runQuery, segmentParams } from '@/lib/http/requestSchemas';

export const GET = route({ access: 'analyst', params: segmentParams, query: runQuery }, ({ params, query }) =>
  getSegmentDetail(params.id, params.index, query.runId),
);
