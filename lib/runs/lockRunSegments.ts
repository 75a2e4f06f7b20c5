import type pg from 'pg';

/**
 * Locks the segment rows of `runIds` in (run, index) order, for the rest of the transaction.
 * Everything that moves users between a run's segments or deletes their profiles (assignment,
 * profile updates, erasure) takes these first and the users' profiles after: one order for all of
 * them, so recounted segment sizes never miss a concurrent write and no two of them deadlock.
 */
export async function lockRunSegments(client: pg.PoolClient, runIds: number[]): Promise<void> {
  await client.query('SELECT 1 FROM segments WHERE run_id = ANY($1::int[]) ORDER BY run_id, index FOR UPDATE', [
    runIds,
  ]);
}
