import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { importFiles } from '@/lib/ingest/importFiles';
import { minimumPredictiveAuc } from '@/lib/ml/predict/predictiveVerdict';
import { listSegments } from '@/lib/queries/listSegments';
import { trainDataset } from '@/lib/training/trainDataset';
import { writeChurnTruthLog } from '@/test/helpers/churnTruthLog';

let folder: string;

async function trainLog(name: string, planted: boolean) {
  const file = await writeChurnTruthLog(folder, { users: 1500, seed: 11, planted });
  const imported = await importFiles({ datasetName: `${name}-${process.pid}`, events: file });
  expect(imported.ok).toBe(true);
  const datasetId = imported.datasetId as number;
  const run = await trainDataset(datasetId, { seed: 1, textModel: false });
  const { rows } = await getPool().query(
    `SELECT t.quality, t.status, (SELECT count(*)::int FROM scores s WHERE s.run_id = t.run_id AND s.target = 'churn') AS scores,
            r.metrics, r.log
     FROM prediction_targets t JOIN model_runs r ON r.id = t.run_id WHERE t.run_id = $1 AND t.target = 'churn'`,
    [run.runId],
  );
  return { datasetId, run, churn: rows[0] };
}

describe('only models that beat their baseline are presented', () => {
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'portrait-honesty-'));
  });

  it('marks a churn model trained on coin-flip labels "not predictive", stores no churn scores and shows no churn risk', async () => {
    const { datasetId, run, churn } = await trainLog('churn-random', false);
    expect(churn.status).toBe('trained');
    expect(churn.quality.auc).toBeLessThan(minimumPredictiveAuc);
    expect(churn.quality.predictive).toBe(false);
    expect(churn.quality.notPredictive).toMatch(/^not predictive: hold-out AUC 0\.\d{3} is below 0\.55$/);
    expect(churn.scores).toBe(0);
    expect(run.stages.find((stage) => stage.stage === 'churn')?.note).toMatch(/not predictive/);

    const segments = await listSegments(datasetId);
    for (const segment of segments.segments) expect(segment.persona.churnShare).toBeNull();
    const markdown = (await exportPersonas(datasetId, 'md', { actor: null })).body.toString('utf8');
    expect(markdown).not.toMatch(/risk of churning/);

    const report = await evaluateDataset(datasetId, { seed: 1 });
    if (report.churn) expect(report.churn.predictive).toBe(report.churn.auc >= minimumPredictiveAuc);
  }, 240_000);

  it('keeps a churn model whose labels follow the planted behaviour, with its scores', async () => {
    const { churn } = await trainLog('churn-planted', true);
    expect(churn.quality.auc).toBeGreaterThan(0.8);
    expect(churn.quality.predictive).toBe(true);
    expect(churn.scores).toBeGreaterThan(1000);
  }, 240_000);
});
