import { Worker } from 'node:worker_threads';
import { connectionOptions, getPool } from '@/lib/db/connection';
import type { ClaimToken } from './queue';

/** What the heartbeat has heard about the job, read synchronously between stages. */
export const heartbeatFlag = { none: 0, cancelAsked: 1, lost: 2 } as const;

const beatSql = `UPDATE jobs SET heartbeat_at = now()
  WHERE id = $1 AND worker_id = $2 AND attempts = $3 AND status = 'running' RETURNING cancel_asked`;

export interface Heartbeat {
  /** one of heartbeatFlag */
  read(): number;
  /**
   * Hands the job's stage and percent to the heartbeat's thread, which writes them even while a
   * synchronous stage blocks this thread; false when there is no thread (write them yourself).
   */
  progress(stage: string, percent: number): boolean;
  /** settles once every progress handed over is written */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export type HeartbeatMode = 'thread' | 'inline';

/**
 * The beat runs on a thread with a connection of its own, so a long synchronous stage on the
 * main thread does not make the job look dead; `inline` shares the process pool instead.
 */
export function startHeartbeat(token: ClaimToken, intervalMs: number, mode: HeartbeatMode = 'thread'): Heartbeat {
  const flags = new Int32Array(new SharedArrayBuffer(4));
  return mode === 'thread' ? threadHeartbeat(token, intervalMs, flags) : inlineHeartbeat(token, intervalMs, flags);
}

function threadHeartbeat(token: ClaimToken, intervalMs: number, flags: Int32Array): Heartbeat {
  const connectionString = connectionOptions().connectionString as string;
  const thread = new Worker(new URL('./heartbeatThread.mjs', import.meta.url), {
    workerData: {
      connectionString,
      jobId: token.jobId,
      workerId: token.workerId,
      attempt: token.attempt,
      intervalMs,
      flags: flags.buffer,
    },
  });
  thread.on('error', () => {});
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  let alive = true;
  thread.once('exit', () => {
    alive = false;
  });
  return {
    read: () => Atomics.load(flags, 0),
    progress(stage, percent) {
      if (!alive) return false;
      thread.postMessage({ type: 'progress', stage, percent });
      return true;
    },
    flush() {
      if (!alive) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // a database that stopped answering must not hold the job's end
        const timer = setTimeout(() => done(), 2_000);
        const done = () => {
          clearTimeout(timer);
          thread.off('message', onMessage);
          thread.off('exit', done);
          resolve();
        };
        const onMessage = (message: unknown) => {
          if (message === 'flushed') done();
        };
        thread.on('message', onMessage);
        thread.once('exit', done);
        thread.postMessage('flush');
      });
    },
    async stop() {
      thread.postMessage('stop');
      const timer = setTimeout(() => thread.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function inlineHeartbeat(token: ClaimToken, intervalMs: number, flags: Int32Array): Heartbeat {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const beat = async () => {
    try {
      const { rows } = await getPool().query<{ cancel_asked: boolean }>(beatSql, [
        token.jobId,
        token.workerId,
        token.attempt,
      ]);
      const flag =
        rows.length === 0 ? heartbeatFlag.lost : rows[0].cancel_asked ? heartbeatFlag.cancelAsked : heartbeatFlag.none;
      if (flag > Atomics.load(flags, 0)) Atomics.store(flags, 0, flag);
    } catch {
      // retried on the next tick
    }
  };
  const tick = () => {
    running = beat().then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    read: () => Atomics.load(flags, 0),
    progress: () => false,
    flush: () => Promise.resolve(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
