import type pg from 'pg';
import { numberArrayLiteral } from '@/lib/db/arrayLiteral';

/** Per segment index of a run, how many profiles entered it less how many left. */
export type SegmentSizeChanges = Map<number, number>;

/**
 * Moves a run's segment sizes by `changes` and sets every segment's share (columns and persona)
 * from the new sizes, as recountSegments sets them from the profiles. For a caller holding the
 * run's segment locks (lockRunSegments) that knows where each profile it wrote was before: the
 * sizes stay counts of the profiles without reading them all (recounting 100,000 profiles took
 * 0.36 s of every profile update batch).
 */
export async function resizeSegments(client: Pick<pg.PoolClient, 'query'>, runId: number, changes: SegmentSizeChanges) {
  await client.query(
    `WITH resized AS (
       SELECT s.index, s.size + coalesce(c.change, 0) AS size FROM segments s
       LEFT JOIN unnest($2::int[], $3::int[]) AS c(index, change) ON c.index = s.index
       WHERE s.run_id = $1
     ), total AS (SELECT greatest(sum(size), 1)::float8 AS users FROM resized)
     UPDATE segments s SET size = r.size, share = r.size / total.users,
       persona = s.persona || jsonb_build_object('size', r.size, 'share', r.size / total.users)
     FROM resized r, total WHERE s.run_id = $1 AND s.index = r.index`,
    [runId, numberArrayLiteral([...changes.keys()]), numberArrayLiteral([...changes.values()])],
  );
}

/** The size changes of writing profiles in segments `labels` for users who were in `before` (null: no profile). */
export function segmentSizeChanges(before: (number | null)[], labels: ArrayLike<number>): SegmentSizeChanges {
  const changes: SegmentSizeChanges = new Map();
  for (let u = 0; u < labels.length; u++) {
    const from = before[u];
    if (from === labels[u]) continue;
    if (from !== null) changes.set(from, (changes.get(from) ?? 0) - 1);
    changes.set(labels[u], (changes.get(labels[u]) ?? 0) + 1);
  }
  return changes;
}
