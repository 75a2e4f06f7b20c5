import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { getPool } from '@/lib/db/connection';
import { listDatasetFiles, removeDatasetFiles } from './datasetFiles';
import { eventPartitionName } from './eventPartition';
import { lockDataset } from './lockDataset';

export interface DeletedDataset {
  id: number;
  name: string;
  events: number;
  /** files and folders removed with it: exports, uploads, reject files */
  files: number;
}

/**
 * Deletes the dataset called `dataset` (or with id `dataset` when a number) with everything in it
 * (users, items, events, runs, imports, API keys and jobs cascade; so do the import jobs that
 * created it), removes the files Portrait kept for it (member and persona exports, uploads,
 * reject files), and writes the audit log.
 * Waits for a running import into it to finish. Returns null when there is none.
 */
export async function deleteDataset(
  dataset: string | number,
  actor: Caller | string | null = null,
): Promise<DeletedDataset | null> {
  const client = await getPool().connect();
  let deleted: DeletedDataset;
  let files: string[] = [];
  try {
    await client.query('BEGIN');
    const found =
      typeof dataset === 'number'
        ? await client.query<{ id: number; name: string }>('SELECT id, name FROM datasets WHERE id = $1', [dataset])
        : await client.query<{ id: number; name: string }>('SELECT id, name FROM datasets WHERE name = $1', [
            dataset.trim(),
          ]);
    if (found.rows.length === 0) {
      await client.query('ROLLBACK');
      return null;
    }
    const { id } = found.rows[0];
    await lockDataset(client, id);
    const events = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM events WHERE dataset_id = $1',
      [id],
    );
    const name = found.rows[0].name;
    files = await listDatasetFiles(client, { id, name });
    // an import that created the dataset was queued before it had an id: its job names it instead
    await client.query(
      `DELETE FROM jobs WHERE dataset_id IS NULL AND type = 'import' AND payload->>'datasetName' = $1
         AND status NOT IN ('queued', 'running')`,
      [name],
    );
    // dropping its partition is instant, where the cascade would delete its events one by one
    await client.query(`DROP TABLE IF EXISTS ${eventPartitionName(id)}`);
    await client.query('DELETE FROM datasets WHERE id = $1', [id]);
    await client.query('COMMIT');
    forgetCachedDatasets();
    deleted = { id, name, events: events.rows[0].count, files: 0 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  deleted.files = await removeDatasetFiles(files);
  await writeAudit(actor, 'dataset.delete', `dataset:${deleted.id}`, {
    name: deleted.name,
    events: deleted.events,
    files: deleted.files,
  });
  return deleted;
}
