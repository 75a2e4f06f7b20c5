import { runQuery, segmentParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';

export const GET = route({ access: 'analyst', params: segmentParams, query: runQuery }, ({ params, query }) =>
  getSegmentDetail(params.id, params.index, query.runId),
);
