import { z } from 'zod';
import { revokeDatasetApiKey } from '@/lib/auth/manageApiKeys';
import { idParam, route } from '@/lib/http/route';

const params = z.object({ id: idParam, keyId: idParam });

/** Revokes the key: its next request answers 401. */
export const DELETE = route({ access: 'admin', params }, async ({ caller, params }) => ({
  apiKey: await revokeDatasetApiKey(caller, params.keyId, params.id),
}));
