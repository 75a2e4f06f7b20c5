import { refreshAudiencesForUsers } from '@/lib/audiences/refreshAudiences';
import { inTransaction } from '@/lib/db/inTransaction';
import { AssignmentError } from '@/lib/training/assignToActiveRun';
import { sharedTextEmbedder } from './sharedTextEmbedder';
import { updateProfilesFromState } from './updateProfilesFromState';

export interface DrainedBatch {
  datasetId: number;
  /** the run whose models updated the profiles; null when skipped */
  runId: number | null;
  users: number;
  /** of the users, those whose stored running state took only their new events (the rest were counted from all their events) */
  incremental: number;
  outcome: 'updated' | 'skipped';
  /** why the batch was skipped (no active run, a run without its profile model) */
  reason?: string;
  /** age of the batch's oldest queued row when its update committed */
  lagMs: number;
  ms: number;
}

export interface DrainOptions {
  /** the oldest queued rows taken per transaction (default 1,000), with every other queued row of their users */
  maxRows?: number;
  log?: (line: string) => void;
}

interface QueuedRow {
  id: string;
  dataset_id: number;
  user_id: string;
  enqueued_at: Date;
}

/**
 * Takes the oldest queued profile updates and the other queued rows of their users (rows other
 * workers hold are skipped), updates those users' profiles against their dataset's active run,
 * and deletes the rows, all in one transaction: a worker that dies half-way leaves the rows queued for the next one. A dataset
 * whose active run cannot be assigned to has its rows dropped (the next retrain covers those
 * users); any other failure rolls back and is thrown, leaving the rows queued.
 */
export async function drainProfileUpdates(options: DrainOptions = {}): Promise<DrainedBatch[]> {
  const maxRows = options.maxRows ?? 1000;
  const drained = await inTransaction(async (client) => {
    // The reads below probe per user; when the planner's row estimates multiply over a
    // thousand-user list, their cost passes jit_above_cost and compiling took 0.2 s of a batch's
    // new-events read, which itself ran in 0.1 s.
    await client.query('SET LOCAL jit = off');
    // ordered by the bigint key: `ORDER BY id` named the id::text output column, which sorted
    // the whole queue as text (not oldest first once ids differ in length) instead of reading
    // the key's index
    const { rows: oldest } = await client.query<QueuedRow>(
      `SELECT id::text, dataset_id, user_id, enqueued_at FROM profile_update_queue
       ORDER BY profile_update_queue.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [maxRows],
    );
    // Every POST queues a row per sender, so behind a backlog a user has many rows: one update
    // brings the profile up to all their stored events, and taking all their rows at once saves
    // updating the same user once per row (the largest cost of the drain under load). A row
    // queued after this read stays for the next batch.
    const { rows } =
      oldest.length === 0
        ? { rows: oldest }
        : await client.query<QueuedRow>(
            `SELECT q.id::text, q.dataset_id, q.user_id, q.enqueued_at FROM profile_update_queue q
             JOIN (SELECT DISTINCT d, u FROM unnest($1::int[], $2::text[]) AS t(d, u)) t
               ON q.dataset_id = t.d AND q.user_id = t.u
             FOR UPDATE OF q SKIP LOCKED`,
            [oldest.map((row) => row.dataset_id), oldest.map((row) => row.user_id)],
          );
    const byDataset = new Map<number, QueuedRow[]>();
    for (const row of rows) {
      const queued = byDataset.get(row.dataset_id);
      if (queued) queued.push(row);
      else byDataset.set(row.dataset_id, [row]);
    }
    const batches: (DrainedBatch & { userIds: string[] })[] = [];
    // datasets in a fixed order, so two workers lock their runs' segments in the same order
    for (const [datasetId, queued] of [...byDataset].sort((a, b) => a[0] - b[0])) {
      const started = performance.now();
      const userIds = [...new Set(queued.map((row) => row.user_id))];
      let batch: Omit<DrainedBatch, 'lagMs' | 'ms'>;
      try {
        // new review and search texts get the run's text model (a TF-IDF run applies its own vocabulary)
        const result = await updateProfilesFromState(client, datasetId, userIds, {
          textEmbedderFor: sharedTextEmbedder,
        });
        batch = {
          datasetId,
          runId: result.runId,
          users: userIds.length,
          incremental: result.incremental,
          outcome: 'updated',
        };
      } catch (error) {
        if (!(error instanceof AssignmentError)) throw error;
        batch = {
          datasetId,
          runId: null,
          users: userIds.length,
          incremental: 0,
          outcome: 'skipped',
          reason: error.message,
        };
      }
      await client.query('DELETE FROM profile_update_queue WHERE id = ANY($1::bigint[])', [
        queued.map((row) => row.id),
      ]);
      const oldestMs = queued.reduce((min, row) => Math.min(min, row.enqueued_at.getTime()), Number.POSITIVE_INFINITY);
      const { rows: clock } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
      const lagMs = Math.max(0, clock[0].now.getTime() - oldestMs);
      const ms = Math.round(performance.now() - started);
      await client.query(
        `INSERT INTO profile_update_batches (dataset_id, run_id, users, lag_ms, ms, outcome) VALUES ($1, $2, $3, $4, $5, $6)`,
        [datasetId, batch.runId, batch.users, lagMs, ms, batch.outcome],
      );
      batches.push({ ...batch, lagMs, ms, userIds });
    }
    return batches;
  });
  for (const batch of drained) {
    if (batch.outcome !== 'updated') continue;
    // Audience membership is derived from the profiles just committed; a failure here leaves the
    // profiles updated and is said, as the ingest route did before updates left it.
    try {
      await refreshAudiencesForUsers(batch.datasetId, batch.userIds);
    } catch (error) {
      options.log?.(`Audience refresh after a profile update failed: ${(error as Error).message}`);
    }
  }
  return drained.map(({ userIds: _userIds, ...batch }) => batch);
}
