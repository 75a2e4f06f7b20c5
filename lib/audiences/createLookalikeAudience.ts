import { getPool } from '@/lib/db/connection';
import { loadAudienceContext } from './audienceContext';
import type { AudienceCondition } from './audienceDefinition';
import { type Audience, requireAudience } from './audienceRow';
import { createAudience } from './saveAudience';

/**
 * Saves "users like these": the `size` users nearest to the seed in profile space, seed
 * excluded, as an audience that a retrain recomputes from the seed's conditions.
 */
export async function createLookalikeAudience(
  datasetId: number,
  input: { name: string; seed: { audienceId: number } | { segmentIndex: number }; size: number },
  createdBy?: string,
): Promise<Audience> {
  let root: AudienceCondition;
  let description: string;
  if ('audienceId' in input.seed) {
    const seed = await requireAudience(input.seed.audienceId, datasetId);
    root = seed.definition.root;
    description = `The ${input.size} users most like the members of "${seed.name}"`;
  } else {
    const context = await loadAudienceContext(datasetId);
    const { rows } = await getPool().query<{ name: string }>(
      'SELECT name FROM segments WHERE run_id = $1 AND index = $2',
      [context.runId, input.seed.segmentIndex],
    );
    const persona = rows[0]?.name;
    root = {
      kind: 'segment',
      runId: context.runId,
      segmentIndex: input.seed.segmentIndex,
      ...(persona ? { persona } : {}),
    };
    description = `The ${input.size} users most like ${persona ? `"${persona}"` : `segment ${input.seed.segmentIndex}`}`;
  }
  return createAudience(
    datasetId,
    { name: input.name, description, definition: { version: 1, root, lookalike: { size: input.size } } },
    createdBy,
  );
}
