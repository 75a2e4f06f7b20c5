import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { sentenceVectorsOfEvents } from '@/lib/ml/text/applyTextVectors';
import { textHash } from '@/lib/ml/text/embeddingCache';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { foldUserEvents } from '@/lib/realtime/userEventState';
import { readUserEventStates } from '@/lib/realtime/userEventStateStore';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { createPostgresEmbeddingCache } from '@/lib/training/postgresEmbeddingCache';
import { trainDataset } from '@/lib/training/trainDataset';
import { buildTinyTextModel } from '@/test/helpers/buildTinyTextModel';

const previousModel = process.env.PORTRAIT_TEXT_MODEL;
let datasetId: number;
let runId: number;
let runTextModel: string;

/**
 * The stored states under `run` of some users with text, beside a pass over all their events with
 * sentence vectors from the run's embedding cache (each of their texts must be cached).
 */
async function storedAndFoldedStates(run: number, userIds: string[]) {
  const pool = getPool();
  const artifact = await pool.query<{ content: unknown }>(
    'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
    [run, profileModelArtifact],
  );
  const model = profileModelFromJson(artifact.rows[0].content);
  if (model.text?.method !== 'transformers') throw new Error('the run did not embed its texts');
  const { states, missing } = await readUserEventStates(pool, datasetId, run, userIds, model);
  expect(missing).toEqual([]);
  const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds, attributes: false });
  const { known, textsWithoutVector } = await sentenceVectorsOfEvents(events, model.text, {
    cache: createPostgresEmbeddingCache(model.text.model),
  });
  expect(textsWithoutVector).toBe(0);
  const settings = await readPipelineSettings(datasetId);
  const full = foldUserEvents({ events, items, settings, model, sentenceVectors: known });
  expect(Array.from(full.textVectorSums).some((value) => value !== 0)).toBe(true);
  expect(states.textVectorSums).toHaveLength(full.textVectorSums.length);
  full.textVectorSums.forEach((value, at) => {
    expect(states.textVectorSums[at]).toBeCloseTo(value, 4);
  });
  return { states, full };
}

describe("real-time profile updates embed new texts with the run's text model", () => {
  beforeAll(async () => {
    const model = await buildTinyTextModel({ hiddenSize: 32 });
    process.env.PORTRAIT_TEXT_MODEL = model.dir;
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-realtime-text-'));
    const demo = await generateDemo({ users: 200, seed: 4, outDir });
    expect((await importFiles({ datasetName: 'realtime-text', ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId('realtime-text')) as number;
    runId = (await trainDataset(datasetId, { seed: 1 })).runId;
    const { rows } = await getPool().query<{ model: string | null }>(
      `SELECT content->'text'->>'model' AS model FROM run_artifacts WHERE run_id = $1 AND name = 'profileModel'`,
      [runId],
    );
    runTextModel = rows[0].model as string;
    while ((await drainProfileUpdates()).length > 0);
  }, 300_000);

  afterAll(() => {
    if (previousModel === undefined) delete process.env.PORTRAIT_TEXT_MODEL;
    else process.env.PORTRAIT_TEXT_MODEL = previousModel;
  });

  it('writes at retrain the states of users with text, their sentence vectors summed as a pass over their events sums them', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND text IS NOT NULL ORDER BY user_id LIMIT 3 OFFSET 20',
      [datasetId],
    );
    const { states, full } = await storedAndFoldedStates(
      runId,
      rows.map((row) => row.user_id),
    );
    expect(Array.from(states.sentimentCount)).toEqual(Array.from(full.sentimentCount));
  }, 60_000);

  it('embeds a review no run has seen, caches its vector and uses it in the profile', async () => {
    expect(runTextModel).toMatch(/:fp32$/);
    const review = `A review written after training, number ${process.pid}: the battery is great`;
    const hash = textHash(runTextModel, review);
    const cached = () =>
      getPool().query('SELECT 1 FROM text_embeddings WHERE model = $1 AND text_hash = $2', [runTextModel, hash]);
    expect((await cached()).rowCount).toBe(0);
    const { rows } = await getPool().query<{ user_id: string; vector: number[] }>(
      'SELECT user_id, vector FROM user_profiles WHERE run_id = $1 ORDER BY user_id LIMIT 1',
      [runId],
    );
    const accepted = await ingestEventRecords(datasetId, [
      { user_id: rows[0].user_id, type: 'review', ts: new Date().toISOString(), text: review },
    ]);
    expect(accepted.inserted).toBe(1);
    expect(await drainProfileUpdates()).toMatchObject([{ datasetId, outcome: 'updated' }]);
    expect((await cached()).rowCount).toBe(1);
    const after = await getPool().query<{ vector: number[] }>(
      'SELECT vector FROM user_profiles WHERE run_id = $1 AND user_id = $2',
      [runId, rows[0].user_id],
    );
    expect(after.rows[0].vector).not.toEqual(rows[0].vector);
  }, 120_000);

  it('writes the states of a run fitted on a sample, sentence vectors from its cache, once it is active', async () => {
    const sampled = await trainDataset(datasetId, { seed: 2, fitSampleUsers: 100, chunkUsers: 60 });
    const fitted = await getPool().query('SELECT meta FROM model_runs WHERE id = $1', [sampled.runId]);
    expect(fitted.rows[0].meta.fitSample).toMatchObject({ users: 100 });
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND text IS NOT NULL ORDER BY user_id DESC LIMIT 4',
      [datasetId],
    );
    const { states, full } = await storedAndFoldedStates(sampled.runId, rows.map((row) => row.user_id).sort());
    expect(states.totals).toEqual(full.totals);
  }, 300_000);
});
