import { getPool } from '@/lib/db/connection';
import type { Audience } from './audienceRow';

// Counting an audience's targeted members reads every member row (8 ms for 16,000 members), more
// than the page itself costs once it is read by a cursor. Membership only changes where the
// audience row changes too (a recompute stamps computed_at and size, an erasure lowers size), so
// the count is kept per process for that version of the row.
const cache = new Map<number, { version: string; count: number }>();
const cacheLimit = 1000;

function versionOf(audience: Audience): string {
  return `${audience.computedAt}|${audience.size}|${audience.holdoutShare}|${audience.holdoutSeed}`;
}

/** How many members of the audience are targeted (not in the control group). */
export async function targetedMemberCount(audience: Audience): Promise<number> {
  const version = versionOf(audience);
  const cached = cache.get(audience.id);
  if (cached?.version === version) return cached.count;
  const { rows } = await getPool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audience_members WHERE audience_id = $1 AND NOT holdout',
    [audience.id],
  );
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as number);
  cache.set(audience.id, { version, count: rows[0].n });
  return rows[0].n;
}
