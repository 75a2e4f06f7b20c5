import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { importJob } from '@/lib/jobs/handlers/importJob';
import type { Job } from '@/lib/jobs/jobTypes';
import { getJobDetail } from '@/lib/jobs/listJobs';
import { getJob } from '@/lib/jobs/queue';
import { type RunningWorker, startWorker } from '@/lib/jobs/startWorker';
import { datasetCounts, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { GET as getRejects } from './[jobId]/rejects/[kind]/route';
import { POST } from './route';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Body = any;

const uploads = mkdtempSync(path.join(os.tmpdir(), 'portrait-uploads-'));
const saved = {
  dir: process.env.PORTRAIT_UPLOAD_DIR,
  max: process.env.PORTRAIT_UPLOAD_MAX_MB,
  autologin: process.env.PORTRAIT_DEMO_AUTOLOGIN,
};
let adminCookie: string;
let analystCookie: string;
let worker: RunningWorker;

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

beforeAll(async () => {
  process.env.PORTRAIT_UPLOAD_DIR = uploads;
  process.env.PORTRAIT_REJECTS_DIR = path.join(uploads, 'rejects');
  // 64 KB per file, so the limit is crossed with a small file
  process.env.PORTRAIT_UPLOAD_MAX_MB = String(64 / 1024);
  delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  const admin = await createAccount(`import-admin-${process.pid}@example.com`, 'a long enough password', 'admin');
  const analyst = await createAccount(`import-analyst-${process.pid}@example.com`, 'a long enough password', 'analyst');
  adminCookie = `${sessionCookieName}=${(await createSession(admin.id)).token}`;
  analystCookie = `${sessionCookieName}=${(await createSession(analyst.id)).token}`;
  worker = startWorker({
    handlers: { import: importJob },
    schedules: false,
    settings: { heartbeatMs: 100, pollMs: 25, sweepMs: 60_000, staleMs: 60_000, shutdownGraceMs: 2_000 },
  });
});

afterAll(async () => {
  await worker.stop();
  rmSync(uploads, { recursive: true, force: true });
  restore('PORTRAIT_UPLOAD_DIR', saved.dir);
  delete process.env.PORTRAIT_REJECTS_DIR;
  restore('PORTRAIT_UPLOAD_MAX_MB', saved.max);
  restore('PORTRAIT_DEMO_AUTOLOGIN', saved.autologin);
  await closePools();
});

interface FormSpec {
  dataset?: string;
  skipInvalid?: boolean;
  files?: Partial<Record<string, { name: string; content: string | Uint8Array<ArrayBuffer> }>>;
  extra?: Record<string, string>;
}

function form(spec: FormSpec): FormData {
  const data = new FormData();
  if (spec.dataset !== undefined) data.append('dataset', spec.dataset);
  if (spec.skipInvalid !== undefined) data.append('skipInvalid', String(spec.skipInvalid));
  for (const [kind, file] of Object.entries(spec.files ?? {})) {
    if (file) data.append(kind, new Blob([file.content]), file.name);
  }
  for (const [name, value] of Object.entries(spec.extra ?? {})) data.append(name, value);
  return data;
}

async function upload(body: FormData | string, cookie?: string): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (typeof body === 'string') headers['content-type'] = 'application/json';
  const response = await POST(new Request('http://localhost/api/imports', { method: 'POST', body, headers }));
  return { status: response.status, body: await response.json() };
}

async function finished(jobId: number): Promise<Job> {
  const until = Date.now() + 30_000;
  for (;;) {
    const job = await getJob(jobId);
    if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function uploadFolders(): string[] {
  return readdirSync(uploads);
}

const goodEvents = [
  'user_id,item_id,type,ts,value,text',
  'u1,sku-1,view,2026-03-01T10:15:00Z,,',
  'u1,sku-1,purchase,1772360400,19.5,',
  'u2,,search,2026-03-02T08:00:00Z,,"red shoes, size 9"',
].join('\n');
const goodItems = ['item_id,title,category,price', 'sku-1,Trail shoe,shoes|outdoor,19.5'].join('\n');
const badEvents = [
  'user_id,item_id,type,ts,value',
  'u7,sku-1,view,2026-03-05T10:00:00Z,',
  'u7,sku-1,view,31/02/2026,',
  'u8,sku-1,purchase,2026-03-05T11:00:00Z,twelve',
].join('\n');

describe('POST /api/imports', () => {
  let datasetName: string;

  it('queues an admin’s upload with 202 and the job imports it (gzip accepted), then removes the inputs', async () => {
    datasetName = uniqueDatasetName('upload');
    const { status, body } = await upload(
      form({
        dataset: datasetName,
        files: {
          events: { name: 'shop events.csv.gz', content: new Uint8Array(gzipSync(goodEvents)) },
          items: { name: 'items.csv', content: goodItems },
        },
      }),
      adminCookie,
    );
    expect(status, JSON.stringify(body)).toBe(202);
    expect(body.job).toMatchObject({ type: 'import', status: 'queued', datasetId: null });
    expect(body.job.payload).toMatchObject({
      datasetName,
      skipInvalid: false,
      fileNames: { events: 'shop events.csv.gz', items: 'items.csv' },
    });
    expect(path.basename(body.job.payload.events)).toBe('events.csv.gz');
    expect(body.job.payload.events.startsWith(uploads)).toBe(true);

    const job = await finished(body.job.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      ok: true,
      datasetName,
      errorCount: 0,
      files: [
        { kind: 'items', name: 'items.csv', rowsRead: 1, inserted: 1 },
        { kind: 'events', name: 'shop events.csv.gz', rowsRead: 3, inserted: 3, stubsCreated: { users: 2, items: 0 } },
      ],
    });
    expect(await datasetCounts(datasetName)).toMatchObject({ exists: true, events: 3, items: 1, users: 2 });
    expect(existsSync(body.job.payload.events)).toBe(false);
    const audit = await getPool().query('SELECT actor, action, detail FROM audit_log WHERE action = $1', [
      'import.start',
    ]);
    expect(audit.rows.find((row) => row.detail.jobId === body.job.id)).toMatchObject({
      actor: `import-admin-${process.pid}@example.com`,
      detail: { files: { events: { name: 'shop events.csv.gz' }, items: { name: 'items.csv' } } },
    });
  });

  it('fails the job on a bad row with file, line and reason, and writes nothing to the existing dataset', async () => {
    const before = await datasetCounts(datasetName);
    const { status, body } = await upload(
      form({ dataset: datasetName, files: { events: { name: 'bad-events.csv', content: badEvents } } }),
      adminCookie,
    );
    expect(status).toBe(202);
    const job = await finished(body.job.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(
      /^Nothing was imported: bad-events\.csv line 3: bad timestamp "31\/02\/2026".* \(and 1 more\)$/,
    );
    const result = job.result as Body;
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(2);
    expect(result.errors).toEqual([
      { file: 'bad-events.csv', line: 3, reason: expect.stringMatching(/bad timestamp/) },
      { file: 'bad-events.csv', line: 4, reason: expect.stringMatching(/value/) },
    ]);
    expect(await datasetCounts(datasetName)).toEqual(before);
  });

  it('fails the import of a new dataset without creating it, and keeps the first 20 errors of many', async () => {
    const name = uniqueDatasetName('upload-new-bad');
    const rows = ['user_id,type,ts', 'u1,view,2026-03-01T00:00:00Z'];
    for (let i = 0; i < 25; i++) rows.push(`u${i},view,not a time`);
    const { body } = await upload(
      form({ dataset: name, files: { events: { name: 'many.csv', content: rows.join('\n') } } }),
      adminCookie,
    );
    const job = await finished(body.job.id);
    expect(job.status).toBe('failed');
    const result = job.result as Body;
    expect(result.errorCount).toBe(25);
    expect(result.errors).toHaveLength(20);
    expect(result.errors[0]).toMatchObject({ file: 'many.csv', line: 3 });
    expect(result.errors[19]).toMatchObject({ line: 22 });
    expect(await datasetCounts(name)).toMatchObject({ exists: false });
    expect((await getJobDetail(job.id)).datasetName).toBe(name);
  });

  it('with skip invalid imports the good rows and serves the rejected ones for download', async () => {
    const before = await datasetCounts(datasetName);
    const { body } = await upload(
      form({
        dataset: datasetName,
        skipInvalid: true,
        files: { events: { name: 'bad-events.csv', content: badEvents } },
      }),
      adminCookie,
    );
    const job = await finished(body.job.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      ok: true,
      skipInvalid: true,
      errorCount: 2,
      files: [{ inserted: 1, rejected: 2 }],
    });
    expect((await datasetCounts(datasetName)).events).toBe(before.events + 1);

    const download = await getRejects(
      new Request(`http://localhost/api/imports/${job.id}/rejects/events`, { headers: { cookie: adminCookie } }),
      { params: Promise.resolve({ jobId: String(job.id), kind: 'events' }) },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('filename="bad-events.rejects.csv"');
    const text = await download.text();
    expect(text.split('\r\n')[0]).toBe('user_id,item_id,type,ts,value,_error');
    expect(text).toContain('u7,sku-1,view,31/02/2026,,"bad timestamp');
    expect(text).toContain('u8,sku-1,purchase');

    const call = (jobId: string, kind: string, cookie?: string) =>
      getRejects(
        new Request(`http://localhost/api/imports/${jobId}/rejects/${kind}`, { headers: cookie ? { cookie } : {} }),
        { params: Promise.resolve({ jobId, kind }) },
      );
    expect((await call(String(job.id), 'items', adminCookie)).status).toBe(404);
    expect((await call(String(job.id), 'passwords', adminCookie)).status).toBe(400);
    expect((await call('999999', 'events', adminCookie)).status).toBe(404);
    expect((await call(String(job.id), 'events', analystCookie)).status).toBe(403);
    expect((await call(String(job.id), 'events')).status).toBe(401);
  });

  it('answers 401 without a session and 403 for an analyst, and stores nothing', async () => {
    const folders = uploadFolders();
    const files = { events: { name: 'events.csv', content: goodEvents } };
    const anonymous = await upload(form({ dataset: 'nobody', files }));
    expect(anonymous.status).toBe(401);
    const analyst = await upload(form({ dataset: 'nobody', files }), analystCookie);
    expect(analyst.status).toBe(403);
    expect(analyst.body.error.message).toMatch(/admin role/);
    expect(uploadFolders()).toEqual(folders);
    expect(await datasetCounts('nobody')).toMatchObject({ exists: false });
  });

  it('answers 413 for a file over the size limit and removes what it had stored', async () => {
    const folders = uploadFolders();
    const big = `user_id,type,ts\n${'u1,view,2026-03-01T00:00:00Z\n'.repeat(3000)}`;
    expect(big.length).toBeGreaterThan(64 * 1024);
    const { status, body } = await upload(
      form({ dataset: uniqueDatasetName('too-big'), files: { events: { name: 'big.csv', content: big } } }),
      adminCookie,
    );
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/big\.csv is over/) });
    expect(uploadFolders()).toEqual(folders);
  });

  it('answers 400 for malformed uploads, never 500, and keeps no files', async () => {
    const folders = uploadFolders();
    const events = { name: 'events.csv', content: goodEvents };
    const cases: [string, FormData | string][] = [
      ['no file', form({ dataset: 'x' })],
      ['no dataset', form({ files: { events } })],
      ['blank dataset', form({ dataset: '   ', files: { events } })],
      ['unknown file field', form({ dataset: 'x', files: { orders: events } })],
      ['unknown field', form({ dataset: 'x', files: { events }, extra: { mapping: 'user_id=id' } })],
      ['bad skipInvalid', form({ dataset: 'x', files: { events }, extra: { skipInvalid: 'maybe' } })],
      ['JSON instead of a form', JSON.stringify({ dataset: 'x' })],
    ];
    for (const [label, body] of cases) {
      const response = await upload(body, adminCookie);
      expect(response.status, label).toBe(400);
      expect(response.body.error.code, label).toBe('bad_request');
    }
    const broken = await POST(
      new Request('http://localhost/api/imports', {
        method: 'POST',
        body: '--x\r\nContent-Disposition: form-data; name="events"; filename="e.csv"\r\n\r\nuser_id',
        headers: { cookie: adminCookie, 'content-type': 'multipart/form-data; boundary=x' },
      }),
    );
    expect(broken.status).toBe(400);
    expect(uploadFolders()).toEqual(folders);
  });
});
