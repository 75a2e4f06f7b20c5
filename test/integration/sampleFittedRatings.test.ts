import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { explicitRatings } from '@/lib/ml/recommend/ratings/explicitRatings';
import { foldInRatings, type StoredRatingModel } from '@/lib/ml/recommend/ratings/storedRatingModel';
import { loadFitSample } from '@/lib/training/loadFitSample';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { ratingModelArtifact } from '@/lib/training/ratingModelArtifact';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 2000;
const sampleUsers = 800;
const seed = 1;
let datasetId: number;

// The demo shop rates items (`rate` events): a run fitted on a sample predicts the rating of
// every user's recommendations, not only the sample's, by folding each user into the stored model.
describe('predicted ratings of a run fitted on a sample of users', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-sample-ratings-'));
    const demo = await generateDemo({ users, seed: 5, outDir });
    const imported = await importFiles({ datasetName: `sample-ratings-${process.pid}`, ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it('gives a user outside the sample the ratings a fold-in of everyone at once into the stored model gives', async () => {
    const run = await trainDataset(datasetId, { seed, textModel: false, fitSampleUsers: sampleUsers, chunkUsers: 300 });
    const pool = getPool();
    const { rows: artifacts } = await pool.query<{ content: StoredRatingModel }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [run.runId, ratingModelArtifact],
    );
    expect(artifacts).toHaveLength(1);

    const everyone = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const folded = foldInRatings(artifacts[0].content, explicitRatings(everyone.events), everyone.events.itemIds);
    const index = new Map(everyone.events.userIds.map((userId, u) => [userId, u]));
    const { rows } = await pool.query<{ user_id: string; item_id: string; predicted_rating: number | null }>(
      'SELECT user_id, item_id, predicted_rating FROM recommendations WHERE run_id = $1',
      [run.runId],
    );
    const sample = new Set((await loadFitSample(datasetId, sampleUsers, seed)).input.events.userIds);
    const outside = new Set<string>();
    for (const row of rows) {
      const expected = Math.round(folded.predict(index.get(row.user_id) as number, row.item_id) * 100) / 100;
      expect(row.predicted_rating, `${row.user_id} ${row.item_id}`).toBe(expected);
      if (!sample.has(row.user_id)) outside.add(row.user_id);
    }
    expect(outside.size).toBeGreaterThan((users - sampleUsers) * 0.9);
    // the users' own ratings move their predictions: not one value for everyone
    expect(new Set(rows.map((row) => row.predicted_rating)).size).toBeGreaterThan(20);
  }, 600_000);
});
