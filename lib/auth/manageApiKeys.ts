import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPrisma } from '@/lib/db/prisma';
import { ApiError } from '@/lib/http/apiError';
import { requireDataset } from '@/lib/queries/requireRun';
import { type ApiKeyScope, type ApiKeySummary, createApiKey, listApiKeys, revokeApiKey } from './apiKeys';

// A dataset's ingest keys as an admin manages them; creating and revoking are audited.

type Actor = Caller | string;

export async function listDatasetApiKeys(datasetId: number): Promise<ApiKeySummary[]> {
  await requireDataset(datasetId);
  return listApiKeys(datasetId);
}

/** The plain key is in the answer once; only its hash is stored. */
export async function createDatasetApiKey(
  actor: Actor,
  datasetId: number,
  name: string,
  scopes: readonly ApiKeyScope[] = ['ingest'],
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const dataset = await requireDataset(datasetId);
  const createdBy = typeof actor === 'string' ? actor : actor.kind === 'account' ? actor.email : undefined;
  const { key, summary } = await createApiKey(dataset.id, name, createdBy, scopes);
  await writeAudit(actor, 'api-key.create', `dataset:${dataset.id}`, {
    keyId: summary.id,
    name: summary.name,
    prefix: summary.prefix,
    scopes: summary.scopes,
  });
  return { key, apiKey: summary };
}

/** Revokes a key; with `datasetId` (the API's path), the key must belong to that dataset. */
export async function revokeDatasetApiKey(actor: Actor, keyId: number, datasetId?: number): Promise<ApiKeySummary> {
  if (datasetId !== undefined) await requireDataset(datasetId);
  const found = await getPrisma().apiKey.findFirst({
    where: { id: keyId, ...(datasetId === undefined ? {} : { datasetId }) },
  });
  if (!found) {
    throw new ApiError(
      'not_found',
      datasetId === undefined ? `No API key ${keyId}` : `Dataset ${datasetId} has no API key ${keyId}`,
    );
  }
  if (found.revokedAt) throw new ApiError('conflict', `API key ${keyId} was already revoked`);
  await revokeApiKey(keyId);
  await writeAudit(actor, 'api-key.revoke', `dataset:${found.datasetId}`, {
    keyId,
    name: found.name,
    prefix: found.prefix,
  });
  const [revoked] = (await listApiKeys(found.datasetId)).filter((key) => key.id === keyId);
  return revoked;
}
