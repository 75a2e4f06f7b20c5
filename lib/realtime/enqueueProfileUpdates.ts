import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Told (on commit) that updates were queued, so an idle updater starts at once rather than at its next poll. */
export const profileUpdateChannel = 'portrait_profile_updates';

async function wakeUpdaters(client: Queryable, queued: number): Promise<number> {
  if (queued > 0) await client.query('SELECT pg_notify($1, $2)', [profileUpdateChannel, '']);
  return queued;
}

/**
 * Queues the profile update of `userIds` inside the caller's transaction, so the events and the
 * promise to follow them commit together: a crash after the commit leaves the rows for the next
 * worker, a rollback leaves neither.
 */
export async function enqueueProfileUpdates(client: Queryable, datasetId: number, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO profile_update_queue (dataset_id, user_id) SELECT DISTINCT $1::int, u FROM unnest($2::text[]) AS u`,
    [datasetId, userIds],
  );
  return wakeUpdaters(client, result.rowCount ?? 0);
}

/**
 * Queues the users of a file import's events batch, when the dataset has an active run to update
 * them against (a first import has none: its training profiles everyone).
 */
export async function enqueueUsersOfImport(client: Queryable, datasetId: number, importId: number): Promise<number> {
  const result = await client.query(
    `INSERT INTO profile_update_queue (dataset_id, user_id)
     SELECT DISTINCT $1::int, e.user_id FROM events e
     WHERE e.dataset_id = $1 AND e.import_id = $2
       AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = $1 AND d.active_run_id IS NOT NULL)`,
    [datasetId, importId],
  );
  return wakeUpdaters(client, result.rowCount ?? 0);
}
