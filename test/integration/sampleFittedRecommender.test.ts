import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import { interactionsFromLists } from '@/lib/ml/recommend/userItemInteractions';
import { recommenderArtifact, storedRecommenderFromJson } from '@/lib/realtime/recommenderArtifact';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 2000;
const sampleUsers = 800;
let datasetId: number;

// The demo shop is served EASE: a run fitted on a sample chooses its λ there, then refits the item
// side on every user's items chunk by chunk, so it serves what a fit on everyone would.
describe('the recommender of a run fitted on a sample of users', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-sample-recommender-'));
    const demo = await generateDemo({ users, seed: 6, outDir });
    const imported = await importFiles({ datasetName: `sample-recommender-${process.pid}`, ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it("is EASE fitted on every user with the sample's choice of λ, scaled to everyone's pairs", async () => {
    const run = await trainDataset(datasetId, {
      seed: 1,
      textModel: false,
      fitSampleUsers: sampleUsers,
      chunkUsers: 300,
    });
    const pool = getPool();
    const { rows: artifacts } = await pool.query<{ content: unknown }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [run.runId, recommenderArtifact],
    );
    const stored = storedRecommenderFromJson(artifacts[0].content);
    const served = stored.model as ServedItemModel & { name: 'ease' };
    expect(served.name).toBe('ease');
    const { rows: runs } = await pool.query<{
      metrics: { recommend: { params: Record<string, number> } };
      meta: { fitSample: { recommender: { fittedOn: string; sampleParams: Record<string, number> } } };
    }>('SELECT metrics, meta FROM model_runs WHERE id = $1', [run.runId]);
    expect(runs[0].metrics.recommend.params).toEqual(served.params);
    expect(runs[0].meta.fitSample.recommender.fittedOn).toBe('every user');
    expect(served.params.lambda).toBeGreaterThan(runs[0].meta.fitSample.recommender.sampleParams.lambda);

    const { events } = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const indexOf = new Map(stored.itemIds.map((id, index) => [id, index]));
    const lists: number[][] = events.userIds.map(() => []);
    for (let e = 0; e < events.user.length; e++) {
      const item = events.item[e] >= 0 ? indexOf.get(events.itemIds[events.item[e]]) : undefined;
      if (item !== undefined) lists[events.user[e]].push(item);
    }
    const everyone = interactionsFromLists(lists, stored.itemIds.length);
    expect(served.modelled).toHaveLength(stored.itemIds.length);
    const direct = fitEase(everyone, { lambda: served.params.lambda }).itemModel?.() as typeof served;
    expect(served.weights).toEqual(direct.weights);
    expect(served.popularity).toEqual(direct.popularity);
  }, 600_000);
});
