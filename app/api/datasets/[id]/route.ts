import { deleteDataset } from '@/lib/datasets/deleteDataset';
import { ApiError } from '@/lib/http/apiError';
import { datasetParams } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';

/** Deletes the dataset with its users, items, events, runs, API keys and jobs (audited). */
export const DELETE = route({ access: 'admin', params: datasetParams }, async ({ caller, params }) => {
  const deleted = await deleteDataset(params.id, caller);
  if (!deleted) throw new ApiError('not_found', `Dataset ${params.id} does not exist`);
  return { deleted };
});
