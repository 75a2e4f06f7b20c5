// `npm run bench:scale`: the demo shop at scale, end to end, with time and peak RSS per stage.
// Generates `portrait demo --users N --seed 7` (or reuses the files in --data-dir), imports it into
// a kept database on the local Postgres (or reuses the dataset there), trains it with
// `portrait train --no-text-model` in a child process, and times the read API's queries (in
// process, no HTTP: `npm run bench:api` measures over HTTP) on the trained dataset.
//   npm run bench:scale                                   1,000,000 users (about 20.8M events)
//   npm run bench:scale -- --users 100000                 smaller
//   npm run bench:scale -- --users 100000 --fresh         drop the kept database first
//   npm run bench:scale -- --users 100000 --reads-only    only the reads, on the kept trained dataset
// Each stage runs as `node bin/portrait.js ...` in a child process; its peak RSS is the child's
// VmHWM from /proc (Linux), read while it runs. One worker only: chunked training across workers
// is not built yet (issue 21, point 2).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePools, getPool } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { listSegmentUsers } from '@/lib/queries/listSegmentUsers';
import { listUserRecommendations } from '@/lib/queries/listUserRecommendations';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '7' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'data-dir': { type: 'string' },
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
const dataDir = values['data-dir'] ?? path.join(root, '.data', 'bench-scale', `demo-${users}-seed-${seed}`);
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

/** peak resident memory of a running process so far, from /proc (null where there is none) */
async function peakRssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

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
  interface TrainOutput {
    users: number;
    k: number;
    timings: Record<string, number>;
    peakRssMb: number;
  }
  let trained: TrainOutput | null = null;
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

    const loadBefore = loadavg()[0];
    trained = JSON.parse(
      (
        await stage('train', ['train', '--dataset', 'shop', '--no-text-model', '--seed', String(seed), '--json'])
      ).replace(/^[^{]*/, ''),
    ) as TrainOutput;
    console.log(
      `  ${trained.users} users, k = ${trained.k}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`,
    );
    console.log(
      `  stages (s): ${Object.entries(trained.timings)
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`)
        .join(', ')}`,
    );
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
  console.log(JSON.stringify({ users, seed, stages: figures, trainStagesMs: trained?.timings ?? null }));
} finally {
  await closePools();
}
