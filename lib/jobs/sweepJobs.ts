import { getPool } from '@/lib/db/connection';

export interface SweepResult {
  /** stale jobs put back in the queue for another attempt */
  requeued: number[];
  /** stale jobs out of attempts, and jobs past their time limit */
  failed: number[];
  /** stale jobs whose cancel had been asked */
  cancelled: number[];
  /** training runs left `running` by those jobs, now marked failed */
  failedRuns: number[];
}

interface SweptRow {
  id: number;
  type: string;
  dataset_id: number | null;
  status: string;
  started_at: Date;
}

/**
 * Every worker (and the jobs API) runs this; it is safe to run anywhere at once, because each
 * UPDATE re-checks its WHERE on the locked row and a second sweeper finds nothing left to do.
 * - A running job whose heartbeat is older than `staleMs` lost its worker: it goes back to the
 *   queue, or fails once it has used its attempts, or is cancelled if that had been asked.
 * - A running job past its `timeout_sec` fails, whatever its heartbeat says.
 * `requeueStale: false` does only the second: for callers that may have sat in a queue behind a
 * busy worker's beat (the API on embedded PGlite, which shares the worker's process).
 * A training run that such a job left `running` is marked failed; it never became active, because
 * a run is only made active in the transaction that completes it.
 */
export async function sweepJobs(staleMs: number, options: { requeueStale?: boolean } = {}): Promise<SweepResult> {
  const pool = getPool();
  const timedOut = await pool.query<SweptRow>(
    `UPDATE jobs SET status = 'failed', finished_at = now(),
       error = 'Timed out: still running ' || timeout_sec || ' s after attempt ' || attempts || ' started',
       log = array_append(log, to_char(now() AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' Failed: past its time limit of '
         || timeout_sec || ' s')
     WHERE status = 'running' AND started_at + make_interval(secs => timeout_sec) < now()
     RETURNING id, type, dataset_id, status, started_at`,
  );
  const stale =
    options.requeueStale === false
      ? { rows: [] as SweptRow[] }
      : await pool.query<SweptRow>(
          `UPDATE jobs SET
       status = CASE WHEN cancel_asked THEN 'cancelled' WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
       finished_at = CASE WHEN cancel_asked OR attempts >= max_attempts THEN now() END,
       error = CASE
         WHEN cancel_asked THEN 'Cancelled on request (its worker had stopped)'
         WHEN attempts >= max_attempts THEN 'Its worker stopped responding on each of ' || attempts || ' attempts'
         ELSE error END,
       stage = CASE WHEN cancel_asked OR attempts >= max_attempts THEN stage ELSE 'waiting for a worker (retry)' END,
       percent = CASE WHEN cancel_asked OR attempts >= max_attempts THEN percent ELSE 0 END,
       log = array_append(log, to_char(now() AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' Worker ' || coalesce(worker_id, '?')
         || ' stopped responding (last heartbeat ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'HH24:MI:SS') || ')'
         || CASE WHEN cancel_asked THEN '; cancelled as asked'
                 WHEN attempts >= max_attempts THEN '; no attempts left'
                 ELSE '; back in the queue' END)
     WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1::float8))
     RETURNING id, type, dataset_id, status, started_at`,
          [staleMs / 1000],
        );
  const swept = [...timedOut.rows, ...stale.rows];
  const failedRuns: number[] = [];
  for (const job of swept) {
    if (job.type !== 'train' || job.dataset_id === null) continue;
    // Train jobs of one dataset never run side by side (enqueue is exclusive per dataset), so a
    // run of this dataset started during this attempt and still `running` is this attempt's.
    const { rows } = await pool.query<{ id: number }>(
      `UPDATE model_runs SET status = 'failed', finished_at = now(),
         error = 'Its training job ' || $3::int || ' stopped (worker lost or time limit)'
       WHERE dataset_id = $1 AND status = 'running' AND started_at >= $2::timestamptz - interval '1 second'
       RETURNING id`,
      [job.dataset_id, job.started_at, job.id],
    );
    failedRuns.push(...rows.map((row) => row.id));
  }
  return {
    requeued: stale.rows.filter((row) => row.status === 'queued').map((row) => row.id),
    failed: swept.filter((row) => row.status === 'failed').map((row) => row.id),
    cancelled: stale.rows.filter((row) => row.status === 'cancelled').map((row) => row.id),
    failedRuns,
  };
}
