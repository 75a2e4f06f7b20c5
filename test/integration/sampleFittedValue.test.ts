import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import { purchaseTypeMask } from '@/lib/ml/predict/purchaseHistory';
import { purchasesAsOf } from '@/lib/ml/predict/servedValue';
import type { PipelineSettings } from '@/lib/ml/types';
import { type StoredScoreModel, scoreModelArtifact } from '@/lib/realtime/scoreModelArtifact';
import { freeScoreModels, restoreScoreModels, scoreWithModels } from '@/lib/realtime/updateScores';
import { loadFitSample } from '@/lib/training/loadFitSample';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';
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
    const { rows: artifacts } = await pool.query<{ name: string; content: unknown }>(
      'SELECT name, content FROM run_artifacts WHERE run_id = $1 AND name = ANY($2::text[])',
      [run.runId, [scoreModelArtifact, profileModelArtifact]],
    );
    const content = new Map(artifacts.map((artifact) => [artifact.name, artifact.content]));
    const stored = (content.get(scoreModelArtifact) as { models: StoredScoreModel[] }).models.find(
      (model) => 'value' in model,
    );
    if (!stored) throw new Error('no value model stored');
    expect(stored.target).toBe('value:90d');
    expect(runs[0].meta.fitSample.sampleOnlyTargets).not.toContain(stored.target);

    // every user in one table, scored by the models as read back from the database
    const everyone = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const settings = runs[0].meta.settings;
    const profileModel = profileModelFromJson(content.get(profileModelArtifact));
    const profiles = await profileWithModel(everyone.events, everyone.items, settings, profileModel, profileModel.asOf);
    const isPurchase = purchaseTypeMask(everyone.events, settings);
    const models = await restoreScoreModels([stored]);
    const [{ values }] = scoreWithModels(models, {
      behaviour: profiles.raw,
      purchases: (horizonDays) => purchasesAsOf(everyone.events, isPurchase, profileModel.asOf, horizonDays),
    });
    freeScoreModels(models);
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
      expect(storedOf.get(userId), userId).toBe(values[u]);
    });
    expect(outside).toBe(everyone.events.userIds.length - sampleUsers);
    // not a constant: the users' purchase histories tell them apart
    expect(new Set(storedOf.values()).size).toBeGreaterThan(users / 10);
  }, 600_000);
});
