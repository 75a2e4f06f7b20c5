import { writeAudit } from '@/lib/audit/writeAudit';
import { getPool } from '@/lib/db/connection';
import { readRetentionDays } from './retentionSettings';

const dayMs = 86_400_000;
/** rows per DELETE: short transactions, so imports and reads of the dataset are not held up */
const batchRows = 50_000;

export interface RetentionOutcome {
  datasetId: number;
  retentionDays: number | null;
  /** events older than this were deleted; null when the dataset keeps every event */
  cutoff: Date | null;
  deleted: number;
}

/**
 * Deletes a dataset's events older than its retention setting, in batches of 50,000 by their
 * unique (user_id, ts, fingerprint). A DELETE rather than dropping time partitions: a dataset's
 * events are one partition of `events` (by dataset), attached whole by the bulk import. Users, their
 * attributes and the stored runs stay; the next retrain sees only the kept events.
 */
export async function applyEventRetention(
  datasetId: number,
  options: { now?: Date; actor?: string } = {},
): Promise<RetentionOutcome> {
  const retentionDays = await readRetentionDays(datasetId);
  if (retentionDays === null) return { datasetId, retentionDays, cutoff: null, deleted: 0 };
  const cutoff = new Date((options.now ?? new Date()).getTime() - retentionDays * dayMs);
  const pool = getPool();
  let deleted = 0;
  for (;;) {
    const result = await pool.query(
      `DELETE FROM events WHERE dataset_id = $1 AND (user_id, ts, fingerprint) IN (
         SELECT user_id, ts, fingerprint FROM events WHERE dataset_id = $1 AND ts < $2 LIMIT ${batchRows})`,
      [datasetId, cutoff],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchRows) break;
  }
  if (deleted > 0) {
    await writeAudit(options.actor ?? 'system', 'events.retention', `dataset:${datasetId}`, {
      retentionDays,
      cutoff: cutoff.toISOString(),
      deleted,
    });
  }
  return { datasetId, retentionDays, cutoff, deleted };
}

/** Every dataset with a retention setting, one after another (a worker calls this now and then). */
export async function applyEventRetentionEverywhere(now = new Date()): Promise<RetentionOutcome[]> {
  const { rows } = await getPool().query<{ id: number }>(
    "SELECT id FROM datasets WHERE settings ? 'retentionDays' AND jsonb_typeof(settings->'retentionDays') = 'number' ORDER BY id",
  );
  const outcomes: RetentionOutcome[] = [];
  for (const { id } of rows) outcomes.push(await applyEventRetention(id, { now }));
  return outcomes;
}
