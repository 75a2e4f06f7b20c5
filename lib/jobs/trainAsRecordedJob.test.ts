import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { listJobs } from './listJobs';
import { trainAsRecordedJob } from './trainAsRecordedJob';

afterAll(() => closePools());

describe('training outside the queue (the first start)', () => {
  it('appears in the job history as a finished train job with its duration, log and run', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-recorded-train-'));
    const demo = await generateDemo({ users: 120, seed: 4, outDir: folder });
    const imported = await importFiles({ datasetName: `recorded-train-${process.pid}`, ...demo.files });
    const datasetId = imported.datasetId as number;

    const result = await trainAsRecordedJob(datasetId, { seed: 1, textModel: false, createdBy: 'npm start' });

    const [job] = await listJobs({ datasetId });
    expect(job).toMatchObject({
      type: 'train',
      status: 'succeeded',
      createdBy: 'npm start',
      percent: 100,
      payload: { k: 'auto', seed: 1, textModel: false },
    });
    expect(job.run?.id).toBe(result.runId);
    expect(job.run?.active).toBe(true);
    expect(job.run?.metrics.k).toBe(result.k);
    const took = Date.parse(job.finishedAt as string) - Date.parse(job.startedAt as string);
    expect(took).toBeGreaterThan(0);
    expect(job.lastLog).toMatch(/Succeeded in \d+\.\d s$/);
  });

  it('records a training that fails as a failed job with its reason', async () => {
    const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
      `recorded-empty-${process.pid}-${Date.now().toString(36)}`,
    ]);
    const datasetId = rows[0].id;
    await expect(trainAsRecordedJob(datasetId, { createdBy: 'npm start' })).rejects.toThrow();
    const [job] = await listJobs({ datasetId });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/users|events/);
  });
});
