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

/**
 * The lag's two columns for a SELECT over the dataset whose id is `datasetId` (a bind parameter
 * such as `$1`): lag_ms and pending (counted up to `countUpTo`), as profileUpdateLag reads them. An
 * events POST reads them in the statement that queues its own updates, which it then adds to pending.
 */
export function profileUpdateLagColumns(datasetId: string, countUpTo = pendingCap): string {
  return `(SELECT greatest(0, extract(epoch FROM clock_timestamp() - min(enqueued_at)) * 1000)::float8
             FROM profile_update_queue WHERE dataset_id = ${datasetId}) AS lag_ms,
          (SELECT count(*)::int FROM (SELECT 1 FROM profile_update_queue WHERE dataset_id = ${datasetId} LIMIT ${Math.trunc(countUpTo)}) q) AS pending`;
}

/** The lag from profileUpdateLagColumns' row, with `queued` more updates just queued. */
export function profileUpdateLagOf(row: { lag_ms: number | null; pending: number }, queued = 0): ProfileUpdateLag {
  return { lagMs: Math.round(row.lag_ms ?? 0), pending: Math.min(pendingCap, row.pending + queued) };
}

/** How far the dataset's profiles are behind the events accepted for them. */
export async function profileUpdateLag(datasetId: number): Promise<ProfileUpdateLag> {
  const { rows } = await getPool().query<{ lag_ms: number | null; pending: number }>(
    `SELECT ${profileUpdateLagColumns('$1')}`,
    [datasetId],
  );
  return rows[0] ? profileUpdateLagOf(rows[0]) : { lagMs: 0, pending: 0 };
}
