import { z } from 'zod';
import { apiKeyScopes } from '@/lib/auth/apiKeys';
import { createDatasetApiKey, listDatasetApiKeys } from '@/lib/auth/manageApiKeys';
import { datasetParams } from '@/lib/http/requestSchemas';
import { jsonResponse, route } from '@/lib/http/route';

export const GET = route({ access: 'admin', params: datasetParams }, async ({ params }) => ({
  apiKeys: await listDatasetApiKeys(params.id),
}));

const newKey = z.object({
  name: z.string().trim().min(1).max(100).default('ingest'),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length).default(['ingest']),
});

/** The key itself is in this answer only; it is stored hashed. Scopes: ingest, profiles:read. */
export const POST = route({ access: 'admin', params: datasetParams, body: newKey }, async ({ caller, params, body }) =>
  jsonResponse(await createDatasetApiKey(caller, params.id, body.name, body.scopes), { status: 201 }),
);
