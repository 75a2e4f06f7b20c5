import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { type DemoShape, demoShapes, generateShapeDemo } from '@/lib/demo/demoShapes';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { importFiles } from '@/lib/ingest/importFiles';
import { checkTrainingData } from '@/lib/training/checkTrainingData';
import { type StageOutcome, type TrainingStage, trainingStages } from '@/lib/training/stageOutcome';
import { trainDataset } from '@/lib/training/trainDataset';

type Expected = 'ran' | RegExp;
const noItems = /^no item ids in this dataset$/;
const noText = /^no event has text$/;
const noAttributes = /^no user attributes in this dataset$/;
const shortSpan = /less than the 30-day horizon/;
const noPurchaseValues = /^no purchase events with a value in this dataset$/;
/** data-dependent: ran, or skipped for too few labelled users */
const either = 'either';

/**
 * What each stage must do on each shape: 'ran', or skipped with a reason matching the pattern.
 * Stages left out here may run or be skipped (churn needs 100 churned and 100 retained users),
 * but never fail.
 */
const expected: Record<DemoShape, Partial<Record<TrainingStage, Expected | typeof either>>> = {
  'no-items': {
    behaviourFeatures: 'ran',
    behaviourEmbedding: noItems,
    text: noText,
    segments: 'ran',
    map: 'ran',
    propensity: /no categorised purchases/,
    attributes: noAttributes,
    recommendations: noItems,
    ratings: /no rating events with an item/,
    personas: 'ran',
  },
  'no-text': {
    behaviourEmbedding: 'ran',
    text: noText,
    propensity: 'ran',
    recommendations: 'ran',
    personas: 'ran',
  },
  'one-type': {
    behaviourFeatures: 'ran',
    behaviourEmbedding: 'ran',
    text: noText,
    propensity: 'ran',
    recommendations: 'ran',
  },
  'one-event-per-user': {
    behaviourEmbedding: 'ran',
    text: 'ran',
    churn: /negative examples/,
    value: noPurchaseValues,
    recommendations: 'ran',
  },
  'few-users': { text: 'ran', segments: 'ran', recommendations: 'ran', personas: 'ran' },
  'single-day': {
    churn: shortSpan,
    propensity: shortSpan,
    value: /less than the 90-day horizon/,
    recommendations: 'ran',
    text: 'ran',
  },
  'date-only': { behaviourEmbedding: 'ran', text: noText, propensity: 'ran', recommendations: 'ran' },
  'hostile-text': { text: 'ran', recommendations: 'ran', personas: 'ran' },
};

interface ShapeRun {
  datasetId: number;
  stages: StageOutcome[];
  log: string[];
  metrics: { segments: { k: number; noClearSegments: boolean }; recommend: { model?: string; skipped?: string } };
  /** meta.text: how the run turned text into vectors */
  text: { method: string };
}

const runs = new Map<DemoShape, ShapeRun>();

function outcome(shape: DemoShape, stage: TrainingStage): StageOutcome {
  const found = runs.get(shape)?.stages.filter((entry) => entry.stage === stage) ?? [];
  expect(found, `${shape}: ${stage} recorded once`).toHaveLength(1);
  return found[0];
}

describe('training on the data shapes real logs have', () => {
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-shapes-'));
    for (const shape of demoShapes) {
      const demo = await generateShapeDemo({ shape, seed: 1, outDir: path.join(folder, shape) });
      const imported = await importFiles({ datasetName: `shape-${shape}-${process.pid}`, ...demo.files });
      expect(imported.ok, `${shape} imports`).toBe(true);
      const datasetId = imported.datasetId as number;
      expect((await checkTrainingData(datasetId)).reasons, `${shape} is not refused`).toEqual([]);
      const run = await trainDataset(datasetId, { seed: 1, textModel: false });
      const { rows } = await getPool().query('SELECT meta, metrics, log FROM model_runs WHERE id = $1', [run.runId]);
      expect(rows[0].meta.stages).toEqual(run.stages);
      runs.set(shape, {
        datasetId,
        stages: run.stages,
        log: rows[0].log,
        metrics: rows[0].metrics,
        text: rows[0].meta.text,
      });
    }
  }, 600_000);

  it.each(demoShapes)('%s: every stage ran or was skipped with its reason, in the run log too', (shape) => {
    const run = runs.get(shape) as ShapeRun;
    expect(run.stages.map((entry) => entry.stage)).toEqual([...trainingStages]);
    for (const stage of trainingStages) {
      const entry = outcome(shape, stage);
      expect(entry.status, `${shape}: ${stage} ${entry.reason ?? ''}`).not.toBe('failed');
      if (entry.status === 'skipped') expect(entry.reason).toBeTruthy();
      const want = expected[shape][stage];
      if (want === 'ran') expect(entry.status, `${shape}: ${stage} ${entry.reason ?? ''}`).toBe('ran');
      else if (want instanceof RegExp) {
        expect(entry.status, `${shape}: ${stage}`).toBe('skipped');
        expect(entry.reason).toMatch(want);
      }
      const line = entry.status === 'ran' ? `${stage}: ran` : `${stage}: skipped, ${entry.reason}`;
      expect(run.log.some((logged) => logged.startsWith(line))).toBe(true);
    }
  });

  it.each(demoShapes)(
    '%s: records text vectors only when some event had text, so no fallback is warned of without text',
    (shape) => {
      const run = runs.get(shape) as ShapeRun;
      const textStage = outcome(shape, 'text');
      expect(run.text.method).toBe(textStage.status === 'ran' ? 'tfidf-svd' : 'none');
    },
  );

  it('says which stages a one-event-type log leaves out, and trains it', () => {
    for (const shape of ['no-items', 'one-type'] as const) {
      expect(outcome(shape, 'behaviourFeatures').note).toMatch(/one event type \("purchase"\).*no event-type mix/);
    }
    expect(outcome('one-type', 'recommendations').status).toBe('ran');
  });

  it('says "no clear segments" for 40 users that a size floor of 20 cannot split, and stores one group', () => {
    expect(outcome('few-users', 'segments').note).toMatch(
      /^no clear segments: every k from 2 to \d+ leaves a segment smaller than the size floor of 20 users; one group$/,
    );
    expect(runs.get('few-users')?.metrics.segments).toMatchObject({ k: 1, noClearSegments: true });
  });

  it('serves popularity when no user has a second item to validate a trained recommender on, and says so', () => {
    expect(outcome('one-event-per-user', 'recommendations').note).toMatch(
      /^popularity served: no user has a second item/,
    );
    expect(runs.get('one-event-per-user')?.metrics.recommend.model).toBe('popularity');
  });

  it.each(demoShapes)(
    '%s: evaluates the recommender the run serves and exports its personas',
    async (shape) => {
      const run = runs.get(shape) as ShapeRun;
      const report = await evaluateDataset(run.datasetId, { seed: 1 });
      expect(report.run.stages).toEqual(run.stages);
      if (run.metrics.recommend.skipped) {
        expect(report.recommend.skippedByRun).toBe(run.metrics.recommend.skipped);
      } else {
        expect(report.recommend.model).toBe(run.metrics.recommend.model);
        expect(report.recommend.modelSource).toBe('active run');
        expect(report.recommend.items).toBe(36);
        expect(report.recommend.users).toBeGreaterThanOrEqual(0);
      }
      if (report.churn) expect(typeof report.churn.predictive).toBe('boolean');
      for (const format of ['md', 'json', 'csv'] as const) {
        const exported = await exportPersonas(run.datasetId, format, { actor: null });
        expect(exported.personas, `${shape} ${format}`).toBeGreaterThan(0);
        expect(exported.body.byteLength).toBeGreaterThan(0);
      }
    },
    120_000,
  );
});
