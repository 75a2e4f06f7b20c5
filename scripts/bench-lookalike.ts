// `npm run bench:lookalike`: on the demo shop (planted personas in users.csv `true_persona`, never
// a feature), imported and trained with `portrait train --no-text-model`, take a seeded 10% sample
// of each planted persona as the seed and ask for its lookalikes with N = the persona's other
// members: precision@N = the share of those N that belong to the persona. Prints precision and
// the time of the lookalike search (loading the run's vectors included).
// `--database portrait_bench_x` keeps the trained dataset for the next time.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { lookalikesOf } from '@/lib/audiences/findLookalikes';
import { loadProfileVectors } from '@/lib/audiences/loadProfileVectors';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { openBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '8000' },
    seed: { type: 'string', default: '2' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    database: { type: 'string' },
  },
});
const users = Number(values.users);
const database = await openBenchDatabase(values.server, 'lookalike', values.database);
const datasetName = `lookalike-${users}`;

try {
  const pool = getPool();
  const demoDir = path.join(tmpdir(), `portrait-bench-lookalike-${users}-${values.seed}`);
  const usersCsv = path.join(demoDir, 'users.csv');
  const { rows: ready } = await pool.query<{ active_run_id: number | null }>(
    'SELECT active_run_id FROM datasets WHERE name = $1',
    [datasetName],
  );
  if (!ready[0]?.active_run_id || !(await readFile(usersCsv).catch(() => null))) {
    await pool.query('DELETE FROM datasets WHERE name = $1', [datasetName]);
    const demo = await generateDemo({ users, seed: Number(values.seed), outDir: demoDir });
    const imported = await importFiles({ datasetName, ...demo.files });
    if (!imported.ok) throw new Error('import failed');
    await closePools();
    const bin = path.join(import.meta.dirname, '..', 'bin', 'portrait.js');
    const started = performance.now();
    const train = spawnSync(process.execPath, [bin, 'train', '--dataset', datasetName, '--no-text-model', '--json'], {
      env: process.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (train.status !== 0) throw new Error(`train failed: ${train.stdout}`);
    console.log(`trained ${users} demo users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { rows } = await getPool().query<{ active_run_id: number }>(
    'SELECT active_run_id FROM datasets WHERE name = $1',
    [datasetName],
  );
  const runId = rows[0].active_run_id;
  const truth = parse(await readFile(usersCsv), { columns: true }) as { user_id: string; true_persona: string }[];
  const personaOf = new Map(truth.map((row) => [row.user_id, row.true_persona]));

  const loadStarted = performance.now();
  const profiles = await loadProfileVectors(runId);
  const loadMs = performance.now() - loadStarted;
  console.log(
    `demo shop: ${profiles.userIds.length} profiled users, ${profiles.dims}-d profile vectors (loaded in ${loadMs.toFixed(0)} ms)`,
  );
  const personas = [...new Set(profiles.userIds.map((userId) => personaOf.get(userId) ?? ''))].filter(Boolean).sort();
  const next = createSeededRandom(Number(values.seed)).next;
  const precisions: number[] = [];
  for (const persona of personas) {
    const members = profiles.userIds.filter((userId) => personaOf.get(userId) === persona);
    const seed = new Set(members.filter(() => next() < 0.1));
    const others = members.length - seed.size;
    const started = performance.now();
    const found = lookalikesOf(profiles, seed, others);
    const ms = performance.now() - started;
    const hits = found.userIds.filter((userId) => personaOf.get(userId) === persona).length;
    const precision = hits / Math.max(1, found.userIds.length);
    precisions.push(precision);
    console.log(
      `  ${persona.padEnd(20)} seed ${String(seed.size).padStart(5)}, N = ${String(others).padStart(6)}: precision ${precision.toFixed(3)} in ${ms.toFixed(0)} ms (+ ${loadMs.toFixed(0)} ms loading vectors)`,
    );
  }
  const mean = precisions.reduce((a, b) => a + b, 0) / Math.max(1, precisions.length);
  console.log(
    `mean precision@N over ${personas.length} personas: ${mean.toFixed(3)}; lowest ${Math.min(...precisions).toFixed(3)}`,
  );
} finally {
  await closePools();
  await database.finish();
}
