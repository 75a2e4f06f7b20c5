import { datasetSettingsPatch, getDatasetSettings, updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';

export const GET = route({ access: 'admin', params: datasetParams }, ({ params }) => getDatasetSettings(params.id));

/** Purchase types, size floor, horizon, sensitive attributes, display and event retention; the fields sent replace the stored ones. */
export const PATCH = route(
  { access: 'admin', params: datasetParams, body: datasetSettingsPatch },
  ({ caller, params, body }) => updateDatasetSettings(caller, params.id, body),
);
