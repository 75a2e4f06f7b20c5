import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { createDatasetApiKey, listDatasetApiKeys } from '@/lib/auth/manageApiKeys';
import { jsonResponse, route } from '@/lib/http/route';
import { datasetParams } from '@/lib/http/requestSchemas';

export const GET = route({ access: 'admin', params: datasetParams }, async ({ params }) => ({
  apiKeys: await listDatasetApiKeys(params.id),
}));

const newKey = z.object({ name: z.string().trim().min(1).max(100).default('ingest') });

/** The key itself is in this answer only; it is stored hashed. */
export const POST = route({ access: 'admin', params: datasetParams, body: newKey }, async ({ caller, params, body }) =>
  jsonResponse(await createDatasetApiKey(caller as Caller, params.id, body.name), { status: 201 }),
);
