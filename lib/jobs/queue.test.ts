import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { cancelJob } from './cancelJob';
import type { JobHandler, JobHandlers } from './jobHandler';
import { JobStoppedError } from './jobStoppedError';
import type { Job, JobType } from './jobTypes';
import { claimNextJob, enqueueJob, finishJob, getJob } from './queue';
import { runJob } from './runJob';
import { type RunningWorker, startWorker } from './startWorker';
import { sweepJobs } from './sweepJobs';

afterAll(async () => {
  await closePools();
});

const fast = {
  heartbeatMs: 50,
  staleMs: 60_000,
  pollMs: 20,
  sweepMs: 60_000,
  scheduleCheckMs: 60_000,
  shutdownGraceMs: 2_000,
};

let typeCounter = 0;
/** A job type no other test claims, so each test's worker only sees its own jobs. */
function testType(label: string): JobType {
  typeCounter += 1;
  return `test-${label}-${process.pid}-${typeCounter}` as JobType;
}

async function enqueue(type: JobType, extra: { timeoutSec?: number; maxAttempts?: number } = {}): Promise<Job> {
  const result = await enqueueJob({ type, datasetId: null, payload: { n: 1 }, createdBy: 'tester', ...extra });
  if (!result.created) throw new Error('not created');
  return result.job;
}

async function waitFor<T>(
  read: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForStatus(jobId: number, statuses: string[]): Promise<Job> {
  return waitFor(
    async () => {
      const job = await getJob(jobId);
      return job && statuses.includes(job.status) ? job : null;
    },
    `job ${jobId} to be ${statuses.join(' or ')}`,
  );
}

function withWorker<T>(
  handlers: JobHandlers,
  body: (worker: RunningWorker) => Promise<T>,
  settings = fast,
): Promise<T> {
  const worker = startWorker({ handlers, settings, schedules: false });
  return body(worker).finally(() => worker.stop());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker running jobs', () => {
  it('runs a job and records its stages, percent, log, result, start and end', async () => {
    const type = testType('ok');
    const seen: number[] = [];
    const handler: JobHandler = async (job, context) => {
      context.progress('first half', 25);
      context.log('halfway there');
      await sleep(30);
      context.progress('second half', 75);
      seen.push(job.id);
      return { answer: 42 };
    };
    const queued = await enqueue(type);
    expect(queued.status).toBe('queued');
    const done = await withWorker({ [type]: handler }, () => waitForStatus(queued.id, ['succeeded', 'failed']));
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ answer: 42 });
    expect(done.percent).toBe(100);
    expect(done.attempts).toBe(1);
    expect(done.createdBy).toBe('tester');
    expect(done.error).toBeNull();
    expect(new Date(done.startedAt as string).getTime()).toBeLessThanOrEqual(
      new Date(done.finishedAt as string).getTime(),
    );
    expect(done.log.some((line) => line.endsWith('Queued by tester'))).toBe(true);
    expect(done.log.some((line) => line.endsWith('halfway there'))).toBe(true);
    expect(done.log.at(-1)).toMatch(/Succeeded in \d+\.\d s$/);
    expect(seen).toEqual([queued.id]);
  });

  it('records the stage while the job is still running', async () => {
    const type = testType('stage');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queued = await enqueue(type);
    await withWorker(
      {
        [type]: async (_job, context) => {
          context.progress('waiting at the gate', 40);
          await gate;
          return {};
        },
      },
      async () => {
        const running = await waitFor(async () => {
          const job = await getJob(queued.id);
          return job?.stage === 'waiting at the gate' ? job : null;
        }, 'the stage to be written');
        expect(running.status).toBe('running');
        expect(running.percent).toBe(40);
        expect(running.heartbeatAt).not.toBeNull();
        release();
        await waitForStatus(queued.id, ['succeeded']);
      },
    );
  });

  it('marks a job that throws failed, with its error, and does not retry it', async () => {
    const type = testType('throw');
    const queued = await enqueue(type);
    const failed = await withWorker(
      {
        [type]: async (_job, context) => {
          context.progress('about to fail', 10);
          throw new Error('the input file is corrupt');
        },
      },
      () => waitForStatus(queued.id, ['failed', 'succeeded']),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('the input file is corrupt');
    expect(failed.attempts).toBe(1);
    expect(failed.log.at(-1)).toMatch(/Failed: the input file is corrupt$/);
  });

  it('cancels a queued job at once, and a running one at its next progress call', async () => {
    const type = testType('cancel');
    const queuedJob = await enqueue(type);
    const cancelledQueued = await cancelJob('admin@example.com', queuedJob.id);
    expect(cancelledQueued.status).toBe('cancelled');
    expect(cancelledQueued.error).toBe('Cancelled before it started');

    const running = await enqueue(type);
    let stepsAfterCancel = 0;
    let stoppedWith: unknown = null;
    const handler: JobHandler = async (_job, context) => {
      try {
        for (let step = 0; step < 500; step++) {
          context.progress('looping', step / 5);
          await sleep(10);
          if ((await getJob(running.id))?.cancelAsked) stepsAfterCancel += 1;
        }
      } catch (error) {
        stoppedWith = error;
        throw error;
      }
      return {};
    };
    const final = await withWorker({ [type]: handler }, async () => {
      await waitFor(async () => (await getJob(running.id))?.stage === 'looping', 'the job to start looping');
      const asked = await cancelJob('admin@example.com', running.id);
      expect(asked.status).toBe('running');
      expect(asked.cancelAsked).toBe(true);
      return waitForStatus(running.id, ['cancelled', 'succeeded', 'failed']);
    });
    expect(final.status).toBe('cancelled');
    expect(stoppedWith).toBeInstanceOf(JobStoppedError);
    expect((stoppedWith as JobStoppedError).reason).toBe('cancelled');
    // it stops long before its 500 steps (the heartbeat beats every 50 ms, the loop takes ~10 ms)
    expect(stepsAfterCancel).toBeLessThan(250);
    expect(final.log.some((line) => line.endsWith('Cancel asked by admin@example.com'))).toBe(true);
    await expect(cancelJob('admin@example.com', running.id)).rejects.toThrow(/already been cancelled/);
    const audit = await getPool().query(`SELECT action FROM audit_log WHERE target = $1`, [`job:${running.id}`]);
    expect(audit.rows.map((row) => row.action)).toEqual(['job.cancel']);
  });

  it('fails a job whose handler never settles once it passes its time limit', async () => {
    const type = testType('hang');
    const queued = await enqueue(type, { timeoutSec: 1 });
    const failed = await withWorker({ [type]: () => new Promise<object>(() => {}) }, () =>
      waitForStatus(queued.id, ['failed', 'succeeded']),
    );
    expect(failed.error).toBe('Timed out after 1 s');
  });

  it('hears a cancel from its heartbeat thread even while the job blocks the event loop', async () => {
    for (const mode of ['thread', 'inline'] as const) {
      const type = testType(`beat-${mode}`);
      const queued = await enqueue(type);
      const claimed = await claimNextJob('beat-tester', [type]);
      expect(claimed?.id).toBe(queued.id);
      const running = runJob(
        claimed as Job,
        async (job, context) => {
          await getPool().query('UPDATE jobs SET cancel_asked = true WHERE id = $1', [job.id]);
          // Up to 10 s, so a loaded machine cannot fail it; it stops at the first checkpoint
          // after the news arrives.
          const until = Date.now() + 10_000;
          while (Date.now() < until) {
            // in 'thread' mode a synchronous stage: only a beat from another thread can bring the news
            if (mode === 'inline') await sleep(20);
            context.checkpoint();
          }
          return {};
        },
        { workerId: 'beat-tester', heartbeatMs: 40, heartbeatMode: mode },
      );
      await running.done;
      const job = await getJob(queued.id);
      expect(job?.status, mode).toBe('cancelled');
      expect(job?.heartbeatAt).not.toBeNull();
    }
  });
});

describe('claiming', () => {
  it('gives each job to exactly one of several racing workers', async () => {
    const type = testType('race');
    const jobs = await Promise.all(Array.from({ length: 24 }, () => enqueue(type)));
    const claims: { worker: string; jobId: number }[] = [];
    const claimer = async (worker: string) => {
      for (;;) {
        const job = await claimNextJob(worker, [type]);
        if (!job) return;
        claims.push({ worker, jobId: job.id });
      }
    };
    await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map(claimer));
    const claimedIds = claims.map((claim) => claim.jobId).sort((a, b) => a - b);
    expect(claimedIds).toEqual(jobs.map((job) => job.id).sort((a, b) => a - b));
    expect(new Set(claims.map((claim) => claim.worker)).size).toBeGreaterThan(1);
    const { rows } = await getPool().query(`SELECT attempts, status FROM jobs WHERE type = $1`, [type]);
    expect(rows.every((row) => row.attempts === 1 && row.status === 'running')).toBe(true);
  });

  it('two worker loops share a queue without running any job twice', async () => {
    const type = testType('loops');
    const runs = new Map<number, number>();
    const handler: JobHandler = async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await sleep(5);
      return {};
    };
    const jobs = await Promise.all(Array.from({ length: 12 }, () => enqueue(type)));
    const other = startWorker({ handlers: { [type]: handler }, settings: fast, schedules: false });
    try {
      await withWorker({ [type]: handler }, () => Promise.all(jobs.map((job) => waitForStatus(job.id, ['succeeded']))));
    } finally {
      await other.stop();
    }
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(12);
  });
});

describe('the sweeper', () => {
  async function claimAndGoStale(type: JobType, maxAttempts = 3): Promise<Job> {
    const queued = await enqueue(type, { maxAttempts });
    const claimed = await claimNextJob('dead-worker', [type]);
    expect(claimed?.id).toBe(queued.id);
    await getPool().query(`UPDATE jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [queued.id]);
    return claimed as Job;
  }

  it('requeues a job whose worker died, and a later worker completes it', async () => {
    const type = testType('stale');
    const dead = await claimAndGoStale(type);
    const swept = await sweepJobs(30_000);
    expect(swept.requeued).toContain(dead.id);
    const requeued = await getJob(dead.id);
    expect(requeued?.status).toBe('queued');
    expect(requeued?.log.at(-1)).toMatch(/Worker dead-worker stopped responding .*; back in the queue$/);

    const done = await withWorker({ [type]: async () => ({ recovered: true }) }, () =>
      waitForStatus(dead.id, ['succeeded', 'failed']),
    );
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(done.result).toEqual({ recovered: true });
  });

  it('leaves a job with a fresh heartbeat alone', async () => {
    const type = testType('fresh');
    const queued = await enqueue(type);
    await claimNextJob('live-worker', [type]);
    const swept = await sweepJobs(30_000);
    expect(swept.requeued).not.toContain(queued.id);
    expect((await getJob(queued.id))?.status).toBe('running');
  });

  it('fails a job whose worker died on its last attempt, and cancels one whose cancel was asked', async () => {
    const lastTry = await claimAndGoStale(testType('last'), 1);
    const cancelType = testType('dead-cancel');
    const toCancel = await claimAndGoStale(cancelType);
    await getPool().query('UPDATE jobs SET cancel_asked = true WHERE id = $1', [toCancel.id]);
    const swept = await sweepJobs(30_000);
    expect(swept.failed).toContain(lastTry.id);
    expect(swept.cancelled).toContain(toCancel.id);
    expect((await getJob(lastTry.id))?.error).toBe('Its worker stopped responding on each of 1 attempts');
    expect((await getJob(toCancel.id))?.status).toBe('cancelled');
  });

  it('fails a running job past its time limit even while its heartbeat is fresh', async () => {
    const type = testType('overdue');
    const queued = await enqueue(type, { timeoutSec: 60 });
    await claimNextJob('slow-worker', [type]);
    await getPool().query(`UPDATE jobs SET started_at = now() - interval '61 seconds' WHERE id = $1`, [queued.id]);
    const swept = await sweepJobs(30_000);
    expect(swept.failed).toContain(queued.id);
    const job = await getJob(queued.id);
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatch(/^Timed out: still running 60 s after attempt 1 started$/);
  });

  it('keeps a worker whose job was taken over from writing to it', async () => {
    const type = testType('fence');
    const dead = await claimAndGoStale(type);
    await sweepJobs(30_000);
    const second = await claimNextJob('second-worker', [type]);
    expect(second?.attempts).toBe(2);
    const late = await finishJob({ jobId: dead.id, workerId: 'dead-worker', attempt: 1 }, 'succeeded', {
      result: { stale: true },
      line: 'late',
    });
    expect(late).toBeNull();
    const job = await getJob(dead.id);
    expect(job?.status).toBe('running');
    expect(job?.workerId).toBe('second-worker');
  });

  it('a worker stopping puts its running job back without spending an attempt', async () => {
    const type = testType('shutdown');
    const queued = await enqueue(type);
    const worker = startWorker({
      handlers: {
        [type]: async (_job, context) => {
          for (;;) {
            context.progress('working', 10);
            await sleep(10);
          }
        },
      },
      settings: fast,
      schedules: false,
    });
    await waitFor(async () => (await getJob(queued.id))?.stage === 'working', 'the job to start');
    await worker.stop();
    const job = await getJob(queued.id);
    expect(job?.status).toBe('queued');
    expect(job?.attempts).toBe(0);
  });
});
