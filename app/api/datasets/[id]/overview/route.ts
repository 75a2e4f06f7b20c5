import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { getDatasetOverview } from '@/lib/queries/getDatasetOverview';

export const GET = route({ access: 'analyst', params: datasetParams }, ({ params }) => getDatasetOverview(params.id));
