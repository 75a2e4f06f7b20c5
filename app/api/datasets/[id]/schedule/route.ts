import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { route } from '@/lib/http/route';
import { getDatasetSchedule, setDatasetSchedule } from '@/lib/jobs/datasetSchedule';
import { datasetParams } from '@/lib/http/requestSchemas';

export const GET = route({ access: 'admin', params: datasetParams }, ({ params }) => getDatasetSchedule(params.id));

const scheduleBody = z.object({ cron: z.string().max(200).nullable() });

export const PUT = route({ access: 'admin', params: datasetParams, body: scheduleBody }, ({ caller, params, body }) =>
  setDatasetSchedule(caller as Caller, params.id, body.cron),
);
