import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { createUploadFolder } from '@/lib/imports/uploadFolder';
import { datasetCounts, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { cancelJob } from '../cancelJob';
import type { Job, JobType } from '../jobTypes';
import { claimNextJob, enqueueJob, getJob } from '../queue';
import { runJob } from '../runJob';
import { importJob } from './importJob';

const root = mkdtempSync(path.join(os.tmpdir(), 'portrait-import-job-'));
process.env.PORTRAIT_UPLOAD_DIR = path.join(root, 'uploads');
process.env.PORTRAIT_DATA_DIR = path.join(root, 'data');
let counter = 0;

afterAll(async () => {
  await closePools();
});

/** Queues an import of `file` as an upload and claims it, as a worker would. */
async function claimImport(datasetName: string, file: string, folder: string): Promise<Job> {
  counter += 1;
  // a type of its own, so the claim cannot pick up another test's queued job
  const type = `test-import-${process.pid}-${counter}` as JobType;
  const payload = { datasetName, events: file, uploadFolder: folder, fileNames: { events: 'events.csv' } };
  const enqueued = await enqueueJob({ type, datasetId: null, payload, createdBy: 'admin@example.com' });
  const claimed = await claimNextJob('import-tester', [type]);
  expect(claimed?.id).toBe(enqueued.job.id);
  return claimed as Job;
}

async function writeEvents(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('user_id,item_id,type,ts,value\n');
  for (let i = 0; i < rows; i++) {
    const line = `user${i % 5000},item${i % 300},view,2024-0${1 + (i % 9)}-1${i % 10}T10:${String(i % 60).padStart(2, '0')}:00Z,${i}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

describe('import jobs', () => {
  it('stop while reading when cancelled, roll back and remove the uploaded file', async () => {
    const folder = await createUploadFolder();
    const file = path.join(folder, 'events.csv');
    await writeEvents(file, 400_000);
    const datasetName = uniqueDatasetName('cancel-import');
    const job = await claimImport(datasetName, file, folder);
    const running = runJob(job, importJob, { workerId: 'import-tester', heartbeatMs: 50 });
    // cancel once the job has read part of the file
    for (let waited = 0; waited < 600; waited++) {
      const now = await getJob(job.id);
      if ((now?.percent ?? 0) > 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const asked = await cancelJob('admin@example.com', job.id);
    expect(asked.cancelAsked).toBe(true);
    await running.done;
    const finishedJob = (await getJob(job.id)) as Job;
    expect(finishedJob.status).toBe('cancelled');
    expect(finishedJob.percent).toBeLessThan(99);
    expect(await datasetCounts(datasetName)).toMatchObject({ exists: false, events: 0 });
    expect(existsSync(file)).toBe(false);
  });

  it('keep the missing values per column in the report the import screen shows', async () => {
    const folder = await createUploadFolder();
    const file = path.join(folder, 'events.csv');
    writeFileSync(
      file,
      'user_id,item_id,type,ts,value\nu1,,view,2024-03-01,\nu2,i1,buy,2024-03-02,NA\nu3,i2,view,2024-03-03,4\n',
    );
    const job = await claimImport(uniqueDatasetName('missing-report'), file, folder);
    await runJob(job, importJob, { workerId: 'import-tester', heartbeatMs: 50 }).done;
    const done = (await getJob(job.id)) as Job;
    expect(done.status).toBe('succeeded');
    const report = done.result as { files: { kind: string; missing?: Record<string, number> }[] };
    expect(report.files.find((reported) => reported.kind === 'events')?.missing).toMatchObject({
      item_id: 1,
      value: 2,
    });
  });

  it('fail an upload that expands past the gzip limit with an error naming the limit', async () => {
    process.env.PORTRAIT_GZIP_MAX_RATIO = '10';
    process.env.PORTRAIT_GZIP_MIN_EXPANDED_MB = '0.25';
    try {
      const folder = await createUploadFolder();
      const file = path.join(folder, 'events.csv.gz');
      const rows = Array.from({ length: 40_000 }, (_, i) => `u${i % 10},i1,view,2024-01-01`).join('\n');
      writeFileSync(file, gzipSync(`user_id,item_id,type,ts\n${rows}\n`));
      const datasetName = uniqueDatasetName('bomb-upload');
      const job = await claimImport(datasetName, file, folder);
      await runJob(job, importJob, { workerId: 'import-tester', heartbeatMs: 50 }).done;
      const failed = (await getJob(job.id)) as Job;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/events\.csv line \d+: the file expands to more than .* PORTRAIT_GZIP_MAX_RATIO/);
      expect(await datasetCounts(datasetName)).toMatchObject({ exists: false });
    } finally {
      delete process.env.PORTRAIT_GZIP_MAX_RATIO;
      delete process.env.PORTRAIT_GZIP_MIN_EXPANDED_MB;
    }
  });
});
