import { getPool } from '@/lib/db/connection';
import { profileUpdateLagColumns } from './profileUpdateLag';

export interface ProfileUpdateStats {
  /** age of the oldest update still queued; 0 when none is */
  lagMs: number;
  /** queued updates (one per user and accepted batch), counted up to 100,000 */
  pending: number;
  /** drained batches that committed in the last hour */
  lastHour: {
    batches: number;
    /** profiles updated (a user in two batches counts twice) */
    users: number;
    usersPerMinute: number;
    /** lag of those batches (oldest queued row to commit), null without batches */
    lagP50Ms: number | null;
    lagP95Ms: number | null;
    lagMaxMs: number | null;
    /** users whose update failed alone and was set aside (setAsideOldestUpdate) */
    setAside: number;
  };
  lastUpdateAt: string | null;
}

/** The overview's real-time figures: how far profile updates are behind now, and the last hour's throughput and lag. */
export async function profileUpdateStats(datasetId: number): Promise<ProfileUpdateStats> {
  const { rows } = await getPool().query<{
    lag_ms: number | null;
    pending: number;
    batches: number;
    users: number;
    p50: number | null;
    p95: number | null;
    max: number | null;
    set_aside: number;
    last_at: Date | null;
  }>(
    `WITH hour AS (
       SELECT users, lag_ms FROM profile_update_batches
       WHERE dataset_id = $1 AND outcome = 'updated' AND finished_at > now() - interval '1 hour')
     SELECT ${profileUpdateLagColumns('$1', 100_000)},
       (SELECT count(*)::int FROM hour) AS batches,
       (SELECT coalesce(sum(users), 0)::int FROM hour) AS users,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) FROM hour) AS p50,
       (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY lag_ms) FROM hour) AS p95,
       (SELECT max(lag_ms) FROM hour) AS max,
       (SELECT count(*)::int FROM profile_update_batches
          WHERE dataset_id = $1 AND outcome = 'failed' AND finished_at > now() - interval '1 hour') AS set_aside,
       (SELECT max(finished_at) FROM profile_update_batches WHERE dataset_id = $1 AND outcome = 'updated') AS last_at`,
    [datasetId],
  );
  const row = rows[0];
  const rounded = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    lagMs: Math.round(row.lag_ms ?? 0),
    pending: row.pending,
    lastHour: {
      batches: row.batches,
      users: row.users,
      usersPerMinute: Math.round((row.users / 60) * 10) / 10,
      lagP50Ms: rounded(row.p50),
      lagP95Ms: rounded(row.p95),
      lagMaxMs: rounded(row.max),
      setAside: row.set_aside,
    },
    lastUpdateAt: row.last_at?.toISOString() ?? null,
  };
}
