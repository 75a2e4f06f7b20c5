import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { completeRun, createRun, failRun, type RunOutputs, type StoredProfile } from './runStore';

let datasetId: number;

beforeAll(async () => {
  const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
    `run-store-${process.pid}-${Date.now().toString(36)}`,
  ]);
  datasetId = rows[0].id;
});

afterAll(async () => {
  await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  await closePools();
});

const summary = { metrics: { segments: { k: 2 } }, timings: {}, meta: {}, eventsUpTo: null };

function profile(userId: string, segmentIndex: number): StoredProfile {
  return {
    userId,
    segmentIndex,
    vector: Float32Array.from([segmentIndex, 0.5]),
    mapX: 0,
    mapY: 0,
    distance: 1,
    sampleKey: 0.5,
    features: {},
  };
}

function outputs(userIds: string[]): RunOutputs {
  return {
    segments: [0, 1].map((index) => ({
      index,
      name: `s${index}`,
      description: '',
      size: 1,
      share: 0.5,
      belowFloor: false,
      centroid: [index, 0.5],
      persona: {},
    })),
    profiles: userIds.map((userId, u) => profile(userId, u % 2)),
    targets: [{ target: 'churn', kind: 'binary', status: 'trained', model: 'linear', quality: {} }],
    scores: userIds.map((userId) => ({ target: 'churn', userId, value: 0.25 })),
    recommendations: userIds.map((userId) => ({ userId, rank: 1, itemId: 'i1', score: 1, reason: 'popular' })),
    artifacts: [{ name: 'model', content: { version: 1 } }],
  };
}

async function state(runId: number) {
  const pool = getPool();
  const count = async (table: string) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE run_id = $1`, [runId])).rows[0].n;
  return {
    status: (await pool.query<{ status: string }>('SELECT status FROM model_runs WHERE id = $1', [runId])).rows[0]
      .status,
    active: (
      await pool.query<{ active_run_id: number | null }>('SELECT active_run_id FROM datasets WHERE id = $1', [
        datasetId,
      ])
    ).rows[0].active_run_id,
    rows: {
      profiles: await count('user_profiles'),
      scores: await count('scores'),
      recommendations: await count('recommendations'),
      segments: await count('segments'),
      targets: await count('prediction_targets'),
      artifacts: await count('run_artifacts'),
    },
  };
}

describe('the run store', () => {
  let firstRunId: number;

  it('writes every output of a complete run and makes it active', async () => {
    firstRunId = await createRun(datasetId, {});
    await completeRun(firstRunId, datasetId, outputs(['a', 'b', 'c']), summary);
    expect(await state(firstRunId)).toEqual({
      status: 'succeeded',
      active: firstRunId,
      rows: { profiles: 3, scores: 3, recommendations: 3, segments: 2, targets: 1, artifacts: 1 },
    });
    const { rows } = await getPool().query<{ vector: number[] }>(
      'SELECT vector FROM user_profiles WHERE run_id = $1 ORDER BY user_id',
      [firstRunId],
    );
    expect(rows.map((row) => row.vector)).toEqual([
      [0, 0.5],
      [1, 0.5],
      [0, 0.5],
    ]);
  });

  it('a run whose write fails part-way leaves no rows behind and the previous run active', async () => {
    const runId = await createRun(datasetId, {});
    // the profiles and recommendations are written, the scores break their primary key
    const broken = outputs(['d', 'e']);
    broken.scores = [...broken.scores, { target: 'churn', userId: 'd', value: 0.5 }];
    await expect(completeRun(runId, datasetId, broken, summary)).rejects.toThrow(/duplicate key/);
    const none = { profiles: 0, scores: 0, recommendations: 0, segments: 0, targets: 0, artifacts: 0 };
    expect(await state(runId)).toEqual({ status: 'running', active: firstRunId, rows: none });
    await failRun(runId, 'write failed');
    expect(await state(runId)).toEqual({
      status: 'failed',
      active: firstRunId,
      rows: { profiles: 0, scores: 0, recommendations: 0, segments: 0, targets: 0, artifacts: 0 },
    });
  });

  it('a run whose last transaction fails leaves no rows behind and the previous run active', async () => {
    const runId = await createRun(datasetId, {});
    const broken = outputs(['f', 'g']);
    broken.segments = [...broken.segments, broken.segments[0]];
    await expect(completeRun(runId, datasetId, broken, summary)).rejects.toThrow(/duplicate key/);
    expect(await state(runId)).toEqual({
      status: 'running',
      active: firstRunId,
      rows: { profiles: 0, scores: 0, recommendations: 0, segments: 0, targets: 0, artifacts: 0 },
    });
  });
});
