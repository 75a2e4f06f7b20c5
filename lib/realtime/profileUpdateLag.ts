import { getPool } from '@/lib/db/connection';

export interface ProfileUpdateLag {
  /** age of the oldest profile update still queued for the dataset; 0 when none is */
  lagMs: number;
  /** queued updates (one per user and accepted batch), counted up to `pendingCap` */
  pending: number;
}

/** The header of an events POST's answer that says how far profile updates are behind (milliseconds). */
export const updateLagHeader = 'Portrait-Update-Lag-Ms';

/**
 * Every POST's answer counts the queue this far: behind an 80,000-row backlog a count to 100,000
 * cost the server 11 ms per POST (a quarter of a core at 40 POSTs/s, the most frequent statement
 * of bench:realtime), to 1,000 under 1 ms; the lag, not the count, is what a sender slows down by.
 */
const pendingCap = 1_000;

/** How far the dataset's profiles are behind the events accepted for them. */
export async function profileUpdateLag(datasetId: number): Promise<ProfileUpdateLag> {
  const { rows } = await getPool().query<{ lag_ms: number | null; pending: number }>(
    `SELECT (SELECT greatest(0, extract(epoch FROM clock_timestamp() - min(enqueued_at)) * 1000)::float8
             FROM profile_update_queue WHERE dataset_id = $1) AS lag_ms,
            (SELECT count(*)::int FROM (SELECT 1 FROM profile_update_queue WHERE dataset_id = $1 LIMIT $2) q) AS pending`,
    [datasetId, pendingCap],
  );
  return { lagMs: Math.round(rows[0]?.lag_ms ?? 0), pending: rows[0]?.pending ?? 0 };
}
