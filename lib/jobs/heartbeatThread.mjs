// The heartbeat of one running job, in a worker thread with its own connection, so that the job's
// synchronous stages (k-means, SVD) cannot silence it: the beat says "this process is alive".
// Plain JavaScript on purpose: a worker thread does not inherit tsx's TypeScript loader.
// It writes what it hears back into `flags` (Int32Array over a SharedArrayBuffer), which the job
// reads synchronously in its progress callback. Keep BEAT_SQL in step with beatSql in heartbeat.ts.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';

const BEAT_SQL = `UPDATE jobs SET heartbeat_at = now()
  WHERE id = $1 AND worker_id = $2 AND attempts = $3 AND status = 'running' RETURNING cancel_asked`;
// Progress travels through this thread too: the main thread posts it even while a synchronous
// stage blocks its own event loop, and it is written from here. Keep the fence in step with queue.ts.
const PROGRESS_SQL = `UPDATE jobs SET stage = $4, percent = $5, heartbeat_at = now()
  WHERE id = $1 AND worker_id = $2 AND attempts = $3 AND status = 'running'`;
const CANCEL_ASKED = 1;
const LOST = 2;

const { connectionString, jobId, workerId, attempt, intervalMs, flags } = workerData;
const state = new Int32Array(flags);
let client = null;
let timer = null;
let stopping = false;
/** the latest progress not yet written; older ones are skipped */
let pendingProgress = null;
let writing = null;

function raise(flag) {
  if (flag > Atomics.load(state, 0)) Atomics.store(state, 0, flag);
}

async function connected() {
  if (!client) {
    const fresh = new pg.Client({ connectionString });
    fresh.on('error', () => {
      if (client === fresh) client = null;
    });
    client = fresh;
    await fresh.connect();
  }
  return client;
}

async function writeProgress() {
  while (pendingProgress) {
    const { stage, percent } = pendingProgress;
    pendingProgress = null;
    try {
      await (await connected()).query(PROGRESS_SQL, [
        jobId,
        workerId,
        attempt,
        stage,
        Math.max(0, Math.min(100, percent)),
      ]);
    } catch {
      // the next progress carries the latest figure; a lost one is not worth failing a job
    }
  }
  writing = null;
}

async function beat() {
  try {
    await connected();
    const { rows } = await client.query(BEAT_SQL, [jobId, workerId, attempt]);
    if (rows.length === 0) raise(LOST);
    else if (rows[0].cancel_asked) raise(CANCEL_ASKED);
  } catch {
    // A failed beat is retried on the next tick; enough failures in a row make the job stale,
    // which is the truth when this process cannot reach the database.
    const broken = client;
    client = null;
    broken?.end().catch(() => {});
  }
}

async function loop() {
  await beat();
  if (!stopping) timer = setTimeout(loop, intervalMs);
}

parentPort.on('message', async (message) => {
  if (message && message.type === 'progress') {
    pendingProgress = { stage: message.stage, percent: message.percent };
    writing ??= writeProgress();
    return;
  }
  if (message === 'flush') {
    await writing;
    parentPort.postMessage('flushed');
    return;
  }
  if (message !== 'stop') return;
  await writing;
  stopping = true;
  if (timer) clearTimeout(timer);
  await client?.end().catch(() => {});
  process.exit(0);
});

loop();
