import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { textHash } from '@/lib/ml/text/embeddingCache';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { trainDataset } from '@/lib/training/trainDataset';
import { buildTinyTextModel } from '@/test/helpers/buildTinyTextModel';

const previousModel = process.env.PORTRAIT_TEXT_MODEL;
let datasetId: number;
let runId: number;
let runTextModel: string;

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
});
