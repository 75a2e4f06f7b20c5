import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import { attributeModelFeatures, guessAttributes, restoreAttributeModels } from '@/lib/ml/predict/attributeModels';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { PipelineSettings } from '@/lib/ml/types';
import { attributeModelArtifact, attributeModelsFromJson } from '@/lib/realtime/attributeModelArtifact';
import { loadFitSample } from '@/lib/training/loadFitSample';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 2000;
const sampleUsers = 800;
const seed = 1;
let datasetId: number;

// The demo leaves blanks in each attribute for inference to fill: a run fitted on a sample stores
// its attribute models, and every user who lacks an attribute gets the stored model's guess, not
// only the sample's users.
describe('inferred attributes of a run fitted on a sample of users', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-sample-attributes-'));
    const demo = await generateDemo({ users, seed: 5, outDir });
    const imported = await importFiles({ datasetName: `sample-attributes-${process.pid}`, ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it('guesses every user lacking an attribute as a scoring of everyone at once with the stored models does', async () => {
    const run = await trainDataset(datasetId, { seed, textModel: false, fitSampleUsers: sampleUsers, chunkUsers: 300 });
    const pool = getPool();
    const { rows: runs } = await pool.query<{
      meta: { settings: PipelineSettings; fitSample: { sampleOnlyTargets: string[] } };
    }>('SELECT meta FROM model_runs WHERE id = $1', [run.runId]);
    const { rows: artifacts } = await pool.query<{ name: string; content: unknown }>(
      'SELECT name, content FROM run_artifacts WHERE run_id = $1 AND name = ANY($2::text[])',
      [run.runId, [attributeModelArtifact, profileModelArtifact]],
    );
    const content = new Map(artifacts.map((artifact) => [artifact.name, artifact.content]));
    expect(content.has(attributeModelArtifact)).toBe(true);
    const stored = attributeModelsFromJson(content.get(attributeModelArtifact));
    expect(stored.models.length).toBeGreaterThan(0);
    expect(runs[0].meta.fitSample.sampleOnlyTargets.filter((target) => target.startsWith('attr:'))).toEqual([]);

    // every user in one table, guessed by the models as read back from the database
    const everyone = await loadPipelineInput(datasetId, undefined);
    const settings = runs[0].meta.settings;
    const profileModel = profileModelFromJson(content.get(profileModelArtifact));
    const profiles = await profileWithModel(everyone.events, everyone.items, settings, profileModel, profileModel.asOf);
    const loaded = await restoreAttributeModels(stored);
    const known = (attribute: string, u: number) => {
      const value = everyone.attributes.find((column) => column.name === attribute)?.values[u] ?? null;
      return value !== null && value !== '' && !(typeof value === 'number' && !Number.isFinite(value));
    };
    const expected = guessAttributes(
      loaded,
      attributeModelFeatures(
        loaded,
        profiles.vectors,
        buildUserItemInteractions(everyone.events),
        everyone.events.itemIds,
      ),
      everyone.events.userIds,
      (attribute, u) => !known(attribute, u),
    );
    loaded.free();

    const { rows: scores } = await pool.query<{ target: string; user_id: string; value: number; detail: object }>(
      `SELECT target, user_id, value, detail FROM scores WHERE run_id = $1 AND target LIKE 'attr:%'`,
      [run.runId],
    );
    const storedOf = new Map(scores.map((row) => [`${row.target} ${row.user_id}`, row]));
    expect(storedOf.size).toBe(scores.length);
    expect(scores.length).toBe(expected.length);
    const sample = new Set((await loadFitSample(datasetId, sampleUsers, seed)).input.events.userIds);
    let outside = 0;
    for (const guess of expected) {
      const row = storedOf.get(`${guess.target} ${guess.userId}`);
      expect(row, `${guess.target} ${guess.userId}`).toBeDefined();
      expect(row?.value).toBe(guess.value);
      expect(row?.detail).toEqual(guess.detail);
      if (!sample.has(guess.userId)) outside++;
    }
    expect(outside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(expected.length / 2);
  }, 600_000);
});
