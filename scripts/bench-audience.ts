// `npm run bench:audience`: the audience editor's live size (POST /api/audiences/preview's domain
// call) on a seeded dataset of 100,000 users with a complete run (test/helpers/seedRun.ts), for
// a few rules, the median of 7 calls after one warm-up. `--database portrait_bench_x` keeps the
// seeded data for the next time.
import { parseArgs } from 'node:util';
import { loadAudienceContext } from '@/lib/audiences/audienceContext';
import { audienceDefinition } from '@/lib/audiences/audienceDefinition';
import { findLookalikes } from '@/lib/audiences/findLookalikes';
import { previewAudience } from '@/lib/audiences/previewAudience';
import { profileForApps } from '@/lib/audiences/profileForApps';
import { createAudience, deleteAudience } from '@/lib/audiences/saveAudience';
import { closePools, getPool } from '@/lib/db/connection';
import { seedDatasetWithRun } from '@/test/helpers/seedRun';
import { openBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    database: { type: 'string' },
  },
});
const users = Number(values.users);
const database = await openBenchDatabase(values.server, 'audience', values.database);
try {
  const pool = getPool();
  const name = `bench-audience-${users}`;
  const existing = await pool.query<{ id: number; active_run_id: number }>(
    'SELECT id, active_run_id FROM datasets WHERE name = $1 AND active_run_id IS NOT NULL',
    [name],
  );
  let datasetId: number;
  let runId: number;
  if (existing.rows[0]) {
    datasetId = existing.rows[0].id;
    runId = existing.rows[0].active_run_id;
  } else {
    await pool.query('DELETE FROM datasets WHERE name = $1', [name]);
    const started = performance.now();
    const seeded = await seedDatasetWithRun({ name, users, seed: 7 });
    await pool.query('VACUUM ANALYZE');
    console.log(
      `seeded ${users} users, ${seeded.eventCount} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    datasetId = seeded.datasetId;
    runId = seeded.runId;
  }
  const { rows: events } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM events WHERE dataset_id = $1',
    [datasetId],
  );
  const rules = {
    'churn >= 0.7 AND segment AND purchased in the last 90 days': {
      kind: 'and',
      conditions: [
        { kind: 'score', target: 'churn', op: 'gte', value: 0.7 },
        { kind: 'segment', runId, segmentIndex: 3 },
        { kind: 'behaviour', did: true, eventType: 'purchase', atLeast: 1, withinDays: 90 },
      ],
    },
    'OR of a propensity and NOT (2+ purchases over 20 in 30 days)': {
      kind: 'or',
      conditions: [
        { kind: 'score', target: 'propensity:Cameras', op: 'gte', value: 0.5 },
        {
          kind: 'not',
          condition: { kind: 'behaviour', did: true, eventType: 'purchase', minValue: 20, atLeast: 2, withinDays: 30 },
        },
      ],
    },
    'spend >= 100 AND bought Books in 60 days AND age band 45-54': {
      kind: 'and',
      conditions: [
        { kind: 'profile', field: 'spend', op: 'gte', value: 100 },
        { kind: 'behaviour', did: true, eventType: 'purchase', category: 'Books', atLeast: 1, withinDays: 60 },
        { kind: 'attribute', name: 'age_band', op: 'eq', value: '45-54' },
      ],
    },
  };
  console.log(`live audience size on ${users} users, ${events[0].n} events (median of 7 after a warm-up):`);
  for (const [label, root] of Object.entries(rules)) {
    const definition = audienceDefinition.parse({ root });
    await previewAudience(datasetId, definition);
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      size = (await previewAudience(datasetId, definition)).size;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${label}: ${size} users, ${times[3].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[6].toFixed(0)})`,
    );
  }
  const first = audienceDefinition.parse({ root: Object.values(rules)[0] });
  const materialiseStarted = performance.now();
  const saved = await createAudience(datasetId, { name: `bench-${process.pid}`, definition: first, holdoutShare: 0.1 });
  console.log(
    `saving (materialising) the first audience: ${saved.size} members in ${(performance.now() - materialiseStarted).toFixed(0)} ms`,
  );
  const context = await loadAudienceContext(datasetId);
  const lookalikeStarted = performance.now();
  const lookalikes = await findLookalikes(context, first.root, saved.size);
  console.log(
    `lookalikes of it (N = ${lookalikes.userIds.length}, all ${users} profile vectors loaded): ${(performance.now() - lookalikeStarted).toFixed(0)} ms`,
  );
  await deleteAudience(saved.id, null);

  const { rows: sampleUsers } = await pool.query<{ user_id: string }>(
    'SELECT user_id FROM user_profiles WHERE run_id = $1 ORDER BY sample_key LIMIT 400',
    [runId],
  );
  const timed = async (userId: string) => {
    const started = performance.now();
    await profileForApps(datasetId, userId);
    return performance.now() - started;
  };
  const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
  const sequential: number[] = [];
  for (const row of sampleUsers.slice(0, 200)) sequential.push(await timed(row.user_id));
  console.log(
    `profile for apps (domain call, no HTTP), one at a time over 200 users: p50 ${percentile(sequential, 0.5).toFixed(1)} ms, p95 ${percentile(sequential, 0.95).toFixed(1)} ms`,
  );
  const concurrent = await Promise.all(sampleUsers.slice(200, 400).map((row) => timed(row.user_id)));
  console.log(
    `  200 at once (the pool queues them): p50 ${percentile(concurrent, 0.5).toFixed(1)} ms, p95 ${percentile(concurrent, 0.95).toFixed(1)} ms`,
  );
} finally {
  await closePools();
  await database.finish();
}
