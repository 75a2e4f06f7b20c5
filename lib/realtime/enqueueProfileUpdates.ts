import type pg from 'pg';
import { getPool } from '@/lib/db/connection';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Told that updates were queued, so an idle updater starts at once rather than at its next poll. */
export const profileUpdateChannel = 'portrait_profile_updates';

let wakeScheduled = false;

/**
 * Wakes the updaters after the transaction that queued updates has committed, once for all the
 * commits of one turn of the event loop. A NOTIFY inside the accepting transaction made every
 * POST's commit, WAL flush included, wait for PostgreSQL's one notify lock in turn: under 50
 * connections most commits sat in "Lock:object". Not awaited: the caller may still hold one of
 * the pool's connections, and a wake that fails is only late, since the updaters also poll.
 */
export function wakeProfileUpdaters(): void {
  if (wakeScheduled) return;
  wakeScheduled = true;
  setImmediate(() => {
    wakeScheduled = false;
    getPool()
      .query('SELECT pg_notify($1, $2)', [profileUpdateChannel, ''])
      .catch(() => {});
  });
}

/**
 * Queues the users of a file import's events batch, when the dataset has an active run to update
 * them against (a first import has none: its training profiles everyone). The caller wakes the
 * updaters once it has committed.
 */
export async function enqueueUsersOfImport(client: Queryable, datasetId: number, importId: number): Promise<number> {
  const result = await client.query(
    `INSERT INTO profile_update_queue (dataset_id, user_id)
     SELECT DISTINCT $1::int, e.user_id FROM events e
     WHERE e.dataset_id = $1 AND e.import_id = $2
       AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = $1 AND d.active_run_id IS NOT NULL)`,
    [datasetId, importId],
  );
  return result.rowCount ?? 0;
}
