import { z } from 'zod';
import { idParam, route } from '@/lib/http/route';
import { getJobDetail } from '@/lib/jobs/listJobs';

export const GET = route({ access: 'admin', params: z.object({ id: idParam }) }, async ({ params }) => ({
  job: await getJobDetail(params.id),
}));
