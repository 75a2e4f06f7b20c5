import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import type { Job, JobType } from '../jobTypes';
import { claimNextJob, enqueueJob, getJob } from '../queue';
import { runJob } from '../runJob';
import { defaultJobHandlers } from './defaultJobHandlers';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'portrait-exports-'));
const previousFolder = process.env.PORTRAIT_EXPORTS_DIR;
let seeded: SeededDataset;
let counter = 0;

beforeAll(async () => {
  process.env.PORTRAIT_EXPORTS_DIR = folder;
  seeded = await seedDatasetWithRun({ users: 150, seed: 41 });
});

afterAll(async () => {
  if (previousFolder === undefined) delete process.env.PORTRAIT_EXPORTS_DIR;
  else process.env.PORTRAIT_EXPORTS_DIR = previousFolder;
  fs.rmSync(folder, { recursive: true, force: true });
  await closePools();
});

/** Runs an export job the way a worker does (claim, run, record), with the registered handler. */
async function runExportJob(payload: object): Promise<Job> {
  counter += 1;
  // A type of its own, so the claim cannot pick up another test's queued job.
  const type = `test-export-${process.pid}-${counter}` as JobType;
  const enqueued = await enqueueJob({ type, datasetId: seeded.datasetId, payload, createdBy: 'pm@example.com' });
  const claimed = await claimNextJob('export-tester', [type]);
  expect(claimed?.id).toBe(enqueued.job.id);
  await runJob(claimed as Job, defaultJobHandlers.export, { workerId: 'export-tester', heartbeatMs: 50 }).done;
  return (await getJob(enqueued.job.id)) as Job;
}

describe('export jobs', () => {
  it('write the personas file into the exports folder and record its path in the result', async () => {
    const job = await runExportJob({ format: 'md' });
    expect(job.status).toBe('succeeded');
    const result = job.result as { path: string; fileName: string; personas: number; bytes: number; runId: number };
    expect(path.dirname(result.path)).toBe(folder);
    expect(path.basename(result.path)).toBe(`${job.id}-${seeded.datasetName}-run${seeded.runId}-personas.md`);
    const text = fs.readFileSync(result.path, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(result.personas).toBe(4);
    expect(text).toContain('## Camera enthusiasts');
    expect(fs.readdirSync(folder).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it("write a segment's member list when the payload names a segment", async () => {
    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts') as SeededDataset['segments'][number];
    const job = await runExportJob({ segmentIndex: camera.index });
    expect(job.status).toBe('succeeded');
    const result = job.result as { path: string; users: number };
    expect(result.users).toBe(camera.size);
    const lines = fs.readFileSync(result.path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0].startsWith('user_id,distance_to_centre,churn_score')).toBe(true);
    expect(lines).toHaveLength(camera.size + 1);
  });

  it('fail with the reason for a segment under the size floor or a bad format, writing nothing', async () => {
    const before = fs.readdirSync(folder).length;
    const hidden = await runExportJob({ segmentIndex: seeded.hiddenSegmentIndex });
    expect(hidden.status).toBe('failed');
    expect(hidden.error).toMatch(/does not exist/);
    const bad = await runExportJob({ format: 'xlsx' });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/Bad export payload/);
    expect(fs.readdirSync(folder)).toHaveLength(before);
  });
});
