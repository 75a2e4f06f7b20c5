import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { foldUserEvents } from '@/lib/realtime/userEventState';
import { readUserEventStates } from '@/lib/realtime/userEventStateStore';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 2400;
const sampleUsers = 1200;

interface RunQuality {
  runId: number;
  /** segments against the demo's planted personas, over every user */
  ari: number;
  /** churn on the run's stratified hold-out */
  churnAuc: number;
  /** the served recommender on its validation split */
  ndcg: number;
  segmentOf: Map<string, number>;
  churnOf: Map<string, number>;
  recommended: Set<string>;
  /** stored scores per target */
  scoreCounts: Map<string, number>;
  meta: { fitSample?: { users: number; of: number; sampleOnlyTargets: string[] } };
  segmentSizes: number;
}

async function qualityOf(runId: number, truth: Map<string, string>): Promise<RunQuality> {
  const pool = getPool();
  const { rows: profiles } = await pool.query<{ user_id: string; segment_index: number }>(
    'SELECT user_id, segment_index FROM user_profiles WHERE run_id = $1 ORDER BY user_id',
    [runId],
  );
  const { rows: churn } = await pool.query<{ user_id: string; value: number }>(
    `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'churn'`,
    [runId],
  );
  const { rows: scoreCounts } = await pool.query<{ target: string; count: number }>(
    'SELECT target, count(*)::int AS count FROM scores WHERE run_id = $1 GROUP BY target',
    [runId],
  );
  const { rows: recommended } = await pool.query<{ user_id: string }>(
    'SELECT DISTINCT user_id FROM recommendations WHERE run_id = $1',
    [runId],
  );
  const { rows: runs } = await pool.query<{
    metrics: { churn: { auc: number }; recommend: { validationNdcg: number } };
    meta: RunQuality['meta'];
  }>('SELECT metrics, meta FROM model_runs WHERE id = $1', [runId]);
  const { rows: sizes } = await pool.query<{ total: number }>(
    'SELECT sum(size)::int AS total FROM segments WHERE run_id = $1',
    [runId],
  );
  return {
    runId,
    ari: adjustedRandIndex(
      profiles.map((row) => row.segment_index),
      profiles.map((row) => truth.get(row.user_id) ?? ''),
    ),
    churnAuc: runs[0].metrics.churn.auc,
    ndcg: runs[0].metrics.recommend.validationNdcg,
    segmentOf: new Map(profiles.map((row) => [row.user_id, row.segment_index])),
    churnOf: new Map(churn.map((row) => [row.user_id, row.value])),
    recommended: new Set(recommended.map((row) => row.user_id)),
    scoreCounts: new Map(scoreCounts.map((row) => [row.target, row.count])),
    meta: runs[0].meta,
    segmentSizes: sizes[0].total,
  };
}

/**
 * The same seeded demo trained twice: every model fitted on all users, and on a stratified half
 * (then applied to everyone chunk by chunk). At 2,400 users the hold-outs behind AUC and nDCG
 * have 240-480 users, whose sampling error alone (about 0.02 AUC) is larger than the 1% the issue
 * asks of the 100,000-user demo (measured there, README "Fitting on a sample"); these tolerances
 * are that sampling error, and would catch a chunk path that mis-assigned or mis-scored users.
 */
describe('a run fitted on a sample of users', () => {
  let full: RunQuality;
  let sampled: RunQuality;
  let datasetId: number;
  let sampledRunId: number;
  let sampleFitStarted: Date;

  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-fit-sample-'));
    const demo = await generateDemo({ users, seed: 3, outDir });
    const imported = await importFiles({ datasetName: 'fit-sample', ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = (await findDatasetId('fit-sample')) as number;
    const { rows } = await getPool().query<{ user_id: string; value_text: string }>(
      `SELECT user_id, value_text FROM user_attributes WHERE dataset_id = $1 AND name = 'true_persona'`,
      [datasetId],
    );
    const truth = new Map(rows.map((row) => [row.user_id, row.value_text]));
    const fullRun = await trainDataset(datasetId, { seed: 1, textModel: false, fitSampleUsers: 0 });
    full = await qualityOf(fullRun.runId, truth);
    sampleFitStarted = new Date();
    const sampledRun = await trainDataset(datasetId, {
      seed: 1,
      textModel: false,
      fitSampleUsers: sampleUsers,
      chunkUsers: 500,
    });
    sampledRunId = sampledRun.runId;
    sampled = await qualityOf(sampledRun.runId, truth);
    console.log(
      JSON.stringify({
        full: { ari: full.ari, churnAuc: full.churnAuc, ndcg: full.ndcg },
        sampled: { ari: sampled.ari, churnAuc: sampled.churnAuc, ndcg: sampled.ndcg },
      }),
    );
  }, 900_000);

  it('profiles, assigns, scores and recommends every user, not only the sample', () => {
    // users with events: the demo leaves a few without any
    const profiled = full.segmentOf.size;
    expect(profiled).toBeGreaterThan(users * 0.99);
    expect(sampled.meta.fitSample).toMatchObject({ users: sampleUsers, of: profiled });
    expect(full.meta.fitSample).toBeUndefined();
    expect(sampled.segmentOf.size).toBe(profiled);
    expect(sampled.segmentSizes).toBe(profiled);
    expect(sampled.churnOf.size).toBe(full.churnOf.size);
    expect(sampled.recommended.size).toBe(full.recommended.size);
  });

  it('scores everyone with the stored models, attribute guesses included, leaving nothing to the sample alone', async () => {
    expect(sampled.meta.fitSample?.sampleOnlyTargets).toEqual([]);
    for (const [target, count] of sampled.scoreCounts) {
      if (!target.startsWith('attr:')) {
        expect(count, target).toBe(full.segmentOf.size);
        continue;
      }
      // an attribute is guessed for every profiled user who lacks it (whether a borderline model
      // counts as predictive is each fit's own hold-out verdict, so the full fit may not store it)
      const { rows } = await getPool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM user_profiles p WHERE p.run_id = $1
           AND NOT EXISTS (SELECT 1 FROM user_attributes a WHERE a.dataset_id = $2 AND a.user_id = p.user_id AND a.name = $3)`,
        [sampledRunId, datasetId, target.slice('attr:'.length)],
      );
      expect(count, target).toBe(rows[0].n);
    }
    expect([...sampled.scoreCounts.keys()].some((target) => target.startsWith('attr:'))).toBe(true);
  });

  it('finds the planted personas as well as a full fit does', () => {
    expect(sampled.ari).toBeGreaterThan(full.ari - 0.03);
    expect(adjustedRandIndex([...full.segmentOf.values()], [...sampled.segmentOf.values()])).toBeGreaterThan(0.8);
  });

  it('predicts churn and recommends as well as a full fit does, within the hold-outs sampling error', () => {
    expect(sampled.churnAuc).toBeGreaterThan(full.churnAuc - 0.03);
    expect(sampled.ndcg).toBeGreaterThan(full.ndcg * 0.9);
  });

  it('gives each user about the churn score a full fit gives', () => {
    const pairs = [...full.churnOf].map(([user, value]) => [value, sampled.churnOf.get(user) ?? Number.NaN]);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const a = pairs.map((pair) => pair[0]);
    const b = pairs.map((pair) => pair[1]);
    const ma = mean(a);
    const mb = mean(b);
    const covariance = mean(a.map((value, i) => (value - ma) * (b[i] - mb)));
    const sd = (values: number[], m: number) => Math.sqrt(mean(values.map((value) => (value - m) ** 2)));
    expect(covariance / (sd(a, ma) * sd(b, mb))).toBeGreaterThan(0.9);
  });

  it("writes every user's running state under the sample-fitted run, so their first update reads only new events", async () => {
    const pool = getPool();
    const { rows: counted } = await pool.query<{ run_id: number; users: number; analyzed: boolean }>(
      `SELECT run_id, count(*)::int AS users,
         bool_and((SELECT min(last_analyze) FROM pg_stat_user_tables
                   WHERE relname IN ('user_event_state', 'user_item_state')) >= $2) AS analyzed
       FROM user_event_state WHERE dataset_id = $1 GROUP BY run_id`,
      [datasetId, sampleFitStarted],
    );
    expect(counted).toEqual([{ run_id: sampled.runId, users: sampled.segmentOf.size, analyzed: true }]);

    const { rows: artifacts } = await pool.query<{ content: unknown }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [sampled.runId, profileModelArtifact],
    );
    const model = profileModelFromJson(artifacts[0].content);
    const userIds = [...sampled.segmentOf.keys()].slice(0, 1500).filter((_, u) => u % 300 === 7);
    const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds, attributes: false });
    const fromEvents = foldUserEvents({ events, items, settings: await readPipelineSettings(datasetId), model });
    const { states, missing } = await readUserEventStates(pool, datasetId, sampled.runId, userIds, model);
    expect(missing).toEqual([]);
    expect(states.totals).toEqual(fromEvents.totals);
    expect(states.pairs.map((pairs) => pairs.length)).toEqual(fromEvents.pairs.map((pairs) => pairs.length));

    while ((await drainProfileUpdates()).length > 0);
    const now = Date.now();
    const sent = userIds.map((user_id, u) => ({ user_id, item_id: 'after-sample-fit', type: 'view', ts: now - u }));
    expect((await ingestEventRecords(datasetId, sent)).inserted).toBe(userIds.length);
    expect(await drainProfileUpdates()).toMatchObject([
      { runId: sampled.runId, users: userIds.length, incremental: userIds.length, outcome: 'updated' },
    ]);
  }, 120_000);
});
