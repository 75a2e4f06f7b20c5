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
 * The same lock shared: batches sent over HTTP insert side by side (every insert of theirs is
 * ON CONFLICT, in key order so two batches never wait on each other in a cycle) while imports,
 * erasure and deletion still wait for them, and they for those.
 */
export async function lockDatasetShared(client: pg.PoolClient, datasetId: number): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1::int, $2::int)', [datasetLockSpace, datasetId]);
}
