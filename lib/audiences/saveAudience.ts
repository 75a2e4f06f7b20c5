import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { loadAudienceContext } from './audienceContext';
import type { AudienceDefinition } from './audienceDefinition';
import { type Audience, requireAudience } from './audienceRow';
import { checkAudienceDefinition } from './checkAudienceDefinition';
import { matchSegmentsToRun } from './matchSegments';
import { recomputeAudience } from './recomputeAudience';

export interface AudienceInput {
  name: string;
  description?: string;
  definition: AudienceDefinition;
  holdoutShare?: number;
  holdoutSeed?: number;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/** Saves a new audience after checking it against the active run, and materialises its members. */
export async function createAudience(datasetId: number, input: AudienceInput, createdBy?: string): Promise<Audience> {
  const context = await loadAudienceContext(datasetId);
  const { root } = await matchSegmentsToRun(input.definition.root, context.runId);
  await checkAudienceDefinition(root, context.runId);
  const definition = { ...input.definition, root };
  let id: number;
  try {
    const { rows } = await getPool().query<{ id: number }>(
      `INSERT INTO audiences (dataset_id, name, description, kind, definition, holdout_share, holdout_seed, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        datasetId,
        input.name,
        input.description ?? '',
        definition.lookalike ? 'lookalike' : 'rules',
        JSON.stringify(definition),
        input.holdoutShare ?? 0,
        input.holdoutSeed ?? 1,
        createdBy ?? null,
      ],
    );
    id = rows[0].id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('conflict', `An audience named "${input.name}" already exists`);
    throw error;
  }
  await recomputeAudience(id, 'created', { context });
  await writeAudit(createdBy ?? null, 'audience.create', `audience:${id}`, { name: input.name, datasetId });
  return requireAudience(id);
}

/** Changes an audience's name, definition or control group, then recomputes its members. */
export async function updateAudience(audienceId: number, input: Partial<AudienceInput>): Promise<Audience> {
  const current = await requireAudience(audienceId);
  const context = await loadAudienceContext(current.datasetId);
  let definition = current.definition;
  if (input.definition) {
    const { root } = await matchSegmentsToRun(input.definition.root, context.runId);
    await checkAudienceDefinition(root, context.runId);
    definition = { ...input.definition, root };
  }
  try {
    await getPool().query(
      `UPDATE audiences SET name = $2, description = $3, definition = $4, kind = $5, holdout_share = $6,
         holdout_seed = $7, updated_at = now() WHERE id = $1`,
      [
        audienceId,
        input.name ?? current.name,
        input.description ?? current.description,
        JSON.stringify(definition),
        definition.lookalike ? 'lookalike' : 'rules',
        input.holdoutShare ?? current.holdoutShare,
        input.holdoutSeed ?? current.holdoutSeed,
      ],
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('conflict', `An audience named "${input.name}" already exists`);
    throw error;
  }
  const reason = input.definition ? 'edit' : 'holdout';
  if (input.definition || input.holdoutShare !== undefined || input.holdoutSeed !== undefined) {
    await recomputeAudience(audienceId, reason, { context });
  }
  return requireAudience(audienceId);
}

/**
 * Deletes an audience. One that sends to destinations (the admin's, as they carry member ids out
 * of Portrait) takes them with it, so only an admin may delete it.
 */
export async function deleteAudience(audienceId: number, caller: Caller | null): Promise<{ deleted: number }> {
  const audience = await requireAudience(audienceId);
  const { rows } = await getPool().query<{ count: number }>(
    'SELECT count(*)::int AS count FROM destinations WHERE audience_id = $1',
    [audienceId],
  );
  const destinations = rows[0].count;
  if (destinations > 0 && !(caller?.kind === 'account' && caller.role === 'admin'))
    throw new ApiError(
      'forbidden',
      `Audience "${audience.name}" sends to ${destinations === 1 ? 'a destination' : `${destinations} destinations`}, which only an admin may remove: only an admin may delete it`,
    );
  await getPool().query('DELETE FROM audiences WHERE id = $1', [audienceId]);
  await writeAudit(caller, 'audience.delete', `audience:${audienceId}`, {
    name: audience.name,
    datasetId: audience.datasetId,
    destinations,
  });
  return { deleted: audienceId };
}
