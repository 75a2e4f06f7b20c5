import type pg from 'pg';

// The first key of Portrait's two-key advisory locks on datasets ("Pdat").
const datasetLockSpace = 0x50646174;

/**
 * Holds the dataset's advisory lock until the transaction ends, so imports, API ingestion and
 * deletion of one dataset take turns: an import can then insert without ON CONFLICT races.
 */
export async function lockDataset(client: pg.PoolClient, datasetId: number): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [datasetLockSpace, datasetId]);
}

/**
 * BEGIN, a limit on the wait and the same lock shared, then whether the dataset exists, in one
 * round trip: the first of an events POST, whose throughput under load is counted in round trips.
 * Shared, batches sent over HTTP insert side by side (every insert of theirs is ON CONFLICT, in the
 * order of the unique index, so two batches never wait on each other in a cycle) while imports, erasure and deletion
 * still wait for them, and they for those.
 */
export async function beginWithDatasetSharedLock(
  client: pg.PoolClient,
  datasetId: number,
  lockTimeoutMs: number,
): Promise<boolean> {
  const id = Math.trunc(datasetId);
  const results = (await client.query(
    `BEGIN; SET LOCAL lock_timeout = '${Math.max(1, Math.round(lockTimeoutMs))}ms';
     SELECT pg_advisory_xact_lock_shared(${datasetLockSpace}, ${id});
     SELECT 1 FROM datasets WHERE id = ${id}`,
  )) as unknown as pg.QueryResult[];
  return (results[3]?.rowCount ?? 0) > 0;
}
