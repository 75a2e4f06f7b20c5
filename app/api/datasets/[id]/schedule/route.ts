import { z } from 'zod';
import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { getDatasetSchedule, setDatasetSchedule } from '@/lib/jobs/datasetSchedule';

export const GET = route({ access: 'admin', params: datasetParams }, ({ params }) => getDatasetSchedule(params.id));

const scheduleBody = z.object({ cron: z.string().max(200).nullable() });

export const PUT = route({ access: 'admin', params: datasetParams, body: scheduleBody }, ({ caller, params, body }) =>
  setDatasetSchedule(caller, params.id, body.cron),
);
