import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceDefinition } from '@/lib/audiences/audienceDefinition';
import { previewAudience } from '@/lib/audiences/previewAudience';
import { getPool } from '@/lib/db/connection';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { importFiles } from '@/lib/ingest/importFiles';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { trainDataset } from '@/lib/training/trainDataset';
import { writeBgNbdLog } from '@/test/helpers/bgNbdPopulation';

const users = 2000;
let datasetId: number;

describe('predicted value on a purchase log whose customers follow BG/NBD', () => {
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-value-'));
    const file = await writeBgNbdLog(folder, { users, seed: 21 });
    const imported = await importFiles({ datasetName: `value-${process.pid}`, events: file });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it('trains it, beats the previous 90 days, and shows it on profiles, personas, audiences and evaluate', async () => {
    const run = await trainDataset(datasetId, { seed: 1, textModel: false });
    expect(run.stages.find((stage) => stage.stage === 'value')).toEqual({ stage: 'value', status: 'ran' });
    const pool = getPool();
    const target = (
      await pool.query(
        `SELECT kind, status, model, quality FROM prediction_targets WHERE run_id = $1 AND target = 'value:90d'`,
        [run.runId],
      )
    ).rows[0];
    expect(target).toMatchObject({
      kind: 'numeric',
      status: 'trained',
      quality: { metric: 'spearman', predictive: true },
    });
    expect(target.quality.spearman).toBeGreaterThan(target.quality.baselineScores.spearman);
    expect(target.quality.models['BG/NBD + Gamma-Gamma'].gini).toBeGreaterThan(target.quality.baselineScores.gini);

    const scores = (
      await pool.query<{ user_id: string; value: number }>(
        `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'value:90d' ORDER BY value`,
        [run.runId],
      )
    ).rows;
    expect(scores).toHaveLength(users);
    const total = scores.reduce((sum, row) => sum + row.value, 0);

    // personas: the segments' totals add up to every user's predicted spend
    const personas = (
      await pool.query<{ size: number; value: { total: number; mean: number; horizonDays: number } }>(
        `SELECT size, persona -> 'predictedValue' AS value FROM segments WHERE run_id = $1`,
        [run.runId],
      )
    ).rows;
    expect(personas.reduce((sum, row) => sum + row.value.total, 0)).toBeCloseTo(total, -1);
    for (const row of personas) {
      expect(row.value.horizonDays).toBe(90);
      expect(row.value.mean).toBeCloseTo(row.value.total / row.size, 6);
    }

    const markdown = (await exportPersonas(datasetId, 'md', { actor: null })).body.toString('utf8');
    expect(markdown).toMatch(/predicted spend in the next 90 days [\d,.]+ in all, [\d,.]+ per user/);

    // an audience of the top spenders-to-be: predicted value >= the median
    const median = scores[Math.floor(users / 2)].value;
    const preview = await previewAudience(
      datasetId,
      audienceDefinition.parse({ root: { kind: 'score', target: 'value:90d', op: 'gte', value: median } }),
    );
    expect(preview.size).toBe(scores.filter((row) => row.value >= median).length);

    const top = scores[scores.length - 1];
    const profile = await getUserProfile(datasetId, top.user_id);
    expect(profile.scores.find((score) => score.target === 'value:90d')?.value).toBe(top.value);
    // events only, no users file: no attribute to infer, and the profile says none is inferred
    expect(profile.inferableAttributes).toEqual([]);
    expect(profile.attributeModelsTrained).toBe(false);
    expect(profile.freshness.follows).toContainEqual(expect.stringMatching(/predicted value scores$/));
    expect(profile.freshness.follows).not.toContain('guesses of the attributes the user lacks');

    const report = await evaluateDataset(datasetId, { seed: 1 });
    expect(report.value).toMatchObject({ horizonDays: 90, predictive: true });
    expect(report.value?.models['BG/NBD + Gamma-Gamma']?.spearman).toBeGreaterThan(
      report.value?.baseline.spearman ?? 1,
    );
  }, 300_000);
});
