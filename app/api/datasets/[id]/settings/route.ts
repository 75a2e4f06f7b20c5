import type { Caller } from '@/lib/auth/caller';
import { datasetSettingsPatch, getDatasetSettings, updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { route } from '@/lib/http/route';
import { datasetParams } from '@/lib/http/requestSchemas';

export const GET = route({ access: 'admin', params: datasetParams }, ({ params }) => getDatasetSettings(params.id));

/** Purchase types, size floor, horizon and sensitive attributes; the fields sent replace the stored ones. */
export const PATCH = route(
  { access: 'admin', params: datasetParams, body: datasetSettingsPatch },
  ({ caller, params, body }) => updateDatasetSettings(caller as Caller, params.id, body),
);
