import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainJob } from './handlers/trainJob';
import type { Job, JobType } from './jobTypes';
import { claimNextJob, enqueueJob, getJob } from './queue';
import { runJob } from './runJob';

const seenTable = `progress_seen_${process.pid}`;

afterAll(async () => {
  const pool = getPool();
  await pool.query(`DROP TRIGGER IF EXISTS ${seenTable} ON jobs`);
  await pool.query(`DROP FUNCTION IF EXISTS ${seenTable}()`);
  await pool.query(`DROP TABLE IF EXISTS ${seenTable}`);
  await closePools();
});

describe("a retrain's progress", () => {
  it('moves through the long stages while they run, with what each is doing, never backwards', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-progress-'));
    const demo = await generateDemo({ users: 400, seed: 5, outDir: folder });
    const imported = await importFiles({ datasetName: `progress-${process.pid}`, ...demo.files });
    const type = `test-progress-${process.pid}` as JobType;
    const enqueued = await enqueueJob({
      type,
      datasetId: imported.datasetId as number,
      payload: { k: 'auto', textModel: false },
      createdBy: 'tester',
    });
    // Every progress write as the database saw it, stamped when it landed.
    const pool = getPool();
    await pool.query(`CREATE TABLE ${seenTable} (at timestamptz, stage text, percent float8)`);
    await pool.query(`CREATE FUNCTION ${seenTable}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO ${seenTable} VALUES (clock_timestamp(), NEW.stage, NEW.percent); RETURN NEW; END $$`);
    await pool.query(`CREATE TRIGGER ${seenTable} AFTER UPDATE OF stage, percent ON jobs FOR EACH ROW
      WHEN (NEW.id = ${enqueued.job.id} AND NEW.status = 'running' AND NEW.stage IS DISTINCT FROM OLD.stage)
      EXECUTE FUNCTION ${seenTable}()`);

    const claimed = (await claimNextJob('progress-tester', [type])) as Job;
    await runJob(claimed, trainJob, { workerId: 'progress-tester', heartbeatMs: 200 }).done;
    expect((await getJob(enqueued.job.id))?.status).toBe('succeeded');

    const { rows } = await pool.query<{ at: Date; stage: string; percent: number }>(
      `SELECT at, stage, percent FROM ${seenTable} ORDER BY at`,
    );
    const stages = rows.map((row) => row.stage);
    // k-means runs synchronously on the job's thread: its steps land while it runs, not all at its end
    const kmeans = rows.filter((row) => row.stage.startsWith('segments: k-means for k = '));
    expect(kmeans.length).toBeGreaterThanOrEqual(5);
    expect(kmeans.at(-1)?.at.getTime()).toBeGreaterThan(kmeans[0].at.getTime());
    expect(stages.some((stage) => stage.startsWith('predictions: attribute models: '))).toBe(true);
    expect(stages).toContain('segments: k = 2 on uniform noise, the baseline a real segmentation must beat');
    // the demo's planted answer column is kept for evaluation only, never modelled
    expect(stages.some((stage) => stage.includes('true_persona'))).toBe(false);
    const percents = rows.map((row) => row.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents.filter((p) => p > 31 && p < 93).map(Math.round)).size).toBeGreaterThanOrEqual(8);
  });
});
