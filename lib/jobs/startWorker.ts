import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { enqueueDueAudienceExports } from '@/lib/audiences/destinations/enqueueDueAudienceExports';
import { applyEventRetentionEverywhere } from '@/lib/datasets/applyEventRetention';
import { startProfileUpdater } from '@/lib/realtime/startProfileUpdater';
import { enqueueDueSchedules } from './enqueueDueSchedules';
import { defaultJobHandlers } from './handlers/defaultJobHandlers';
import type { HeartbeatMode } from './heartbeat';
import type { JobHandlers } from './jobHandler';
import { type JobSettings, readJobSettings } from './jobSettings';
import { claimNextJob } from './queue';
import { type RunningJob, runJob } from './runJob';
import { sweepJobs } from './sweepJobs';

export interface StartWorkerOptions {
  log?: (line: string) => void;
  handlers?: JobHandlers;
  settings?: Partial<JobSettings>;
  /** enqueue due dataset retrain and CSV export schedules (default true) */
  schedules?: boolean;
  heartbeatMode?: HeartbeatMode;
  workerId?: string;
  /** keep profiles following accepted events beside the job loop (default true) */
  profileUpdates?: boolean;
}

export interface RunningWorker {
  id: string;
  /** stops claiming; a running job is asked to unwind and goes back to the queue */
  stop(): Promise<void>;
}

/** how often a worker that queues schedules also deletes events past each dataset's retention */
const retentionCheckMs = 3_600_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A worker loop: sweep stale and timed-out jobs, queue due schedules, claim the oldest queued job
 * it has a handler for and run it; one job at a time (training uses every core it gets). Beside
 * it, the profile updater drains the profile update queue, so updates never wait for a job. Any
 * number of workers, in any processes or machines, may share one database.
 */
export function startWorker(options: StartWorkerOptions = {}): RunningWorker {
  const settings = readJobSettings(options.settings);
  const handlers = options.handlers ?? defaultJobHandlers;
  const types = Object.keys(handlers).filter((type) => handlers[type]);
  const workerId = options.workerId ?? newWorkerId();
  const log = options.log ?? (() => {});
  let stopping = false;
  let current: RunningJob | null = null;
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const updater = options.profileUpdates === false ? null : startProfileUpdater({ log });

  // A job waiting on the jobs it queued holds this worker's loop, whose sweeper would otherwise
  // never requeue a chunk whose worker was killed: the waiting job sweeps instead.
  let nextHelperSweep = 0;
  const helpWith = async (helpTypes: readonly string[]): Promise<boolean> => {
    if (Date.now() >= nextHelperSweep) {
      nextHelperSweep = Date.now() + settings.sweepMs;
      const swept = await sweepJobs(settings.staleMs);
      if (swept.requeued.length) log(`Requeued jobs ${swept.requeued.join(', ')}: their worker stopped responding`);
    }
    if (stopping) return false;
    const job = await claimNextJob(
      workerId,
      helpTypes.filter((type) => handlers[type]),
    );
    if (!job) return false;
    log(`Job ${job.id} (${job.type}) attempt ${job.attempts} started beside the job that queued it`);
    await runJob(job, handlers[job.type], {
      workerId,
      heartbeatMs: settings.heartbeatMs,
      heartbeatMode: options.heartbeatMode,
      log,
    }).done;
    return true;
  };

  const loop = (async () => {
    let nextSweep = 0;
    let nextScheduleCheck = 0;
    let nextRetention = 0;
    let lastError = '';
    log(`Worker ${workerId} started (job types: ${types.join(', ')})`);
    while (!stopping) {
      try {
        if (Date.now() >= nextSweep) {
          nextSweep = Date.now() + settings.sweepMs;
          const swept = await sweepJobs(settings.staleMs);
          if (swept.requeued.length) log(`Requeued jobs ${swept.requeued.join(', ')}: their worker stopped responding`);
          if (swept.failed.length) log(`Failed jobs ${swept.failed.join(', ')}: out of attempts or time`);
          if (swept.failedRuns.length) log(`Marked runs ${swept.failedRuns.join(', ')} failed: their job stopped`);
        }
        if (options.schedules !== false && Date.now() >= nextScheduleCheck) {
          nextScheduleCheck = Date.now() + settings.scheduleCheckMs;
          const window = Math.max(2 * settings.scheduleCheckMs, 5 * 60_000);
          for (const outcome of await enqueueDueSchedules(new Date(), window)) {
            if (outcome.outcome === 'queued')
              log(`Schedule of dataset ${outcome.datasetId} queued job ${outcome.job?.id}`);
          }
          for (const outcome of await enqueueDueAudienceExports(new Date(), window)) {
            if (outcome.outcome === 'queued')
              log(`Schedule of CSV destination ${outcome.destinationId} queued job ${outcome.job?.id}`);
          }
          if (Date.now() >= nextRetention) {
            nextRetention = Date.now() + retentionCheckMs;
            for (const outcome of await applyEventRetentionEverywhere()) {
              if (outcome.deleted > 0)
                log(
                  `Retention of dataset ${outcome.datasetId}: deleted ${outcome.deleted} events older than ${outcome.retentionDays} days`,
                );
            }
          }
        }
        const job = stopping ? null : await claimNextJob(workerId, types);
        lastError = '';
        if (job) {
          log(
            `Job ${job.id} (${job.type}${job.datasetId === null ? '' : `, dataset ${job.datasetId}`}) attempt ${job.attempts} started`,
          );
          current = runJob(job, handlers[job.type], {
            workerId,
            heartbeatMs: settings.heartbeatMs,
            heartbeatMode: options.heartbeatMode,
            log,
            helpWith,
          });
          await current.done;
          current = null;
          continue;
        }
      } catch (error) {
        // The database may be restarting; say so once, then keep trying.
        const message = (error as Error).message;
        if (message !== lastError) log(`Worker: ${message}`);
        lastError = message;
      }
      if (!stopping) await pause(settings.pollMs);
    }
  })();

  let stopped: Promise<void> | null = null;
  return {
    id: workerId,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake();
        current?.stop('shutdown');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all([loop, updater?.stop()]),
          new Promise((resolve) => (timer = setTimeout(resolve, settings.shutdownGraceMs))),
        ]);
        clearTimeout(timer);
        log(`Worker ${workerId} stopped`);
      })();
      return stopped;
    },
  };
}
