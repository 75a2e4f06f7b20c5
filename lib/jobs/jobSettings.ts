/** How often workers beat, poll and sweep; each can be set by environment, so tests can run in seconds. */
export interface JobSettings {
  /** a running job's worker writes heartbeat_at this often */
  heartbeatMs: number;
  /** a running job whose heartbeat is older than this is taken to have lost its worker */
  staleMs: number;
  /** an idle worker looks for queued jobs this often */
  pollMs: number;
  /** a worker requeues stale jobs and fails timed-out ones this often */
  sweepMs: number;
  /** a worker enqueues due dataset schedules this often */
  scheduleCheckMs: number;
  /** on stop, how long a worker waits for its running job to unwind before it lets go */
  shutdownGraceMs: number;
}

function fromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of milliseconds, got "${raw}"`);
  return value;
}

export function readJobSettings(overrides: Partial<JobSettings> = {}): JobSettings {
  const heartbeatMs = overrides.heartbeatMs ?? fromEnv('PORTRAIT_JOB_HEARTBEAT_MS', 5_000);
  return {
    heartbeatMs,
    staleMs: overrides.staleMs ?? fromEnv('PORTRAIT_JOB_STALE_MS', Math.max(30_000, heartbeatMs * 3)),
    pollMs: overrides.pollMs ?? fromEnv('PORTRAIT_JOB_POLL_MS', 1_000),
    sweepMs: overrides.sweepMs ?? fromEnv('PORTRAIT_JOB_SWEEP_MS', heartbeatMs),
    scheduleCheckMs: overrides.scheduleCheckMs ?? fromEnv('PORTRAIT_SCHEDULE_CHECK_MS', 60_000),
    shutdownGraceMs: overrides.shutdownGraceMs ?? fromEnv('PORTRAIT_JOB_SHUTDOWN_GRACE_MS', 10_000),
  };
}

/** Time limit of one retrain attempt: PORTRAIT_TRAIN_TIMEOUT_SEC, default an hour. */
export function trainTimeoutSec(): number {
  const value = Number(process.env.PORTRAIT_TRAIN_TIMEOUT_SEC ?? 3600);
  return Number.isInteger(value) && value > 0 ? value : 3600;
}
