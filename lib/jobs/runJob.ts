import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientDatabaseError } from '@/lib/db/isTransientDatabaseError';
import { type HeartbeatMode, heartbeatFlag, startHeartbeat } from './heartbeat';
import { JobFailedError } from './jobFailedError';
import type { JobContext, JobHandler } from './jobHandler';
import { JobStoppedError, type StopReason } from './jobStoppedError';
import type { Job } from './jobTypes';
import { appendJobLog, type ClaimToken, finishJob, logLine, releaseJob, retryJob, writeJobProgress } from './queue';

export interface RunJobOptions {
  workerId: string;
  heartbeatMs: number;
  heartbeatMode?: HeartbeatMode;
  /** the worker's own log (console), not the job's */
  log?: (line: string) => void;
  /** wait before a transient failure's retry: this times 2^(attempt - 1) (default 1 s) */
  retryBackoffMs?: number;
  /** JobContext.helpWith, from the worker */
  helpWith?: JobContext['helpWith'];
}

export interface RunningJob {
  job: Job;
  /** settles when the job's final status is written (or it was let go) */
  done: Promise<void>;
  /** asks the job to unwind at its next progress call; `shutdown` puts it back in the queue */
  stop(reason: 'shutdown'): void;
}

/**
 * Progress and log writes are fire-and-forget for the handler (its callbacks are synchronous),
 * so they are coalesced here: one write in flight, the latest stage and all pending lines next.
 */
function createJobWriter(token: ClaimToken) {
  let progress: { stage: string; percent: number } | null = null;
  let lines: string[] = [];
  let inFlight: Promise<void> | null = null;
  const drain = async () => {
    while (progress || lines.length > 0) {
      const nextProgress = progress;
      const nextLines = lines;
      progress = null;
      lines = [];
      try {
        if (nextLines.length > 0) await appendJobLog(token, nextLines);
        if (nextProgress) await writeJobProgress(token, nextProgress.stage, nextProgress.percent);
      } catch {
        // the next write carries the latest progress; a lost log line is not worth failing a job
      }
    }
    inFlight = null;
  };
  return {
    progress(stage: string, percent: number) {
      progress = { stage, percent };
      inFlight ??= drain();
    },
    log(line: string) {
      lines.push(logLine(line));
      inFlight ??= drain();
    },
    flush: () => inFlight ?? Promise.resolve(),
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Runs one claimed job: heartbeat, handler, and its final status, all fenced on the claim. */
export function runJob(job: Job, handler: JobHandler | undefined, options: RunJobOptions): RunningJob {
  const token: ClaimToken = { jobId: job.id, workerId: options.workerId, attempt: job.attempts };
  const workerLog = options.log ?? (() => {});
  const writer = createJobWriter(token);
  const heartbeat = startHeartbeat(token, options.heartbeatMs, options.heartbeatMode);
  const deadline = Date.now() + job.timeoutSec * 1000;
  let localStop: StopReason | null = null;

  const stopReason = (): StopReason | null => {
    if (localStop) return localStop;
    const flag = heartbeat.read();
    if (flag === heartbeatFlag.lost) return 'lost';
    if (Date.now() > deadline) return 'timeout';
    if (flag === heartbeatFlag.cancelAsked) return 'cancelled';
    return null;
  };
  const checkpoint = () => {
    const reason = stopReason();
    if (reason) throw new JobStoppedError(reason);
  };
  // Through the heartbeat's thread where there is one: a synchronous stage (k-means, SVD) blocks
  // this thread's writes until it ends, and the bar would sit still through it.
  const writeProgress = (stage: string, percent: number) => {
    if (!heartbeat.progress(stage, percent)) writer.progress(stage, percent);
  };
  const context: JobContext = {
    progress(stage, percent) {
      checkpoint();
      writeProgress(stage, percent);
    },
    report: writeProgress,
    checkpoint,
    log: (line) => writer.log(line),
    helpWith: options.helpWith,
  };

  let timeoutTimer: NodeJS.Timeout | undefined;
  // A handler stuck on a promise that never settles must not hold the worker past the deadline.
  const deadlinePassed = new Promise<never>((_resolve, reject) => {
    timeoutTimer = setTimeout(() => reject(new JobStoppedError('timeout')), Math.max(0, deadline - Date.now()));
  });
  deadlinePassed.catch(() => {});

  const started = performance.now();
  const done = (async () => {
    try {
      if (!handler) throw new Error(`This worker has no handler for ${job.type} jobs`);
      checkpoint();
      const work = handler(job, context);
      work.catch(() => {});
      const result = await Promise.race([work, deadlinePassed]);
      await Promise.all([writer.flush(), heartbeat.flush()]);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const finished = await finishJob(token, 'succeeded', { result, line: `Succeeded in ${seconds} s` });
      workerLog(
        finished
          ? `Job ${job.id} (${job.type}) succeeded in ${seconds} s`
          : `Job ${job.id} finished after it was taken over`,
      );
    } catch (error) {
      await Promise.all([writer.flush(), heartbeat.flush()]);
      const reason = error instanceof JobStoppedError ? error.reason : null;
      if (reason === 'lost') {
        workerLog(`Job ${job.id} was taken over (stale or timed out); this worker let it go`);
      } else if (reason === 'shutdown') {
        await releaseJob(token, 'The worker stopped; the job is back in the queue').catch(() => false);
        workerLog(`Job ${job.id} put back in the queue for another worker`);
      } else if (reason === 'cancelled') {
        await finishJob(token, 'cancelled', { error: 'Cancelled on request', line: 'Cancelled on request' });
        workerLog(`Job ${job.id} cancelled`);
      } else if (!reason && isTransientDatabaseError(error) && job.attempts < job.maxAttempts) {
        const message = describeError(error);
        await sleep(Math.min(30_000, (options.retryBackoffMs ?? 1000) * 2 ** (job.attempts - 1)));
        const retried = await retryJob(
          token,
          `Attempt ${job.attempts} of ${job.maxAttempts} failed for a passing database error (${message}); retrying`,
        );
        workerLog(`Job ${job.id} (${job.type}) ${retried ? 'will be retried' : 'was taken over'} after: ${message}`);
      } else {
        const message = reason === 'timeout' ? `Timed out after ${job.timeoutSec} s` : describeError(error);
        const result = error instanceof JobFailedError ? error.result : undefined;
        await finishJob(token, 'failed', { error: message, result, line: `Failed: ${message}` });
        workerLog(`Job ${job.id} (${job.type}) failed: ${message}`);
      }
    } finally {
      clearTimeout(timeoutTimer);
      await heartbeat.stop();
    }
  })().catch((error) => workerLog(`Job ${job.id}: could not record its outcome: ${describeError(error)}`));

  return {
    job,
    done,
    stop(reason) {
      localStop = reason;
    },
  };
}
