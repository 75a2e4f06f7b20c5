import { getPool } from '@/lib/db/connection';
import type { AudienceContext } from './audienceContext';
import type { AudienceCondition } from './audienceDefinition';
import { audienceQuery } from './audienceQuery';
import { loadProfileVectors } from './loadProfileVectors';
import { rankLookalikes } from './rankLookalikes';

export interface Lookalikes {
  /** nearest first */
  userIds: string[];
  seedSize: number;
  ms: number;
}

/** Users like the members of `seed` (an audience's or a segment's conditions), nearest first, seed excluded. */
export async function findLookalikes(
  context: AudienceContext,
  seed: AudienceCondition,
  size: number,
): Promise<Lookalikes> {
  const started = performance.now();
  const query = audienceQuery(seed, context);
  const [{ rows: seedRows }, profiles] = await Promise.all([
    getPool().query<{ user_id: string }>(query.text, query.values),
    loadProfileVectors(context.runId),
  ]);
  return {
    ...lookalikesOf(profiles, new Set(seedRows.map((row) => row.user_id)), size),
    ms: Math.round(performance.now() - started),
  };
}

/** The lookalikes of a set of seed users among loaded profiles. */
export function lookalikesOf(
  profiles: Awaited<ReturnType<typeof loadProfileVectors>>,
  seedIds: Set<string>,
  size: number,
): { userIds: string[]; seedSize: number } {
  const isSeed = Uint8Array.from(profiles.userIds, (userId) => (seedIds.has(userId) ? 1 : 0));
  const ranked = rankLookalikes(profiles.vectors, profiles.dims, isSeed, size);
  return {
    userIds: Array.from(ranked.rows, (row) => profiles.userIds[row]),
    seedSize: isSeed.reduce((a, b) => a + b, 0),
  };
}
