import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { defaultJobHandlers } from '@/lib/jobs/handlers/defaultJobHandlers';
import type { Job } from '@/lib/jobs/jobTypes';
import { claimNextJob, getJob } from '@/lib/jobs/queue';
import { runJob } from '@/lib/jobs/runJob';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { GET as downloadFile } from './[id]/file/route';
import { POST as startJob } from './route';

// Evaluations and exports queued through POST /api/jobs, run by a worker's handlers, and an
// export's file downloaded from GET /api/jobs/:id/file, against a real database.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const exportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portrait-job-routes-'));
const saved = { exports: process.env.PORTRAIT_EXPORTS_DIR, autologin: process.env.PORTRAIT_DEMO_AUTOLOGIN };
let seeded: SeededDataset;
let untrainedId: number;
let admin: { email: string; cookie: string };

function request(handler: Handler, options: { body?: unknown; rawBody?: string; params?: Record<string, string> }) {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return handler(
    new Request('http://localhost/api/jobs', {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body,
    }),
    { params: Promise.resolve(options.params ?? {}) },
  );
}

async function queue(body: unknown): Promise<{ status: number; job: Job; error: { code: string; message: string } }> {
  const response = await request(startJob, { body });
  return { status: response.status, ...(await response.json()) };
}

/** Runs a queued job the way a worker does: claim the oldest of its type, run its handler, record. */
async function runQueued(job: Job): Promise<Job> {
  const claimed = await claimNextJob('job-routes-tester', [job.type]);
  expect(claimed?.id).toBe(job.id);
  const handler = defaultJobHandlers[job.type];
  if (!handler) throw new Error(`no handler for ${job.type}`);
  await runJob(claimed as Job, handler, { workerId: 'job-routes-tester', heartbeatMs: 50 }).done;
  return (await getJob(job.id)) as Job;
}

const download = (jobId: number) => request(downloadFile, { params: { id: String(jobId) } });

async function auditActions(jobId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ action: string; actor: string }>(
    `SELECT action, actor FROM audit_log WHERE detail->>'jobId' = $1 OR target = $2 ORDER BY id`,
    [String(jobId), `job:${jobId}`],
  );
  expect(rows.every((row) => row.actor === admin.email)).toBe(true);
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  process.env.PORTRAIT_EXPORTS_DIR = exportsDir;
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  seeded = await seedDatasetWithRun({ users: 700, seed: 43 });
  const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
    `untrained_jobs_${process.pid}_${Date.now().toString(36)}`,
  ]);
  untrainedId = rows[0].id;
  const email = `admin-jobs-${process.pid}-${Date.now().toString(36)}@example.com`;
  const account = await createAccount(email, 'a long enough password', 'admin');
  admin = { email, cookie: `${sessionCookieName}=${(await createSession(account.id)).token}` };
});

afterAll(async () => {
  for (const [name, value] of [
    ['PORTRAIT_EXPORTS_DIR', saved.exports],
    ['PORTRAIT_DEMO_AUTOLOGIN', saved.autologin],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(exportsDir, { recursive: true, force: true });
  await closePools();
});

describe('export jobs through the API', () => {
  it('queues a personas export, and its finished file downloads as an attachment with the same bytes', async () => {
    const queued = await queue({ type: 'export', datasetId: seeded.datasetId, format: 'md' });
    expect(queued.status).toBe(202);
    expect(queued.job).toMatchObject({ type: 'export', status: 'queued', datasetId: seeded.datasetId });
    expect(queued.job.payload).toEqual({ format: 'md' });

    const before = await download(queued.job.id);
    expect(before.status).toBe(404);
    expect((await before.json()).error.message).toBe(`Job ${queued.job.id} has no file to download: it is queued`);

    const job = await runQueued(queued.job);
    expect(job.status).toBe('succeeded');
    const result = job.result as { path: string; fileName: string; bytes: number };
    expect(result.fileName).toBe(`${seeded.datasetName}-run${seeded.runId}-personas.md`);

    const response = await download(job.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${result.fileName}"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-length')).toBe(String(result.bytes));
    const text = await response.text();
    expect(text).toBe(fs.readFileSync(result.path, 'utf8'));
    expect(text).toContain('## Camera enthusiasts');
    // who asked, the export as every export path records it, and the download
    expect(await auditActions(job.id)).toEqual(['export.start', 'export.download']);
    const { rows } = await getPool().query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'export.personas' AND target = $1 AND detail->>'format' = 'md'`,
      [`dataset:${seeded.datasetId}`],
    );
    expect(rows.map((row) => row.actor)).toEqual([admin.email]);
  });

  it('streams a PDF byte for byte and a segment member list as CSV', async () => {
    const pdf = await runQueued((await queue({ type: 'export', datasetId: seeded.datasetId, format: 'pdf' })).job);
    const pdfResponse = await download(pdf.id);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdfResponse.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.equals(fs.readFileSync((pdf.result as { path: string }).path))).toBe(true);

    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts') as SeededDataset['segments'][number];
    const queued = await queue({
      type: 'export',
      datasetId: seeded.datasetId,
      format: 'csv',
      segmentIndex: camera.index,
    });
    expect(queued.status).toBe(202);
    const members = await runQueued(queued.job);
    const lines = (await (await download(members.id)).text()).trimEnd().split('\r\n');
    expect(lines[0].startsWith('user_id,distance_to_centre,churn_score')).toBe(true);
    expect(lines).toHaveLength(camera.size + 1);
  });

  it('answers 404 once the file is gone, and for a job that is not an export', async () => {
    const job = await runQueued((await queue({ type: 'export', datasetId: seeded.datasetId, format: 'json' })).job);
    fs.rmSync((job.result as { path: string }).path);
    const gone = await download(job.id);
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.message).toBe(
      `The file of job ${job.id} (${(job.result as { fileName: string }).fileName}) is gone from the exports folder`,
    );
    const { rows } = await getPool().query<{ id: number }>(
      `INSERT INTO jobs (type, dataset_id, status, result, finished_at) VALUES ('export', $1, 'succeeded', $2, now())
       RETURNING id`,
      [seeded.datasetId, JSON.stringify({ path: '/etc/hostname', fileName: 'hostname', format: 'csv' })],
    );
    expect((await download(rows[0].id)).status).toBe(404);
    expect((await download(2_000_000_000)).status).toBe(404);
  });

  it('refuses an untrained dataset, a missing dataset, run or segment, and a member list in another format', async () => {
    const untrained = await queue({ type: 'export', datasetId: untrainedId, format: 'csv' });
    expect(untrained.status).toBe(409);
    expect(untrained.error.message).toMatch(/has no trained run yet: retrain it first/);
    const missing = await queue({ type: 'export', datasetId: 2_000_000_000, format: 'csv' });
    expect(missing.status).toBe(404);
    expect(missing.error.message).toBe('Dataset 2000000000 does not exist');
    const foreignRun = await queue({ type: 'export', datasetId: untrainedId, format: 'csv', runId: seeded.runId });
    expect(foreignRun.status).toBe(404);
    expect(foreignRun.error.message).toMatch(`Run ${seeded.runId} does not belong to dataset`);
    const hidden = await queue({
      type: 'export',
      datasetId: seeded.datasetId,
      format: 'csv',
      segmentIndex: seeded.hiddenSegmentIndex,
    });
    expect(hidden.status).toBe(404);
    expect(hidden.error.message).toBe(`Segment ${seeded.hiddenSegmentIndex} does not exist in run ${seeded.runId}`);
    const pdfMembers = await queue({ type: 'export', datasetId: seeded.datasetId, format: 'pdf', segmentIndex: 0 });
    expect(pdfMembers.status).toBe(400);
    expect(pdfMembers.error.message).toBe('A member list is exported as CSV only');
  });
});

describe('evaluate jobs through the API', () => {
  it('queues one evaluation at a time, and its result is the evaluate JSON with truth agreement', async () => {
    const queued = await queue({ type: 'evaluate', datasetId: seeded.datasetId, truthAttributes: ['age_band'] });
    expect(queued.status).toBe(202);
    expect(queued.job.payload).toEqual({ truthAttributes: ['age_band'] });
    const again = await queue({ type: 'evaluate', datasetId: seeded.datasetId });
    expect(again.status).toBe(409);
    expect(again.error.message).toBe(
      `An evaluation of "${seeded.datasetName}" is already queued (job ${queued.job.id})`,
    );

    const job = await runQueued(queued.job);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const result = job.result as Record<string, never>;
    expect(Object.keys(result).sort()).toEqual([
      'attributes',
      'churn',
      'ratings',
      'ratingsReason',
      'recommend',
      'run',
      'segments',
      'targets',
      'value',
    ]);
    // the seeded shop's purchases carry amounts: predicted value is measured against the previous 90 days
    expect(result.value).toMatchObject({ horizonDays: 90, baseline: { spearman: expect.any(Number) } });
    // the seeded shop has no rating events: no rating model, and the reason
    expect(result.ratings).toBeNull();
    expect(result.ratingsReason).toMatch(/no rating events/);
    expect(result.segments).toMatchObject({
      k: expect.any(Number),
      agreement: { age_band: { ari: expect.any(Number), nmi: expect.any(Number), users: expect.any(Number) } },
    });
    expect(result.recommend).toMatchObject({
      k: 10,
      ndcg: expect.any(Number),
      baselines: { popularity: { ndcg: expect.any(Number) } },
    });
    expect(result.churn).toMatchObject({ auc: expect.any(Number), baselineAuc: 0.5 });
    // the sensitive attribute is never evaluated
    expect(Object.keys(result.attributes)).not.toContain('religion');
    expect(job.log.some((line) => line.includes('Recommendations nDCG@10'))).toBe(true);
    expect(await auditActions(job.id)).toEqual(['evaluate.start']);

    const noFile = await download(job.id);
    expect(noFile.status).toBe(404);
    expect((await noFile.json()).error.message).toBe(`Job ${job.id} has no file to download: it is an evaluate job`);
  });

  it('refuses an untrained dataset and a truth attribute the dataset lacks', async () => {
    const untrained = await queue({ type: 'evaluate', datasetId: untrainedId });
    expect(untrained.status).toBe(409);
    expect(untrained.error).toMatchObject({ code: 'conflict', details: { reason: 'not_trained' } });
    const unknown = await queue({
      type: 'evaluate',
      datasetId: seeded.datasetId,
      truthAttributes: ['age_band', 'shoe'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.error.message).toBe(`Dataset "${seeded.datasetName}" has no user attribute "shoe"`);
  });
});

describe('bad job payloads', () => {
  it.each([
    [{ type: 'reindex', datasetId: 1 }, /^body\.type: /],
    [{ type: 'export', datasetId: 1 }, /^body\.format: /],
    [{ type: 'export', datasetId: 1, format: 'xlsx' }, /^body\.format: /],
    [{ type: 'export', datasetId: 1, format: 'csv', segmentIndex: -1 }, /^body\.segmentIndex: /],
    [{ type: 'export', format: 'csv' }, /^body\.datasetId: /],
    [{ type: 'evaluate', datasetId: 1, truthAttributes: 'age_band' }, /^body\.truthAttributes: /],
    [{ type: 'evaluate', datasetId: 'one' }, /^body\.datasetId: /],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const response = await queue(body);
    expect(response.status).toBe(400);
    expect(response.error.code).toBe('bad_request');
    expect(response.error.message).toMatch(message);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await request(startJob, { rawBody: '{"type":' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('The body is not valid JSON');
  });
});
