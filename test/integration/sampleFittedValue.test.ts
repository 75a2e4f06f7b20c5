import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { roundScore } from '@/lib/ml/predict/targets/targetTraining';
import { applyValueModel } from '@/lib/ml/predict/valueModel';
import type { PipelineSettings } from '@/lib/ml/types';
import { loadFitSample } from '@/lib/training/loadFitSample';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';
import { loadValueTarget, type StoredValueTarget, valueModelArtifact } from '@/lib/training/valueModelArtifact';
import { writeBgNbdLog } from '@/test/helpers/bgNbdPopulation';

const users = 2000;
const sampleUsers = 800;
const seed = 1;
let datasetId: number;

// Predicted value is predictive on a BG/NBD population (test/integration/predictedValue.test.ts),
// so a run fitted on a sample stores it, and must store it for every user, not only the sample's.
describe('predicted value of a run fitted on a sample of users', () => {
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-sample-value-'));
    const file = await writeBgNbdLog(folder, { users, seed: 21 });
    const imported = await importFiles({ datasetName: `sample-value-${process.pid}`, events: file });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it('gives a user outside the sample the value a scoring of everyone at once with the stored model gives', async () => {
    const run = await trainDataset(datasetId, { seed, textModel: false, fitSampleUsers: sampleUsers, chunkUsers: 300 });
    const pool = getPool();
    const { rows: runs } = await pool.query<{
      meta: { settings: PipelineSettings; fitSample: { sampleOnlyTargets: string[] } };
    }>('SELECT meta FROM model_runs WHERE id = $1', [run.runId]);
    const { rows: artifacts } = await pool.query<{ content: StoredValueTarget }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [run.runId, valueModelArtifact],
    );
    expect(artifacts).toHaveLength(1);
    const stored = artifacts[0].content;
    expect(stored.target).toBe('value:90d');
    expect(runs[0].meta.fitSample.sampleOnlyTargets).not.toContain(stored.target);

    // every user in one table, scored by the model as read back from the database
    const everyone = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const loaded = await loadValueTarget(stored);
    if (!loaded) throw new Error('no value model');
    const values = applyValueModel(loaded.restored, everyone.events, everyone.items, runs[0].meta.settings);
    const { rows: scores } = await pool.query<{ user_id: string; value: number }>(
      'SELECT user_id, value FROM scores WHERE run_id = $1 AND target = $2',
      [run.runId, stored.target],
    );
    const storedOf = new Map(scores.map((row) => [row.user_id, row.value]));
    expect(storedOf.size).toBe(everyone.events.userIds.length);

    const sample = new Set((await loadFitSample(datasetId, sampleUsers, seed)).input.events.userIds);
    expect(sample.size).toBe(sampleUsers);
    let outside = 0;
    everyone.events.userIds.forEach((userId, u) => {
      if (!sample.has(userId)) outside++;
      expect(storedOf.get(userId), userId).toBe(roundScore(values[u]));
    });
    expect(outside).toBe(everyone.events.userIds.length - sampleUsers);
    // not a constant: the users' purchase histories tell them apart
    expect(new Set(storedOf.values()).size).toBeGreaterThan(users / 10);
  }, 600_000);
});
