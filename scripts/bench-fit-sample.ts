// `npm run bench:fit-sample`: a dataset trained twice, every model fitted on all users and on a
// stratified sample (then applied to everyone chunk by chunk), with time, peak RSS and quality of
// each: segments against the planted personas (ARI), churn hold-out AUC, recommendations'
// validation nDCG@10, and how far the two runs' segments and churn scores agree.
//   npm run bench:fit-sample -- --database portrait_bench_fitsample_100k --sample 50000
//   npm run bench:fit-sample -- --compare 1,2                  quality of two stored runs only
// The dataset ("shop" by default) must be imported already, e.g. from
// `portrait demo --users 100000 --seed 3` (its users.csv carries true_persona).
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePools, getPool } from '@/lib/db/connection';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'portrait_bench_fitsample_100k' },
    dataset: { type: 'string', default: 'shop' },
    sample: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    /** two run ids, full then sampled: measure their quality only, without training */
    compare: { type: 'string' },
  },
});
const url = new URL(values.server);
url.pathname = `/${values.database}`;
process.env.DATABASE_URL = url.toString();
const bin = path.join(import.meta.dirname, '..', 'bin', 'portrait.js');

interface Trained {
  runId: number;
  users: number;
  timings: Record<string, number>;
  peakRssMb: number;
  wallSeconds: number;
}

async function train(fitSampleUsers: number): Promise<Trained> {
  const started = performance.now();
  const args = [bin, 'train', '--dataset', values.dataset, '--no-text-model', '--json'];
  args.push('--seed', values.seed, '--fit-sample-users', String(fitSampleUsers));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`train failed (exit ${code}):\n${out.slice(-4000)}`);
  const json = JSON.parse(out.slice(out.indexOf('{'))) as Omit<Trained, 'wallSeconds'>;
  return { ...json, wallSeconds: (performance.now() - started) / 1000 };
}

async function storedRun(runId: number) {
  const pool = getPool();
  const { rows: profiles } = await pool.query<{ user_id: string; segment_index: number; persona: string | null }>(
    `SELECT p.user_id, p.segment_index, a.value_text AS persona
     FROM user_profiles p JOIN model_runs r ON r.id = p.run_id
     LEFT JOIN user_attributes a ON a.dataset_id = r.dataset_id AND a.user_id = p.user_id AND a.name = 'true_persona'
     WHERE p.run_id = $1 ORDER BY p.user_id`,
    [runId],
  );
  const { rows: churn } = await pool.query<{ user_id: string; value: number }>(
    `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'churn' ORDER BY user_id`,
    [runId],
  );
  const { rows: runs } = await pool.query<{ metrics: Record<string, { auc?: number; validationNdcg?: number }> }>(
    'SELECT metrics FROM model_runs WHERE id = $1',
    [runId],
  );
  const labelled = profiles.filter((row) => row.persona !== null);
  return {
    segmentOf: new Map(profiles.map((row) => [row.user_id, row.segment_index])),
    churnOf: new Map(churn.map((row) => [row.user_id, row.value])),
    ari: adjustedRandIndex(
      labelled.map((row) => row.segment_index),
      labelled.map((row) => row.persona as string),
    ),
    churnAuc: runs[0].metrics.churn?.auc ?? null,
    ndcg: runs[0].metrics.recommend?.validationNdcg ?? null,
  };
}

function pearson(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((sum, x) => sum + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`bench:fit-sample on ${values.database}, ${cpus().length} cores, load average ${load()}`);
try {
  const sample = Number(values.sample);
  const [fullRun, sampledRun] = (values.compare ?? '').split(',').map(Number);
  const stored = (runId: number): Trained => ({ runId, users: 0, timings: {}, peakRssMb: 0, wallSeconds: 0 });
  const full = values.compare ? stored(fullRun) : await train(0);
  console.log(`full fit: ${full.wallSeconds.toFixed(1)} s wall, peak RSS ${full.peakRssMb} MB, load ${load()}`);
  const sampled = values.compare ? stored(sampledRun) : await train(sample);
  console.log(
    `sample of ${sample}: ${sampled.wallSeconds.toFixed(1)} s wall, peak RSS ${sampled.peakRssMb} MB, load ${load()}`,
  );
  const a = await storedRun(full.runId);
  const b = await storedRun(sampled.runId);
  const users = [...a.churnOf.keys()].filter((user) => b.churnOf.has(user));
  console.log(
    JSON.stringify(
      {
        users: full.users,
        full: { runId: full.runId, wallSeconds: full.wallSeconds, peakRssMb: full.peakRssMb, timings: full.timings },
        sampled: {
          runId: sampled.runId,
          sample,
          wallSeconds: sampled.wallSeconds,
          peakRssMb: sampled.peakRssMb,
          timings: sampled.timings,
        },
        quality: {
          ari: { full: a.ari, sampled: b.ari },
          churnAuc: { full: a.churnAuc, sampled: b.churnAuc },
          ndcg: { full: a.ndcg, sampled: b.ndcg },
          segmentsAgree: adjustedRandIndex([...a.segmentOf.values()], [...b.segmentOf.values()]),
          churnScoresPearson: pearson(
            users.map((user) => a.churnOf.get(user) as number),
            users.map((user) => b.churnOf.get(user) as number),
          ),
          usersProfiled: { full: a.segmentOf.size, sampled: b.segmentOf.size },
          usersWithChurnScore: { full: a.churnOf.size, sampled: b.churnOf.size },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await closePools();
}
