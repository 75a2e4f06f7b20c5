import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { ConflictError, NotFoundError } from '@/lib/errors/domainError';
import { type Job, type JobRow, jobFromRow } from './jobTypes';
import { getJob, jobColumns, logLine } from './queue';

/**
 * A queued job is cancelled at once. A running one is asked to stop: its worker hears it at the
 * next heartbeat and stops at its next progress report (a retrain: inside its stages, until it
 * saves), marking it cancelled; a training run it had begun is marked failed and the active run
 * stays. A running import stops while it reads and rolls its transaction back, so the dataset
 * stays as it was.
 */
export async function cancelJob(caller: Caller | string, jobId: number): Promise<Job> {
  const who = typeof caller === 'string' ? caller : caller.kind === 'account' ? caller.email : 'api key';
  const pool = getPool();
  const queued = await pool.query<JobRow>(
    `UPDATE jobs SET status = 'cancelled', cancel_asked = true, finished_at = now(), error = 'Cancelled before it started',
       log = array_append(log, $2) WHERE id = $1 AND status = 'queued' RETURNING ${jobColumns}`,
    [jobId, logLine(`Cancelled by ${who} before it started`)],
  );
  let job = queued.rows[0] ? jobFromRow(queued.rows[0]) : null;
  if (!job) {
    const existing = await getJob(jobId);
    if (!existing) throw new NotFoundError(`Job ${jobId} does not exist`);
    if (existing.status !== 'running') {
      throw new ConflictError(
        `Job ${jobId} has already ${existing.status === 'cancelled' ? 'been cancelled' : existing.status}`,
      );
    }
    const running = await pool.query<JobRow>(
      `UPDATE jobs SET cancel_asked = true, log = array_append(log, $2)
       WHERE id = $1 AND status = 'running' AND NOT cancel_asked RETURNING ${jobColumns}`,
      [jobId, logLine(`Cancel asked by ${who}`)],
    );
    job = running.rows[0] ? jobFromRow(running.rows[0]) : await getJob(jobId);
    if (!job) throw new NotFoundError(`Job ${jobId} does not exist`);
  }
  await writeAudit(caller, job.type === 'train' ? 'retrain.cancel' : 'job.cancel', `job:${jobId}`, {
    datasetId: job.datasetId,
    status: job.status,
  });
  return job;
}
