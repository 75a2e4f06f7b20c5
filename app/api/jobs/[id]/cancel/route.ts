import { z } from 'zod';
import { idParam, route } from '@/lib/http/route';
import { cancelJob } from '@/lib/jobs/cancelJob';

export const POST = route(
  { access: 'admin', params: z.object({ id: idParam }), demoMayCall: true },
  async ({ caller, params }) => ({
    job: await cancelJob(caller, params.id),
  }),
);
