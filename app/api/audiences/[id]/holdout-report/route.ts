import { audienceParams, holdoutReportQuery } from '@/lib/audiences/audienceRequests';
import { holdoutReport } from '@/lib/audiences/holdoutReport';
import { route } from '@/lib/http/route';

/** The goal event's rate among targeted and held-out members since a date, with intervals and the uplift. */
export const GET = route(
  { access: 'analyst', params: audienceParams, query: holdoutReportQuery },
  async ({ params, query }) =>
    holdoutReport(params.id, { goalEvent: query.goal, since: query.since ? new Date(query.since) : undefined }),
);
