import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceDefinition } from '@/lib/audiences/audienceDefinition';
import { audienceOptions } from '@/lib/audiences/audienceOptions';
import { previewAudience } from '@/lib/audiences/previewAudience';
import { getPool } from '@/lib/db/connection';
import { BadInputError, ConflictError } from '@/lib/errors/domainError';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { createGoal } from '@/lib/goals/createGoal';
import { deleteGoal } from '@/lib/goals/deleteGoal';
import { listGoals } from '@/lib/goals/listGoals';
import { importFiles } from '@/lib/ingest/importFiles';
import { targetQuality } from '@/lib/ml/predict/targets/targetQuality';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { trainDataset } from '@/lib/training/trainDataset';
import { writePlantedGoalLog } from '@/test/helpers/plantedGoalLog';

const users = 1500;
let datasetId: number;
let readers: Set<string>;

describe('custom goals on a log where who does them is planted', () => {
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-goals-'));
    const files = await writePlantedGoalLog(folder, { users, seed: 5 });
    readers = files.readers;
    const imported = await importFiles({
      datasetName: `goals-${process.pid}`,
      events: files.events,
      items: files.items,
    });
    expect(imported.ok).toBe(true);
    datasetId = imported.datasetId as number;
  }, 120_000);

  afterAll(async () => {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  });

  it('refuses a goal on an event type or category the dataset lacks, and a second goal of the same name', async () => {
    const misspelt = createGoal('test', datasetId, { name: 'x', eventType: 'purchse', horizonDays: 30 });
    await expect(misspelt).rejects.toBeInstanceOf(BadInputError);
    await expect(misspelt).rejects.toThrow(
      'Unknown event type "purchse": this dataset has "purchase", "share", "view"',
    );
    await expect(
      createGoal('test', datasetId, { name: 'x', eventType: 'purchase', category: 'Cooking', horizonDays: 30 }),
    ).rejects.toBeInstanceOf(BadInputError);
    const goal = await createGoal('test', datasetId, { name: 'dup', eventType: 'view', horizonDays: 7 });
    await expect(
      createGoal('test', datasetId, { name: 'dup', eventType: 'view', horizonDays: 7 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await deleteGoal('test', datasetId, goal.id);
    expect(await listGoals(datasetId)).toEqual([]);
  });

  it('learns the planted goal well above AUC 0.55, calls the one without signal not predictive, and shows only the first', async () => {
    const books = await createGoal('test', datasetId, {
      name: 'Buys books over 20',
      eventType: 'purchase',
      category: 'Books',
      minValue: 20,
      horizonDays: 30,
    });
    const shares = await createGoal('test', datasetId, { name: 'Shares', eventType: 'share', horizonDays: 30 });
    const run = await trainDataset(datasetId, { seed: 1, textModel: false });
    expect(run.stages.find((stage) => stage.stage === 'goals')).toMatchObject({
      status: 'ran',
      note: expect.stringContaining('not predictive for Shares'),
    });

    const pool = getPool();
    const stored = async (target: string) =>
      (await pool.query('SELECT * FROM prediction_targets WHERE run_id = $1 AND target = $2', [run.runId, target]))
        .rows[0];
    const planted = await stored(books.target);
    expect(planted).toMatchObject({ kind: 'binary', status: 'trained' });
    expect(targetQuality.parse(planted.quality)).toMatchObject({
      metric: 'auc',
      baseline: 0.5,
      predictive: true,
      goal: { id: books.id, name: 'Buys books over 20', category: 'Books', minValue: 20 },
    });
    expect(planted.quality.auc).toBeGreaterThan(0.8);
    expect(planted.quality.lift10).toBeGreaterThan(1.5);
    expect(planted.quality.calibration.length).toBeGreaterThan(0);
    const noise = await stored(shares.target);
    expect(noise.quality.predictive).toBe(false);
    expect(noise.quality.auc).toBeLessThan(0.55);
    expect(noise.quality.notPredictive).toMatch(/not predictive: hold-out AUC/);

    // scores: every user for the planted goal, none for the goal without signal
    const scores = await pool.query<{ target: string; n: number }>(
      'SELECT target, count(*)::int AS n FROM scores WHERE run_id = $1 AND target LIKE $2 GROUP BY target',
      [run.runId, 'goal:%'],
    );
    expect(scores.rows).toEqual([{ target: books.target, n: users }]);
    const readerMean = await pool.query<{ reader: boolean; mean: number }>(
      `SELECT user_id = ANY($3::text[]) AS reader, avg(value) AS mean FROM scores
       WHERE run_id = $1 AND target = $2 GROUP BY 1`,
      [run.runId, books.target, [...readers]],
    );
    const mean = Object.fromEntries(readerMean.rows.map((row) => [String(row.reader), row.mean]));
    // today's scores: readers are most of the planted 80%, the others near the planted 5%
    expect(mean.true).toBeGreaterThan(0.6);
    expect(mean.false).toBeLessThan(0.2);

    // personas summarise the predictive goal only: the segments' means weigh up to the population's
    const personas = (
      await pool.query<{ size: number; goals: { target: string; segmentMean: number; populationMean: number }[] }>(
        `SELECT size, persona -> 'goals' AS goals FROM segments WHERE run_id = $1`,
        [run.runId],
      )
    ).rows;
    for (const persona of personas) expect(persona.goals.map((goal) => goal.target)).toEqual([books.target]);
    const weighted = personas.reduce((sum, row) => sum + row.size * row.goals[0].segmentMean, 0) / users;
    expect(weighted).toBeCloseTo(personas[0].goals[0].populationMean, 2);

    // the profile shows it, the Admin list reports it, audiences offer it and select by it
    const profile = await getUserProfile(datasetId, 'u1');
    expect(profile.scores.map((score) => score.target)).toContain(books.target);
    expect(profile.scores.map((score) => score.target)).not.toContain(shares.target);
    const listed = await listGoals(datasetId);
    expect(listed.map((goal) => goal.activeRun?.predictive)).toEqual([true, false]);
    const options = await audienceOptions(datasetId);
    expect(options.targets.find((target) => target.target === books.target)).toMatchObject({
      name: 'Buys books over 20',
      days: 30,
      predictive: true,
    });
    const audience = await previewAudience(
      datasetId,
      audienceDefinition.parse({ root: { kind: 'score', target: books.target, op: 'gte', value: 0.5 } }),
    );
    expect(audience.size).toBeGreaterThan(users * 0.25);
    expect(audience.size).toBeLessThan(users * 0.6);

    // evaluate --json measures both afresh under targets
    const report = await evaluateDataset(datasetId, { seed: 1 });
    expect(report.targets[books.target]).toMatchObject({ predictive: true, baselineAuc: 0.5, goal: { id: books.id } });
    expect((report.targets[books.target] as { auc: number }).auc).toBeGreaterThan(0.8);
    expect(report.targets[shares.target]).toMatchObject({ predictive: false });
    expect(Object.keys(report.targets).sort()).toEqual([books.target, shares.target, 'churn', 'value:90d'].sort());
  }, 600_000);
});
