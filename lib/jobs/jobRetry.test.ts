import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, databaseUrl, getPool } from '@/lib/db/connection';
import type { JobHandler } from './jobHandler';
import type { Job, JobType } from './jobTypes';
import { claimNextJob, enqueueJob, getJob } from './queue';
import { runJob } from './runJob';

afterAll(async () => {
  await closePools();
});

let counter = 0;
async function enqueue(label: string, maxAttempts: number): Promise<{ type: JobType; job: Job }> {
  counter += 1;
  const type = `test-retry-${label}-${process.pid}-${counter}` as JobType;
  const result = await enqueueJob({ type, datasetId: null, payload: {}, createdBy: 'tester', maxAttempts });
  if (!result.created) throw new Error('not created');
  return { type, job: result.job };
}

/** Claims and runs the job until it is queued no more, as a worker would; returns it at the end. */
async function runUntilSettled(type: JobType, jobId: number, handler: JobHandler): Promise<Job> {
  for (;;) {
    const claimed = await claimNextJob('retry-tester', [type]);
    if (!claimed) break;
    await runJob(claimed, handler, { workerId: 'retry-tester', heartbeatMs: 50, retryBackoffMs: 10 }).done;
  }
  return (await getJob(jobId)) as Job;
}

/**
 * A handler whose query dies as on a server restart: another session terminates its backend
 * (SQLSTATE 57P01), for the first `failures` attempts.
 */
function droppedConnectionHandler(failures: number): { handler: JobHandler; attempts: () => number } {
  let attempts = 0;
  const handler: JobHandler = async () => {
    attempts += 1;
    const client = new pg.Client({ connectionString: databaseUrl() });
    client.on('error', () => {});
    await client.connect();
    try {
      if (attempts <= failures) {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        const sleeping = client.query('SELECT pg_sleep(30)').then(
          () => null,
          (error: Error) => error,
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        await getPool().query('SELECT pg_terminate_backend($1)', [pid]);
        const failure = await sleeping;
        if (failure) throw failure;
      }
      return { attempt: attempts };
    } finally {
      await client.end().catch(() => {});
    }
  };
  return { handler, attempts: () => attempts };
}

describe('retrying jobs', () => {
  it('retries an attempt that failed for a transient database error, as its attempt count says', async () => {
    const { type, job } = await enqueue('transient', 3);
    const { handler, attempts } = droppedConnectionHandler(1);
    const settled = await runUntilSettled(type, job.id, handler);
    expect(settled.status).toBe('succeeded');
    expect(settled.attempts).toBe(2);
    expect(attempts()).toBe(2);
    expect(settled.result).toEqual({ attempt: 2 });
    expect(settled.log.join('\n')).toMatch(/Attempt 1 of 3 failed for a passing database error .*; retrying/);
  });

  it('fails once the attempts are spent', async () => {
    const { type, job } = await enqueue('spent', 2);
    const { handler, attempts } = droppedConnectionHandler(5);
    const settled = await runUntilSettled(type, job.id, handler);
    expect(settled.status).toBe('failed');
    expect(settled.attempts).toBe(2);
    expect(attempts()).toBe(2);
    expect(settled.error).toMatch(/terminating connection/);
  });

  it('does not retry a job that failed for bad input', async () => {
    const { type, job } = await enqueue('bad-input', 3);
    let attempts = 0;
    const settled = await runUntilSettled(type, job.id, async () => {
      attempts += 1;
      await getPool().query(`SELECT 'not a number'::int`);
      return {};
    });
    expect(settled.status).toBe('failed');
    expect(settled.attempts).toBe(1);
    expect(attempts).toBe(1);
    expect(settled.error).toMatch(/invalid input syntax for type integer/);
  });
});
