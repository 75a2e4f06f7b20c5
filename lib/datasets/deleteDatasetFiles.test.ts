import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { cleanPartialUploads } from '@/lib/imports/cleanPartialUploads';
import { createUploadFolder } from '@/lib/imports/uploadFolder';
import { importFiles } from '@/lib/ingest/importFiles';
import { defaultJobHandlers } from '@/lib/jobs/handlers/defaultJobHandlers';
import type { Job, JobType } from '@/lib/jobs/jobTypes';
import { claimNextJob, enqueueJob, getJob } from '@/lib/jobs/queue';
import { runJob } from '@/lib/jobs/runJob';
import { uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { seedDatasetWithRun } from '@/test/helpers/seedRun';
import { deleteDataset } from './deleteDataset';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portrait-dataset-files-'));
process.env.PORTRAIT_DATA_DIR = path.join(root, 'data');
process.env.PORTRAIT_UPLOAD_DIR = path.join(root, 'uploads');
process.env.PORTRAIT_EXPORTS_DIR = path.join(root, 'exports');
let counter = 0;

afterAll(async () => {
  await closePools();
});

/** Runs a job the way a worker does, under a type of its own so no other test's job is claimed. */
async function runAs(handler: 'import' | 'export', datasetId: number | null, payload: object): Promise<Job> {
  counter += 1;
  const type = `test-${handler}-${process.pid}-${counter}` as JobType;
  const enqueued = await enqueueJob({ type, datasetId, payload, createdBy: 'admin@example.com' });
  const claimed = (await claimNextJob('files-tester', [type])) as Job;
  await runJob(claimed, defaultJobHandlers[handler], { workerId: 'files-tester', heartbeatMs: 50 }).done;
  // finished, it is an ordinary job of its kind
  await getPool().query('UPDATE jobs SET type = $2 WHERE id = $1', [enqueued.job.id, handler]);
  return (await getJob(enqueued.job.id)) as Job;
}

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('deleting a dataset removes the files Portrait kept for it', () => {
  it('removes member exports, upload folders with their reject files, and CLI reject files', async () => {
    const seeded = await seedDatasetWithRun({ users: 80, seed: 5 });
    const other = await seedDatasetWithRun({ users: 60, seed: 6 });
    const members = await runAs('export', seeded.datasetId, { segmentIndex: 0 });
    const keptExport = await runAs('export', other.datasetId, { format: 'csv' });
    expect(members.status).toBe('succeeded');
    const membersFile = (members.result as { path: string }).path;
    expect(fs.existsSync(membersFile)).toBe(true);

    const folder = await createUploadFolder();
    const upload = path.join(folder, 'events.csv');
    fs.writeFileSync(upload, 'user_id,type,ts\nu1,view,2024-01-01\nu2,view,not-a-date\n');
    const imported = await runAs('import', seeded.datasetId, {
      datasetName: seeded.datasetName,
      events: upload,
      skipInvalid: true,
      uploadFolder: folder,
    });
    expect(imported.status).toBe('succeeded');
    const uploadReject = (imported.result as { files: { rejectFile: string }[] }).files[0].rejectFile;
    expect(fs.existsSync(uploadReject)).toBe(true);

    const input = path.join(root, 'cli-events.csv');
    fs.writeFileSync(input, 'user_id,type,ts\nu1,view,2024-01-02\nu3,view,9999-12-31\n');
    const cli = await importFiles({ datasetName: seeded.datasetName, events: input, skipInvalid: true });
    const cliReject = cli.batches[0].rejectFile as string;
    expect(fs.existsSync(cliReject)).toBe(true);

    const deleted = await deleteDataset(seeded.datasetName, 'admin@example.com');
    expect(deleted?.files).toBeGreaterThanOrEqual(3);
    expect(fs.existsSync(membersFile)).toBe(false);
    expect(fs.existsSync(folder)).toBe(false);
    expect(fs.existsSync(uploadReject)).toBe(false);
    expect(fs.existsSync(cliReject)).toBe(false);
    expect(fs.existsSync(path.dirname(cliReject))).toBe(false);
    // another dataset's export and the user's own input stay
    expect(fs.existsSync((keptExport.result as { path: string }).path)).toBe(true);
    expect(fs.existsSync(input)).toBe(true);
  });

  it('removes the upload and report of the import job that created the dataset', async () => {
    const datasetName = uniqueDatasetName('created-by-upload');
    const folder = await createUploadFolder();
    const upload = path.join(folder, 'events.csv');
    fs.writeFileSync(upload, 'user_id,type,ts\nu1,view,2024-01-01\nu2,view,2024-01-0x\n');
    const job = await runAs('import', null, { datasetName, events: upload, skipInvalid: true, uploadFolder: folder });
    expect(job.status).toBe('succeeded');
    expect(job.datasetId).toBeNull();
    await deleteDataset(datasetName);
    expect(fs.existsSync(folder)).toBe(false);
    expect(await getJob(job.id)).toBeNull();
  });
});

describe('partial uploads', () => {
  it('are removed at start when no job names them, while queued uploads stay', async () => {
    const partial = await createUploadFolder();
    fs.writeFileSync(path.join(partial, 'events.csv'), 'user_id,type,ts\nu1,view,2024-01-01\nu2,vi');
    const queued = await createUploadFolder();
    fs.writeFileSync(path.join(queued, 'events.csv'), 'user_id,type,ts\n');
    counter += 1;
    await enqueueJob({
      type: `test-queued-${process.pid}-${counter}` as JobType,
      datasetId: null,
      payload: { datasetName: 'queued', events: path.join(queued, 'events.csv'), uploadFolder: queued },
      createdBy: 'admin@example.com',
    });
    const job = await getPool().query(`UPDATE jobs SET type = 'import' WHERE payload->>'uploadFolder' = $1`, [queued]);
    expect(job.rowCount).toBe(1);

    expect(await cleanPartialUploads({ idleMs: 60_000 })).toEqual([]);
    const removed = await cleanPartialUploads({ idleMs: 0 });
    expect(removed).toContain(partial);
    expect(removed).not.toContain(queued);
    expect(fs.existsSync(partial)).toBe(false);
    expect(filesUnder(queued)).toEqual(['events.csv']);
  });
});
