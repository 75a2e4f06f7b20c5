// `npm run bench:train`: full `portrait train` (no text model) on a generated demo shop imported
// into a fresh database on the local Postgres, then the k-means comparison with scikit-learn.
//   npm run bench:train -- --users 100000   (default; about 2 million events)
//   npm run bench:train -- --database portrait_bench_keep   (kept afterwards; the demo is generated
//   and imported only when that database has no "bench" dataset yet, and the runs in it are
//   cleared before training, so a repeat measures the same work as a fresh database)
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePools, getPool } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'skip-kmeans': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const users = Number(values.users);
const keep = values.database !== undefined;
const database = values.database ?? `portrait_bench_train_${process.pid}`;
if (!database.startsWith('portrait_bench'))
  throw new Error('--database must name a portrait_bench* database: its runs are cleared');
await ensureDatabase(values.server, database);
const url = new URL(values.server);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
try {
  await applyMigrations(url.toString());
  const pool = getPool();
  const existing = await pool.query<{ id: number; users: number; events: number }>(
    `SELECT id, (SELECT count(*)::int FROM tracked_users t WHERE t.dataset_id = d.id) AS users,
       (SELECT count(*)::int FROM events e WHERE e.dataset_id = d.id) AS events
     FROM datasets d WHERE name = 'bench'`,
  );
  if (existing.rows[0]) {
    const { id, users: have, events } = existing.rows[0];
    console.log(`Reusing dataset "bench" in ${database}: ${have} users, ${events} events`);
    // emptied rather than deleted from, so the run's rows go into new pages as in a fresh database
    await pool.query('UPDATE datasets SET active_run_id = NULL WHERE id = $1', [id]);
    await pool.query('TRUNCATE segments, user_profiles, prediction_targets, scores, recommendations, run_artifacts');
    await pool.query('DELETE FROM model_runs');
    await pool.query('VACUUM ANALYZE');
  } else {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-bench-train-'));
    const demo = await generateDemo({ users, seed: 1, outDir });
    console.log(`Demo: ${demo.counts.users} users, ${demo.counts.events} events, ${demo.counts.items} items`);
    const importStart = performance.now();
    const imported = await importFiles({ datasetName: 'bench', ...demo.files });
    if (!imported.ok) throw new Error('import failed');
    console.log(`Import: ${((performance.now() - importStart) / 1000).toFixed(1)} s`);
  }
  await closePools();
  // Train in a child process so its wall time and peak RSS are the command's own.
  const bin = path.join(import.meta.dirname, '..', 'bin', 'portrait.js');
  // the machine may be shared: the load average says how much of it the measurement had
  const loadBefore = loadavg();
  const started = performance.now();
  const train = spawnSync(process.execPath, [bin, 'train', '--dataset', 'bench', '--no-text-model', '--json'], {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const wall = (performance.now() - started) / 1000;
  const loadAfter = loadavg();
  if (train.status !== 0) throw new Error(`train failed: ${train.stdout}`);
  const result = JSON.parse(train.stdout.slice(train.stdout.indexOf('{')));
  console.log(`portrait train --no-text-model on ${result.users} users: ${wall.toFixed(1)} s wall`);
  console.log(
    `  k = ${result.k}, silhouette ${result.silhouette.toFixed(3)}, Davies-Bouldin ${result.daviesBouldin.toFixed(3)}`,
  );
  console.log(`  stage timings (ms): ${JSON.stringify(result.timings)}`);
  console.log(`  peak RSS of the train process: ${result.peakRssMb} MB`);
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  console.log(`  load average (1, 5, 15 min) before: ${load(loadBefore)}, after: ${load(loadAfter)}`);
} finally {
  await closePools();
  if (!keep) await dropDatabase(values.server, database);
}

if (!values['skip-kmeans']) {
  spawnSync(
    path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx'),
    [path.join(import.meta.dirname, 'bench-kmeans.ts')],
    {
      stdio: 'inherit',
    },
  );
}
