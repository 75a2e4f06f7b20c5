// `npm run bench:train`: full `portrait train` (no text model) on a generated demo shop imported
// into a fresh database on the local Postgres, then the k-means comparison with scikit-learn.
//   npm run bench:train -- --users 100000   (default; about 2 million events)
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePools } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    server: { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
    'skip-kmeans': { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const database = `portrait_bench_train_${process.pid}`;
await ensureDatabase(values.server, database);
const url = new URL(values.server);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
try {
  await applyMigrations(url.toString());
  const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-bench-train-'));
  const demo = await generateDemo({ users, seed: 1, outDir });
  console.log(`Demo: ${demo.counts.users} users, ${demo.counts.events} events, ${demo.counts.items} items`);
  const importStart = performance.now();
  const imported = await importFiles({ datasetName: 'bench', ...demo.files });
  if (!imported.ok) throw new Error('import failed');
  console.log(`Import: ${((performance.now() - importStart) / 1000).toFixed(1)} s`);
  await closePools();
  // Train in a child process so its wall time and peak RSS are the command's own.
  const bin = path.join(import.meta.dirname, '..', 'bin', 'portrait.js');
  const started = performance.now();
  const train = spawnSync(process.execPath, [bin, 'train', '--dataset', 'bench', '--no-text-model', '--json'], {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const wall = (performance.now() - started) / 1000;
  if (train.status !== 0) throw new Error(`train failed: ${train.stdout}`);
  const result = JSON.parse(train.stdout.slice(train.stdout.indexOf('{')));
  console.log(`portrait train --no-text-model on ${result.users} users: ${wall.toFixed(1)} s wall`);
  console.log(`  k = ${result.k}, silhouette ${result.silhouette.toFixed(3)}, Davies-Bouldin ${result.daviesBouldin.toFixed(3)}`);
  console.log(`  stage timings (ms): ${JSON.stringify(result.timings)}`);
  console.log(`  peak RSS of the train process: ${result.peakRssMb} MB`);
} finally {
  await closePools();
  await dropDatabase(values.server, database);
}

if (!values['skip-kmeans']) {
  spawnSync(path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx'), [path.join(import.meta.dirname, 'bench-kmeans.ts')], {
    stdio: 'inherit',
  });
}
