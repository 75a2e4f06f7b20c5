import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { getPool } from '@/lib/db/connection';
import { lockDataset } from './lockDataset';

export interface DeletedDataset {
  id: number;
  name: string;
  events: number;
}

/**
 * Deletes the dataset called `dataset` (or with id `dataset` when a number) with everything in it
 * (users, items, events, runs, imports, API keys and jobs cascade), and writes the audit log.
 * Waits for a running import into it to finish. Returns null when there is none.
 */
export async function deleteDataset(
  dataset: string | number,
  actor: Caller | string | null = null,
): Promise<DeletedDataset | null> {
  const client = await getPool().connect();
  let deleted: DeletedDataset;
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
    await client.query('DELETE FROM datasets WHERE id = $1', [id]);
    await client.query('COMMIT');
    forgetCachedDatasets();
    deleted = { id, name: found.rows[0].name, events: events.rows[0].count };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  await writeAudit(actor, 'dataset.delete', `dataset:${deleted.id}`, { name: deleted.name, events: deleted.events });
  return deleted;
}
