import type pg from 'pg';

/**
 * Marks a change to the stored outputs of one of the dataset's runs (segment sizes, personas),
 * inside the caller's transaction, so per-process read caches keyed on the revision drop them.
 */
export async function bumpDatasetRevision(client: Pick<pg.PoolClient, 'query'>, datasetId: number): Promise<void> {
  await client.query('UPDATE datasets SET revision = revision + 1 WHERE id = $1', [datasetId]);
}
