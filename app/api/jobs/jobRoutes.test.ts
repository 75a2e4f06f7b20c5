import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { completeRun, createRun } from '@/lib/runs/runStore';
import { GET as getSchedule, PUT as putSchedule } from '../datasets/[id]/schedule/route';
import { POST as cancel } from './[id]/cancel/route';
import { GET as getJob } from './[id]/route';
import { GET as listJobs, POST as startJob } from './route';

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Body = any;

async function call(
  handler: Handler,
  path: string,
  options: { method?: string; body?: unknown; params?: Record<string, string>; cookie?: string } = {},
): Promise<{ status: number; body: Body }> {
  const request = new Request(`http://localhost${path}`, {
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(options.cookie ? { cookie: options.cookie } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: await response.json() };
}

let datasetId: number;
let analystCookie: string;
// schedules are not the demo admin's to change
let adminCookie: string;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

async function newDataset(label: string): Promise<number> {
  const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
    `${label}-${process.pid}-${Date.now().toString(36)}`,
  ]);
  return rows[0].id;
}

async function storedRun(id: number, segments: object): Promise<number> {
  const runId = await createRun(id, {});
  await completeRun(
    runId,
    id,
    { segments: [], profiles: [], targets: [], scores: [], recommendations: [] },
    { metrics: { segments }, timings: {}, meta: {}, eventsUpTo: null },
  );
  return runId;
}

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
  datasetId = await newDataset('jobs-api');
  const analyst = await createAccount(`analyst-${process.pid}@example.com`, 'a long enough password', 'analyst');
  analystCookie = `${sessionCookieName}=${(await createSession(analyst.id)).token}`;
  const admin = await createAccount(`admin-${process.pid}@example.com`, 'a long enough password', 'admin');
  adminCookie = `${sessionCookieName}=${(await createSession(admin.id)).token}`;
});

afterAll(async () => {
  if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
  await closePools();
});

describe('retrain jobs over HTTP', () => {
  let jobId: number;

  it('queues a retrain with 202, records who asked, and writes the audit log', async () => {
    const { status, body } = await call(startJob, '/api/jobs', {
      method: 'POST',
      body: { type: 'train', datasetId, k: 5, textModel: false },
    });
    expect(status).toBe(202);
    expect(body.job).toMatchObject({
      type: 'train',
      datasetId,
      status: 'queued',
      createdBy: 'demo-admin@localhost',
      payload: { k: 5, textModel: false, map: 'pca' },
      percent: 0,
    });
    jobId = body.job.id;
    const audit = await getPool().query('SELECT actor, action, detail FROM audit_log WHERE target = $1', [
      `dataset:${datasetId}`,
    ]);
    expect(audit.rows).toEqual([
      { actor: 'demo-admin@localhost', action: 'retrain.start', detail: { jobId, k: 5, textModel: false, map: 'pca' } },
    ]);
  });

  it('refuses a second retrain of the same dataset while one is queued', async () => {
    const { status, body } = await call(startJob, '/api/jobs', { method: 'POST', body: { type: 'train', datasetId } });
    expect(status).toBe(409);
    expect(body.error.message).toContain(`(job ${jobId})`);
  });

  it('answers 400 for a bad k or job type and 404 for an unknown dataset', async () => {
    const badK = await call(startJob, '/api/jobs', { method: 'POST', body: { type: 'train', datasetId, k: 1 } });
    expect(badK.status).toBe(400);
    expect(badK.body.error.message).toMatch(/^body\.k/);
    expect((await call(startJob, '/api/jobs', { method: 'POST', body: { type: 'export', datasetId } })).status).toBe(
      400,
    );
    const missing = await call(startJob, '/api/jobs', { method: 'POST', body: { type: 'train', datasetId: 999_999 } });
    expect(missing.status).toBe(404);
    const badMap = await call(startJob, '/api/jobs', {
      method: 'POST',
      body: { type: 'train', datasetId, map: 'tsne' },
    });
    expect(badMap.status).toBe(400);
    expect(badMap.body.error.message).toMatch(/^body\.map/);
  });

  it('queues a retrain with a UMAP map when asked, as portrait train --map umap does', async () => {
    const umapDataset = await newDataset('umap');
    const { status, body } = await call(startJob, '/api/jobs', {
      method: 'POST',
      body: { type: 'train', datasetId: umapDataset, map: 'umap' },
    });
    expect(status).toBe(202);
    expect(body.job.payload).toEqual({ k: 'auto', textModel: true, map: 'umap' });
  });

  it('queues a retrain on the device asked for, and refuses a device it does not know', async () => {
    const cpuDataset = await newDataset('device');
    const { status, body } = await call(startJob, '/api/jobs', {
      method: 'POST',
      body: { type: 'train', datasetId: cpuDataset, device: 'cpu' },
    });
    expect(status).toBe(202);
    expect(body.job.payload).toEqual({ k: 'auto', textModel: true, map: 'pca', device: 'cpu' });
    const badDevice = await call(startJob, '/api/jobs', {
      method: 'POST',
      body: { type: 'train', datasetId: await newDataset('bad-device'), device: 'gpu' },
    });
    expect(badDevice.status).toBe(400);
    expect(badDevice.body.error.message).toMatch(/^body\.device/);
  });

  it('lists active jobs of a dataset with progress, and shows one job with its log', async () => {
    const list = await call(listJobs, `/api/jobs?status=active&datasetId=${datasetId}`);
    expect(list.status).toBe(200);
    expect(list.body.jobs.map((job: Body) => [job.id, job.status, job.percent])).toEqual([[jobId, 'queued', 0]]);
    expect(list.body.jobs[0].log).toBeUndefined();
    expect(list.body.jobs[0].lastLog).toMatch(/Queued by demo-admin@localhost$/);
    const one = await call(getJob, `/api/jobs/${jobId}`, { params: { id: String(jobId) } });
    expect(one.body.job.log).toHaveLength(1);
    expect((await call(getJob, '/api/jobs/999999', { params: { id: '999999' } })).status).toBe(404);
  });

  it('cancels the queued job, audits it, and refuses to cancel it twice', async () => {
    const { status, body } = await call(cancel, `/api/jobs/${jobId}/cancel`, {
      method: 'POST',
      params: { id: String(jobId) },
    });
    expect(status).toBe(200);
    expect(body.job.status).toBe('cancelled');
    const again = await call(cancel, `/api/jobs/${jobId}/cancel`, { method: 'POST', params: { id: String(jobId) } });
    expect(again.status).toBe(409);
    const audit = await getPool().query('SELECT action FROM audit_log WHERE target = $1', [`job:${jobId}`]);
    expect(audit.rows).toEqual([{ action: 'retrain.cancel' }]);
  });

  it('is for admins only', async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
    try {
      const asAnalyst = { cookie: analystCookie };
      expect((await call(listJobs, '/api/jobs', asAnalyst)).status).toBe(403);
      expect(
        (await call(startJob, '/api/jobs', { ...asAnalyst, method: 'POST', body: { type: 'train', datasetId } }))
          .status,
      ).toBe(403);
      expect((await call(listJobs, '/api/jobs')).status).toBe(401);
    } finally {
      process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    }
  });

  it('never shows a job past its time limit as running: listing retires it', async () => {
    const { rows } = await getPool().query<{ id: number }>(
      `INSERT INTO jobs (type, dataset_id, status, attempts, worker_id, started_at, heartbeat_at, timeout_sec)
       VALUES ('evaluate', $1, 'running', 1, 'stuck-worker', now() - interval '2 minutes', now(), 60) RETURNING id`,
      [datasetId],
    );
    const list = await call(listJobs, `/api/jobs?datasetId=${datasetId}&status=failed`);
    const overdue = list.body.jobs.find((job: Body) => job.id === rows[0].id);
    expect(overdue.status).toBe('failed');
    expect(overdue.error).toBe('Timed out: still running 60 s after attempt 1 started');
  });
});

describe('job history', () => {
  it("shows a finished retrain's metrics beside the previous run's, with the change", async () => {
    const id = await newDataset('jobs-history');
    const first = await storedRun(id, { k: 4, silhouette: 0.25, daviesBouldin: 1.5, users: 500 });
    const second = await storedRun(id, { k: 6, silhouette: 0.31, daviesBouldin: 1.2, users: 520 });
    await getPool().query(
      `INSERT INTO jobs (type, dataset_id, status, result, created_by) VALUES ('train', $1, 'succeeded', $2, 'x')`,
      [id, JSON.stringify({ runId: second })],
    );
    const { body } = await call(listJobs, `/api/jobs?datasetId=${id}`);
    const run = body.jobs[0].run;
    expect(run).toMatchObject({
      id: second,
      status: 'succeeded',
      active: true,
      metrics: { k: 6, silhouette: 0.31, daviesBouldin: 1.2, users: 520 },
      previous: { id: first, metrics: { k: 4, silhouette: 0.25 } },
    });
    expect(run.change.k).toBe(2);
    expect(run.change.silhouette).toBeCloseTo(0.06, 10);
    expect(run.change.daviesBouldin).toBeCloseTo(-0.3, 10);
    expect(run.change.users).toBe(20);
  });
});

describe('dataset schedules over HTTP', () => {
  const params = () => ({ id: String(datasetId) });

  it('validates, saves, shows and clears a schedule', async () => {
    const bad = await call(putSchedule, `/api/datasets/${datasetId}/schedule`, {
      method: 'PUT',
      params: params(),
      cookie: adminCookie,
      body: { cron: '0 25 * * *' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/"0 25 \* \* \*" is not a valid schedule/);
    expect(
      (await call(putSchedule, '/x', { method: 'PUT', params: params(), body: {}, cookie: adminCookie })).status,
    ).toBe(400);

    const saved = await call(putSchedule, `/api/datasets/${datasetId}/schedule`, {
      method: 'PUT',
      params: params(),
      cookie: adminCookie,
      body: { cron: '30 2 * * 0' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ datasetId, cron: '30 2 * * 0' });
    expect(saved.body.nextRuns).toHaveLength(3);
    expect((await call(getSchedule, '/x', { params: params() })).body.cron).toBe('30 2 * * 0');

    const cleared = await call(putSchedule, '/x', {
      method: 'PUT',
      params: params(),
      body: { cron: null },
      cookie: adminCookie,
    });
    expect(cleared.body).toMatchObject({ cron: null, nextRuns: [] });
    const audit = await getPool().query(
      `SELECT action FROM audit_log WHERE target = $1 AND action LIKE 'schedule.%' ORDER BY id`,
      [`dataset:${datasetId}`],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['schedule.set', 'schedule.clear']);
  });
});
