// The job queue is our own, on the `jobs` table, rather than pg-boss:
// - pg-boss 10 has no heartbeat. Its only way to notice a dead worker is a per-job expiry, which
//   cannot tell a worker killed two minutes into a retrain from one still busy at minute 50, so
//   it either retries live jobs or waits an hour to retry dead ones. Here a worker beats every few
//   seconds (from a worker thread, so a long synchronous k-means does not silence it), and a job
//   whose beat is older than the stale limit is requeued by any worker's sweeper.
// - Stage, percent, log, result, who started it and the cancel flag live on `jobs` anyway; with
//   pg-boss every job would be two records (its row and ours) kept in step across crashes.
// - It is a few SQL statements that behave the same on a Postgres server and on the embedded
//   PGlite behind one connection (pg-boss also wants its own schema, maintenance and LISTEN).
//
// How one job runs once: a worker claims a job with one UPDATE whose target row is picked by
// `SELECT ... FOR UPDATE SKIP LOCKED`, so two workers racing for it block on the row lock and the
// loser skips it; the claim moves it to `running` and stamps `worker_id` and `attempts`. Every
// later write by that worker (progress, log, result) is fenced on (id, worker_id, attempts,
// status = 'running'): once a sweeper has requeued or failed the job, a worker that was only
// slow can no longer touch it, and its heartbeat tells it to stop at its next progress call.
import { getPool } from '@/lib/db/connection';
import { inTransaction } from '@/lib/db/inTransaction';
import { type Job, type JobRow, type JobType, jobFromRow } from './jobTypes';

/** The first key of the advisory locks that keep one active job per dataset and type ("Pjob"). */
const jobLockSpace = 0x506a6f62;

export interface ClaimToken {
  jobId: number;
  workerId: string;
  attempt: number;
}

export interface EnqueueRequest {
  type: JobType;
  datasetId: number | null;
  payload?: object;
  createdBy: string | null;
  maxAttempts?: number;
  timeoutSec?: number;
  /** refuse while a job of the same type for the same dataset is queued or running */
  exclusive?: boolean;
  /** refuse when a job of this dataset already holds this schedule slot */
  scheduleSlot?: string;
}

export type EnqueueResult = { created: true; job: Job } | { created: false; reason: 'active' | 'slot_taken'; job: Job };

export const jobColumns = `id, type, dataset_id, status, payload, stage, percent, log, result, error, created_by,
  attempts, max_attempts, worker_id, heartbeat_at, timeout_sec, cancel_asked, created_at, started_at, finished_at`;

/**
 * Adds a job. With `exclusive` or `scheduleSlot`, the check and the insert run under the
 * dataset's job lock, so two API calls or two workers' schedulers cannot both add one.
 */
export async function enqueueJob(request: EnqueueRequest): Promise<EnqueueResult> {
  const payload = {
    ...(request.payload ?? {}),
    ...(request.scheduleSlot ? { scheduleSlot: request.scheduleSlot } : {}),
  };
  const guarded = request.datasetId !== null && (request.exclusive || request.scheduleSlot);
  return inTransaction(async (client) => {
    if (guarded) {
      await client.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [jobLockSpace, request.datasetId]);
      if (request.scheduleSlot) {
        const { rows } = await client.query<JobRow>(
          `SELECT ${jobColumns} FROM jobs WHERE dataset_id = $1 AND type = $2 AND payload->>'scheduleSlot' = $3 LIMIT 1`,
          [request.datasetId, request.type, request.scheduleSlot],
        );
        if (rows[0]) return { created: false, reason: 'slot_taken', job: jobFromRow(rows[0]) };
      }
      if (request.exclusive) {
        const { rows } = await client.query<JobRow>(
          `SELECT ${jobColumns} FROM jobs WHERE dataset_id = $1 AND type = $2 AND status IN ('queued', 'running')
           ORDER BY id LIMIT 1`,
          [request.datasetId, request.type],
        );
        if (rows[0]) return { created: false, reason: 'active', job: jobFromRow(rows[0]) };
      }
    }
    const { rows } = await client.query<JobRow>(
      `INSERT INTO jobs (type, dataset_id, payload, created_by, max_attempts, timeout_sec, log)
       VALUES ($1, $2, $3, $4, coalesce($5, 3), coalesce($6, 3600), ARRAY[$7::text])
       RETURNING ${jobColumns}`,
      [
        request.type,
        request.datasetId,
        JSON.stringify(payload),
        request.createdBy,
        request.maxAttempts ?? null,
        request.timeoutSec ?? null,
        logLine(`Queued by ${request.createdBy ?? 'system'}`),
      ],
    );
    return { created: true, job: jobFromRow(rows[0]) };
  });
}

/** A log line as jobs store it: the UTC time of day, then the text. */
export function logLine(text: string, at = new Date()): string {
  return `${at.toISOString().slice(11, 19)} ${text}`;
}

/** Claims the oldest queued job of the given types for this worker, or null when there is none. */
export async function claimNextJob(workerId: string, types: readonly string[]): Promise<Job | null> {
  const { rows } = await getPool().query<JobRow>(
    `UPDATE jobs SET status = 'running', worker_id = $1, attempts = attempts + 1, started_at = now(),
       heartbeat_at = now(), finished_at = NULL, stage = 'starting', percent = 0,
       log = array_append(log, to_char(now() AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' Attempt ' || (attempts + 1)
         || ' of ' || max_attempts || ' started on worker ' || $1)
     WHERE id = (
       SELECT id FROM jobs WHERE status = 'queued' AND type = ANY($2::text[])
       ORDER BY created_at, id
       FOR UPDATE SKIP LOCKED
       LIMIT 1
     ) AND status = 'queued'
     RETURNING ${jobColumns}`,
    [workerId, types],
  );
  return rows[0] ? jobFromRow(rows[0]) : null;
}

const fence = `id = $1 AND worker_id = $2 AND attempts = $3 AND status = 'running'`;

function fenceValues(token: ClaimToken): [number, string, number] {
  return [token.jobId, token.workerId, token.attempt];
}

/** Records stage and percent; false when the job is no longer this worker's. */
export async function writeJobProgress(token: ClaimToken, stage: string, percent: number): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `UPDATE jobs SET stage = $4, percent = $5, heartbeat_at = now() WHERE ${fence}`,
    [...fenceValues(token), stage, Math.max(0, Math.min(100, percent))],
  );
  return rowCount === 1;
}

export async function appendJobLog(token: ClaimToken, lines: string[]): Promise<boolean> {
  const { rowCount } = await getPool().query(`UPDATE jobs SET log = log || $4::text[] WHERE ${fence}`, [
    ...fenceValues(token),
    lines,
  ]);
  return rowCount === 1;
}

export type FinalStatus = 'succeeded' | 'failed' | 'cancelled';

/** Ends the attempt; null when the job was no longer this worker's (a sweeper took it over). */
export async function finishJob(
  token: ClaimToken,
  status: FinalStatus,
  outcome: { result?: object | null; error?: string | null; line: string },
): Promise<Job | null> {
  const { rows } = await getPool().query<JobRow>(
    `UPDATE jobs SET status = $4, result = coalesce($5::jsonb, result), error = $6, finished_at = now(),
       percent = CASE WHEN $4 = 'succeeded' THEN 100 ELSE percent END,
       stage = CASE WHEN $4 = 'succeeded' THEN 'done' ELSE stage END,
       log = array_append(log, $7)
     WHERE ${fence} RETURNING ${jobColumns}`,
    [
      ...fenceValues(token),
      status,
      outcome.result === undefined || outcome.result === null ? null : JSON.stringify(outcome.result),
      outcome.error ?? null,
      logLine(outcome.line),
    ],
  );
  return rows[0] ? jobFromRow(rows[0]) : null;
}

/** Puts a job this worker is letting go of (shutdown) back in the queue without spending an attempt. */
export async function releaseJob(token: ClaimToken, line: string): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `UPDATE jobs SET status = 'queued', attempts = attempts - 1, stage = 'waiting for a worker', percent = 0,
       log = array_append(log, $4) WHERE ${fence}`,
    [...fenceValues(token), logLine(line)],
  );
  return rowCount === 1;
}

/**
 * Ends an attempt that failed for a passing reason (a transient database error) by putting the
 * job back in the queue; the attempt stays spent, so `max_attempts` bounds the retries.
 */
export async function retryJob(token: ClaimToken, line: string): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `UPDATE jobs SET status = 'queued', worker_id = NULL, stage = 'waiting to retry', percent = 0,
       log = array_append(log, $4) WHERE ${fence} AND attempts < max_attempts`,
    [...fenceValues(token), logLine(line)],
  );
  return rowCount === 1;
}

export async function getJob(jobId: number): Promise<Job | null> {
  const { rows } = await getPool().query<JobRow>(`SELECT ${jobColumns} FROM jobs WHERE id = $1`, [jobId]);
  return rows[0] ? jobFromRow(rows[0]) : null;
}
