import { getPool } from '@/lib/db/connection';
import { type AudienceCondition, leafConditions, mapLeaves, type SegmentCondition } from './audienceDefinition';

/** Below this share of the old segment's users in its best new match, the match is called weak. */
export const weakMatchShare = 0.5;

export interface SegmentMatchNote {
  kind: 'segmentMatch';
  from: { runId: number; segmentIndex: number; persona: string | null };
  to: { runId: number; segmentIndex: number; persona: string };
  /** users of the old segment that are in the new one, and the old segment's size */
  shared: number;
  oldSize: number;
  weak: boolean;
  message: string;
}

async function matchOne(condition: SegmentCondition, runId: number): Promise<SegmentMatchNote> {
  const pool = getPool();
  const { rows } = await pool.query<{ segment_index: number; shared: number; old_size: number; name: string }>(
    `WITH old AS (SELECT user_id FROM user_profiles WHERE run_id = $1 AND segment_index = $2)
     SELECT n.segment_index, count(*)::int AS shared, (SELECT count(*)::int FROM old) AS old_size, s.name
     FROM old JOIN user_profiles n ON n.run_id = $3 AND n.user_id = old.user_id
     JOIN segments s ON s.run_id = n.run_id AND s.index = n.segment_index
     GROUP BY n.segment_index, s.name ORDER BY shared DESC, n.segment_index LIMIT 1`,
    [condition.runId, condition.segmentIndex, runId],
  );
  const from = { runId: condition.runId, segmentIndex: condition.segmentIndex, persona: condition.persona ?? null };
  const best = rows[0];
  if (best) {
    const share = best.shared / Math.max(1, best.old_size);
    const weak = share < weakMatchShare;
    const percent = Math.round(share * 100);
    return {
      kind: 'segmentMatch',
      from,
      to: { runId, segmentIndex: best.segment_index, persona: best.name },
      shared: best.shared,
      oldSize: best.old_size,
      weak,
      message: `"${from.persona ?? `segment ${from.segmentIndex}`}" is now "${best.name}": ${percent}% of its ${best.old_size} users are in it${weak ? ' (a weak match: check the audience)' : ''}`,
    };
  }
  // The old run kept no profiles (erased, or never profiled): the persona name is all there is.
  const { rows: named } = await pool.query<{ index: number; name: string }>(
    'SELECT index, name FROM segments WHERE run_id = $1 AND ($2::text IS NULL OR name = $2) ORDER BY (name = $2) DESC, index = $3 DESC LIMIT 1',
    [runId, condition.persona ?? null, condition.segmentIndex],
  );
  const fallback = named[0] ?? {
    index: condition.segmentIndex,
    name: condition.persona ?? `segment ${condition.segmentIndex}`,
  };
  return {
    kind: 'segmentMatch',
    from,
    to: { runId, segmentIndex: fallback.index, persona: fallback.name },
    shared: 0,
    oldSize: 0,
    weak: true,
    message: `"${from.persona ?? `segment ${from.segmentIndex}`}" could not be matched by shared users (run ${from.runId} has no profiles left); it now means "${fallback.name}" by ${named[0] ? 'name' : 'position'} (a weak match: check the audience)`,
  };
}

/**
 * Points every segment condition at `runId`: each old segment becomes the new segment holding
 * most of its users, with a note per match (weak when under half of them moved together).
 */
export async function matchSegmentsToRun(
  root: AudienceCondition,
  runId: number,
): Promise<{ root: AudienceCondition; notes: SegmentMatchNote[] }> {
  const stale = leafConditions(root).filter(
    (leaf): leaf is SegmentCondition => leaf.kind === 'segment' && leaf.runId !== runId,
  );
  if (!stale.length) return { root, notes: [] };
  const matches = new Map<string, SegmentMatchNote>();
  for (const condition of stale) {
    const key = `${condition.runId}:${condition.segmentIndex}`;
    if (!matches.has(key)) matches.set(key, await matchOne(condition, runId));
  }
  const matched = mapLeaves(root, (leaf) => {
    if (leaf.kind !== 'segment' || leaf.runId === runId) return leaf;
    const note = matches.get(`${leaf.runId}:${leaf.segmentIndex}`) as SegmentMatchNote;
    return { kind: 'segment', runId, segmentIndex: note.to.segmentIndex, persona: note.to.persona };
  });
  return { root: matched, notes: [...matches.values()] };
}
