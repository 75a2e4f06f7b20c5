import pg from 'pg';
import { connectionOptions } from '@/lib/db/connection';
import { isTransientDatabaseError } from '@/lib/db/isTransientDatabaseError';
import { type DrainedBatch, drainProfileUpdates } from './drainProfileUpdates';
import { profileUpdateChannel } from './enqueueProfileUpdates';
import { setAsideOldestUpdate } from './setAsideOldestUpdate';

export interface ProfileUpdaterOptions {
  log?: (line: string) => void;
  /** how often to look for queued updates when no notice came (default 500 ms) */
  pollMs?: number;
  /** rows per transaction (default 1,000) */
  maxRows?: number;
  onBatch?: (batch: DrainedBatch) => void;
}

export interface RunningProfileUpdater {
  /** lets the transaction in progress finish, then stops */
  stop(): Promise<void>;
}

const setAsidePauseMs = 60_000;

function pollMsFrom(env = process.env): number {
  const value = Number(env.PORTRAIT_PROFILE_UPDATE_POLL_MS);
  return Number.isFinite(value) && value >= 10 ? value : 500;
}

/**
 * The loop that keeps profiles following accepted events: it drains the profile update queue
 * while rows are there, then sleeps until a notice from an accepting transaction (or the poll
 * interval) wakes it. It runs beside the job loop in every worker, so a long retrain never holds
 * updates up; several workers share the queue without taking the same rows. A batch that fails
 * for a reason other than the database's availability is tried again in halves, down to its
 * oldest user alone, whose update is then set aside (setAsideOldestUpdate): one user whose update
 * cannot succeed never holds up the users queued behind them.
 */
export function startProfileUpdater(options: ProfileUpdaterOptions = {}): RunningProfileUpdater {
  const log = options.log ?? (() => {});
  const pollMs = options.pollMs ?? pollMsFrom();
  let stopping = false;
  let wake: () => void = () => {};
  let notified = false;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (notified || stopping) {
        notified = false;
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const notice = () => {
    notified = true;
    wake();
  };

  let listener: pg.Client | null = null;
  const listen = async () => {
    if (stopping) return;
    const own = new pg.Client({ connectionString: connectionOptions().connectionString });
    listener = own;
    const lost = () => {
      if (listener !== own) return;
      listener = null;
      own.end().catch(() => {});
      // polling covers the gap
      if (!stopping) setTimeout(listen, 1000).unref();
    };
    own.on('error', lost);
    own.on('end', lost);
    own.on('notification', notice);
    try {
      await own.connect();
      await own.query(`LISTEN ${profileUpdateChannel}`);
    } catch {
      lost();
    }
  };
  void listen();

  const fullBatch = options.maxRows ?? 1000;
  const loop = (async () => {
    let lastError = '';
    let maxRows = fullBatch;
    // A failure in every update (a bug, a schema out of date) would otherwise set every queued
    // user aside one by one: without a batch succeeding in between, at most one a minute.
    let succeededSinceSetAside = true;
    let lastSetAsideAt = 0;
    while (!stopping) {
      let drainedRows = 0;
      try {
        notified = false;
        const batches = await drainProfileUpdates({ maxRows, log });
        for (const batch of batches) {
          drainedRows += batch.users;
          options.onBatch?.(batch);
          if (batch.outcome === 'skipped')
            log(`Profile updates of dataset ${batch.datasetId} dropped: ${batch.reason}`);
        }
        lastError = '';
        maxRows = fullBatch;
        if (drainedRows > 0) succeededSinceSetAside = true;
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastError) log(`Profile updater: ${message}`);
        lastError = message;
        drainedRows = 0;
        if (!isTransientDatabaseError(error)) {
          if (maxRows > 1) {
            maxRows = Math.ceil(maxRows / 2);
            continue;
          }
          // the oldest user alone failed; until it is set aside, the next try is that user alone again
          if (succeededSinceSetAside || Date.now() - lastSetAsideAt >= setAsidePauseMs) {
            try {
              const setAside = await setAsideOldestUpdate();
              if (setAside) {
                maxRows = fullBatch;
                succeededSinceSetAside = false;
                lastSetAsideAt = Date.now();
                log(
                  `Profile update of user ${setAside.userId} (dataset ${setAside.datasetId}) set aside: it failed alone (${message}); their profile follows again with their next event or the next retrain`,
                );
                continue;
              }
            } catch (setAsideError) {
              log(`Profile updater: ${(setAsideError as Error).message}`);
            }
          }
        }
      }
      if (drainedRows === 0 && !stopping) await pause(lastError ? Math.max(pollMs, 1000) : pollMs);
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
      const own = listener;
      listener = null;
      await own?.end().catch(() => {});
    },
  };
}
