import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainJob } from '@/lib/jobs/handlers/trainJob';
import type { Job, JobType } from '@/lib/jobs/jobTypes';
import { claimNextJob, enqueueJob, getJob } from '@/lib/jobs/queue';
import { runJob } from '@/lib/jobs/runJob';
import { getAudienceDetail } from './readAudiences';
import { createAudience } from './saveAudience';

afterAll(async () => {
  await closePools();
});

async function retrain(datasetId: number, seed: number): Promise<Job> {
  const type = `test-audience-train-${process.pid}-${seed}` as JobType;
  const { job } = await enqueueJob({ type, datasetId, payload: { k: 3, textModel: false, seed }, createdBy: 'tester' });
  const claimed = await claimNextJob('audience-tester', [type]);
  await runJob(claimed as Job, trainJob, { workerId: 'audience-tester', heartbeatMs: 50 }).done;
  return (await getJob(job.id)) as Job;
}

it('recomputes every audience against the new run when a retrain job makes it active', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-audience-retrain-'));
  const demo = await generateDemo({ users: 150, seed: 3, outDir: folder });
  const imported = await importFiles({ datasetName: `audience-retrain-${process.pid}`, ...demo.files });
  const datasetId = imported.datasetId as number;
  try {
    expect((await retrain(datasetId, 1)).status).toBe('succeeded');
    const { rows: first } = await getPool().query<{ active_run_id: number }>(
      'SELECT active_run_id FROM datasets WHERE id = $1',
      [datasetId],
    );
    const audience = await createAudience(datasetId, {
      name: 'First segment',
      definition: { version: 1, root: { kind: 'segment', runId: first[0].active_run_id, segmentIndex: 0 } },
    });
    const job = await retrain(datasetId, 2);
    expect(job.status).toBe('succeeded');
    expect(job.log.join('\n')).toContain('Audiences recomputed: 1');
    const { rows: second } = await getPool().query<{ active_run_id: number }>(
      'SELECT active_run_id FROM datasets WHERE id = $1',
      [datasetId],
    );
    expect(second[0].active_run_id).not.toBe(first[0].active_run_id);
    const detail = await getAudienceDetail(audience.id);
    expect(detail.runId).toBe(second[0].active_run_id);
    expect(detail.definition.root).toEqual(
      expect.objectContaining({ kind: 'segment', runId: second[0].active_run_id }),
    );
    expect(detail.notes).toHaveLength(1);
    expect(detail.history.at(-1)).toEqual(expect.objectContaining({ reason: 'retrain' }));
  } finally {
    await getPool().query('DELETE FROM datasets WHERE id = $1', [datasetId]);
  }
}, 240_000);
