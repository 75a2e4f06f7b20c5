// `npm run bench:scale`: the demo shop at scale, end to end, with time and peak RSS per stage.
// Generates `portrait demo --users N --seed 7` (or reuses the files in --data-dir, by default under
// /tmp), imports it into a kept database on the local Postgres (or reuses the dataset there),
// retrains it through the job queue with 1 `portrait worker` and then with 2 (the chunk phase
// after the sample fit runs as train_chunk jobs that every worker takes), and times the read
// API's queries (in process, no HTTP: `npm run bench:api` measures over HTTP) on the trained dataset.
//   npm run bench:scale                                   1,000,000 users (about 20.8M events)
//   npm run bench:scale -- --users 100000                 smaller
//   npm run bench:scale -- --users 100000 --fresh         drop the kept database first
//   npm run bench:scale -- --users 100000 --reads-only    only the reads, on the kept trained dataset
//   npm run bench:scale -- --workers 2                    only the 2-worker retrain
// Each process's RSS is read from /proc (Linux) every 250 ms: per stage, the largest RSS of any
// worker while the retrain showed that stage; per run, each worker's peak (VmHWM).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePools, getPool } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { enqueueJob } from '@/lib/jobs/queue';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { listSegmentUsers } from '@/lib/queries/listSegmentUsers';
import { listUserRecommendations } from '@/lib/queries/listUserRecommendations';
import { defaultFitSampleUsers } from '@/lib/training/fitSample';
import type { StageMemory } from '@/lib/training/trainDataset';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '7' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'data-dir': { type: 'string' },
    /** users the models fit on; the training default (100,000) or a fifth of the users when fewer, so the chunk phase runs at every size */
    'fit-sample-users': { type: 'string' },
    'chunk-users': { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1,2' },
    fresh: { type: 'boolean', default: false },
    reads: { type: 'string', default: '400' },
    'reads-only': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const users = Number(values.users);
if (!Number.isInteger(users) || users < 100) throw new Error('--users must be a whole number of at least 100');
const seed = Number(values.seed);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'portrait.js');
const dataDir = values['data-dir'] ?? path.join(tmpdir(), 'portrait-bench-scale', `demo-${users}-seed-${seed}`);
const fitSample = Number(values['fit-sample-users'] ?? Math.min(defaultFitSampleUsers, Math.floor(users / 5)));
const chunkUsers = Number(values['chunk-users']);
const workerCounts = (values.workers ?? '1,2').split(',').map(Number);
if (!workerCounts.every((n) => Number.isInteger(n) && n >= 1))
  throw new Error('--workers must list whole numbers, e.g. 1,2');
const database = values.database ?? `portrait_bench_scale_${users}`;
if (!database.startsWith('portrait_bench')) throw new Error('--database must name a portrait_bench* database');
const url = new URL(values.server);
url.pathname = `/${database}`;

interface StageFigures {
  stage: string;
  seconds: number;
  peakRssMb: number | null;
}
const figures: StageFigures[] = [];

interface Training {
  workers: number;
  seconds: number;
  /** the run's own stage timings (ms), as trainDataset measures them */
  timings: Record<string, number>;
  /** the coordinating worker's memory as each stage ended (MB) */
  memory: Record<string, StageMemory>;
  /** per stage the retrain job showed: seconds it showed it, the largest RSS of any worker meanwhile (MB) */
  stages: { stage: string; seconds: number; peakRssMb: number }[];
  /** each worker's peak RSS over the whole retrain (VmHWM, MB) */
  workerPeakRssMb: number[];
  loadAverage: { before: number; after: number };
}
const trainings: Training[] = [];
const stageOrder = [
  'start',
  'load',
  'behaviourFeatures',
  'behaviourEmbedding',
  'text',
  'profile',
  'segments',
  'map',
  'predictions',
  'personas',
  'save',
];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [bin, 'worker', '--no-schedules'], {
    env: { ...process.env, DATABASE_URL: url.toString(), PORTRAIT_JOB_POLL_MS: '200' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  return child;
}

/**
 * One retrain of the dataset through the job queue with `workers` fresh `portrait worker`
 * processes: the first to claim it fits the sample and coordinates, and every worker takes
 * train_chunk jobs. Stages are read from the train job's row as the dashboard shows them.
 */
async function trainWithWorkers(datasetId: number, workers: number): Promise<Training> {
  const children = Array.from({ length: workers }, startWorker);
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const queued = await enqueueJob({
    type: 'train',
    datasetId,
    payload: { seed, textModel: false, fitSampleUsers: fitSample, chunkUsers },
    createdBy: 'bench:scale',
  });
  const jobId = queued.job.id;
  const byStage = new Map<string, { first: number; last: number; peakRssMb: number }>();
  let job: {
    status: string;
    stage: string | null;
    result: { timings?: Record<string, number>; memory?: Record<string, StageMemory> } | null;
    error: string | null;
  };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = (await pool.query<typeof job>('SELECT status, stage, result, error FROM jobs WHERE id = $1', [jobId]))
      .rows[0];
    const now = (performance.now() - started) / 1000;
    // a stage's label, without the detail inside it ("segments: k = 4 of 2-12")
    const stageName = job.status === 'queued' ? 'queued' : (job.stage ?? 'starting').split(':')[0];
    const rss = await Promise.all(children.map((child) => rssMb(child.pid as number, 'VmRSS')));
    const largest = Math.max(0, ...rss.map((value) => value ?? 0));
    const seen = byStage.get(stageName);
    if (seen) {
      seen.last = now;
      seen.peakRssMb = Math.max(seen.peakRssMb, largest);
    } else byStage.set(stageName, { first: now, last: now, peakRssMb: largest });
    if (job.status !== 'queued' && job.status !== 'running') break;
  }
  const seconds = (performance.now() - started) / 1000;
  const workerPeakRssMb = (await Promise.all(children.map((child) => peakRssMb(child.pid as number)))).map(
    (value) => value ?? 0,
  );
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  if (job.status !== 'succeeded') throw new Error(`the ${workers}-worker retrain ${job.status}: ${job.error}`);
  const ordered = [...byStage].sort((a, b) => a[1].first - b[1].first);
  const stages = ordered.map(([stage, seen], i) => ({
    stage,
    seconds: Math.round(((ordered[i + 1]?.[1].first ?? seen.last) - seen.first) * 10) / 10,
    peakRssMb: seen.peakRssMb,
  }));
  const training: Training = {
    workers,
    seconds,
    timings: job.result?.timings ?? {},
    memory: job.result?.memory ?? {},
    stages,
    workerPeakRssMb,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
  };
  console.log(
    `train with ${workers} worker${workers > 1 ? 's' : ''}: ${seconds.toFixed(1)} s wall, peak RSS per worker ` +
      `${workerPeakRssMb.join(', ')} MB; load average ${loadBefore.toFixed(1)} before, ${training.loadAverage.after.toFixed(1)} after`,
  );
  for (const stage of stages)
    console.log(
      `  ${stage.stage.padEnd(34)} ${stage.seconds.toFixed(1).padStart(7)} s  ${String(stage.peakRssMb).padStart(6)} MB`,
    );
  console.log(
    `  run stages (s): ${Object.entries(training.timings)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `  coordinator's memory at stage ends (MB rss/heap/arrayBuffers): ${Object.entries(training.memory)
      // stored as jsonb, which orders keys its own way: back in the order the stages ran
      .sort((a, b) => stageOrder.indexOf(a[0]) - stageOrder.indexOf(b[0]))
      .map(([name, m]) => `${name} ${m.rss}/${m.heapUsed}/${m.arrayBuffers}`)
      .join(', ')}`,
  );
  return training;
}

/** a running process's resident memory in MB, now (VmRSS) or its peak so far (VmHWM), from /proc; null where there is none */
async function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmHWM'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
const peakRssMb = (pid: number) => rssMb(pid, 'VmHWM');

/** Runs the CLI in a child process; answers its stdout, and records wall time and peak RSS. */
async function stage(name: string, args: string[]): Promise<string> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  let peak: number | null = null;
  const poll = setInterval(async () => {
    const now = await peakRssMb(child.pid as number);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  figures.push({ stage: name, seconds, peakRssMb: peak });
  console.log(`${name}: ${seconds.toFixed(1)} s wall, peak RSS ${peak ?? '?'} MB`);
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${out.slice(-4000)}`);
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

console.log(
  `bench:scale, ${users.toLocaleString('en-US')} users, seed ${seed}; ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GB, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
if (values.fresh) await dropDatabase(values.server, database);
await ensureDatabase(values.server, database);
await applyMigrations(url.toString());
process.env.DATABASE_URL = url.toString();
const pool = getPool();
try {
  if (!values['reads-only']) {
    const events = path.join(dataDir, 'events.csv');
    if (existsSync(events) && existsSync(path.join(dataDir, 'users.csv')))
      console.log(`Reusing the demo in ${dataDir}`);
    else await stage('demo', ['demo', '--users', String(users), '--seed', String(seed), '--out', dataDir]);

    const existing = await pool.query<{ id: number; events: number }>(
      `SELECT id, (SELECT count(*)::int FROM events e WHERE e.dataset_id = d.id) AS events FROM datasets d WHERE name = 'shop'`,
    );
    if (existing.rows[0]?.events)
      console.log(`Reusing dataset "shop" in ${database}: ${existing.rows[0].events} events`);
    else
      await stage('import', [
        'import',
        '--dataset',
        'shop',
        '--events',
        events,
        '--items',
        path.join(dataDir, 'items.csv'),
        '--users',
        path.join(dataDir, 'users.csv'),
      ]);

    const datasetId = (await pool.query<{ id: number }>("SELECT id FROM datasets WHERE name = 'shop'")).rows[0].id;
    for (const workers of workerCounts) trainings.push(await trainWithWorkers(datasetId, workers));
    const [one, two] = [trainings.find((t) => t.workers === 1), trainings.find((t) => t.workers === 2)];
    if (one && two) {
      const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (b / a).toFixed(2) : '?');
      console.log(
        `2 workers / 1 worker: retrain ${ratio(one.seconds, two.seconds)}x, chunk phase (everyUser) ` +
          `${ratio(one.timings.everyUser, two.timings.everyUser)}x`,
      );
    }
  }

  // The read API's queries on the trained dataset: random users, ten at a time, as the routes call them.
  const datasetId = (await pool.query<{ id: number }>("SELECT id FROM datasets WHERE name = 'shop'")).rows[0].id;
  const k = (
    await pool.query<{ k: number }>(
      'SELECT count(*)::int AS k FROM segments s JOIN datasets d ON d.active_run_id = s.run_id WHERE d.id = $1',
      [datasetId],
    )
  ).rows[0].k;
  const { rows: sample } = await pool.query<{ user_id: string }>(
    'SELECT user_id FROM tracked_users WHERE dataset_id = $1 ORDER BY md5(user_id) LIMIT $2',
    [datasetId, Number(values.reads)],
  );
  const reads: [string, (userId: string, i: number) => Promise<unknown>][] = [
    ['profile (GET /users/:id)', (userId) => getUserProfile(datasetId, userId)],
    ['recommendations (GET /users/:id/recommendations)', (userId) => listUserRecommendations(datasetId, userId, 10)],
    ['segment detail (GET /segments/:i)', (_, i) => getSegmentDetail(datasetId, i % Math.max(1, k))],
    [
      'segment members (GET /segments/:i/users)',
      (_, i) => listSegmentUsers(datasetId, i % Math.max(1, k), { page: 1 + (i % 20), pageSize: 50, sort: 'distance' }),
    ],
  ];
  const all: number[] = [];
  for (const [name, read] of reads) {
    const times: number[] = [];
    const concurrency = 10;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < sample.length) {
          const i = next++;
          const started = performance.now();
          await read(sample[i].user_id, i);
          times.push(performance.now() - started);
        }
      }),
    );
    times.sort((a, b) => a - b);
    for (const time of times) all.push(time);
    console.log(
      `read ${name}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${times.length} calls, 10 at a time)`,
    );
  }
  all.sort((a, b) => a - b);
  console.log(
    `read API, all queries: p50 ${percentile(all, 0.5).toFixed(1)} ms, p95 ${percentile(all, 0.95).toFixed(1)} ms`,
  );
  console.log(JSON.stringify({ users, seed, fitSample, chunkUsers, stages: figures, trainings }));
} finally {
  await closePools();
}
