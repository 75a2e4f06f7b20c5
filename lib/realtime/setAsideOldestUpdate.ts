import { inTransaction } from '@/lib/db/inTransaction';

export interface SetAsideUpdate {
  datasetId: number;
  userId: string;
}

/**
 * Takes the oldest queued profile update and every other queued row of its user out of the
 * queue, recorded as a failed batch: for an update that fails alone, for a reason retrying will
 * not change, so the updates queued behind it go on. The user's events stay stored; their
 * profile follows again with their next event or the next retrain.
 */
export async function setAsideOldestUpdate(): Promise<SetAsideUpdate | null> {
  return inTransaction(async (client) => {
    const { rows: oldest } = await client.query<{ dataset_id: number; user_id: string; enqueued_at: Date }>(
      `SELECT dataset_id, user_id, enqueued_at FROM profile_update_queue
       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (oldest.length === 0) return null;
    const { dataset_id: datasetId, user_id: userId, enqueued_at: enqueuedAt } = oldest[0];
    await client.query('DELETE FROM profile_update_queue WHERE dataset_id = $1 AND user_id = $2', [datasetId, userId]);
    await client.query(
      `INSERT INTO profile_update_batches (dataset_id, run_id, users, lag_ms, ms, outcome)
       VALUES ($1, NULL, 1, greatest(0, extract(epoch FROM clock_timestamp() - $2::timestamptz) * 1000)::int, 0, 'failed')`,
      [datasetId, enqueuedAt],
    );
    return { datasetId, userId };
  });
}
