import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { POST as postPreview } from './preview/route';
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
      ['unknown field', form({ dataset: 'x', files: { events }, extra: { columns: 'user_id=id' } })],
      ['unknown mapping target', form({ dataset: 'x', files: { events }, extra: { mapping: 'userid=id' } })],
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

// UCI Online Retail sample (Daqing Chen, UCI ML Repository #352, CC BY 4.0), see test/fixtures/README.md
const retail = readFileSync('test/fixtures/uci/online_retail_sample.csv', 'utf8');
const retailHead = retail.split('\n').slice(0, 21).join('\n');
// under the 64 KB upload limit of these tests
const retailPart = retail.split('\n').slice(0, 401).join('\n');

async function preview(body: Record<string, unknown>, cookie = adminCookie): Promise<{ status: number; body: Body }> {
  const response = await postPreview(
    new Request('http://localhost/api/imports/preview', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { cookie, 'content-type': 'application/json' },
    }),
  );
  return { status: response.status, body: await response.json() };
}

describe('mapping columns on upload', () => {
  const retailDataset = uniqueDatasetName('retail');

  it('previews a file’s first rows with a guessed mapping, the rows cleaned and the rows refused', async () => {
    const { status, body } = await preview({ kind: 'events', fileName: 'online_retail.csv', sample: retailHead });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.header).toEqual([
      '',
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(body.rows).toHaveLength(20);
    expect(body.rows[0]).toEqual({
      line: 2,
      fields: [
        '428465',
        '573442',
        '21479',
        'WHITE SKULL HOT WATER BOTTLE ',
        '4',
        '10/31/2011 10:42',
        '4.25',
        '12488',
        'France',
      ],
    });
    expect(body.mappingSource).toBe('guessed');
    expect(body.mapping).toEqual({
      columns: {
        user_id: 'CustomerID',
        item_id: 'StockCode',
        ts: 'InvoiceDate',
        type: ':purchase',
        value: 'Quantity*UnitPrice',
      },
      tsFormat: 'M/D/YYYY H:MM',
    });
    expect(body.problem).toBeNull();
    expect(body.cleaned[0]).toEqual({
      line: 2,
      row: {
        user_id: '12488',
        item_id: '21479',
        type: 'purchase',
        ts: '2011-10-31T10:42:00.000Z',
        value: 17,
        text: null,
      },
    });
    // line 5 has CustomerID NA
    expect(body.errors).toContainEqual({ line: 5, reason: 'missing user_id' });
    expect(body.cleaned.length + body.errors.length).toBe(20);
  });

  it('previews a changed mapping, and names a column that is not there without a command-line hint', async () => {
    const wrongFormat = await preview({
      kind: 'events',
      fileName: 'online_retail.csv',
      sample: retailHead,
      mapping: 'user_id=CustomerID,ts=InvoiceDate,type=:order',
    });
    expect(wrongFormat.body.cleaned).toEqual([]);
    expect(wrongFormat.body.errors[0].reason).toMatch(/^bad timestamp "10\/31\/2011 10:42"/);
    const missing = await preview({
      kind: 'events',
      fileName: 'r.csv',
      sample: retailHead,
      mapping: 'user_id=Customer',
    });
    expect(missing.body.problem).toMatch(/column "Customer" \(mapped to user_id\) not found/);
    expect(missing.body.problem).not.toMatch(/--map/);
    const bad = await preview({ kind: 'events', fileName: 'r.csv', sample: retailHead, mapping: 'userid=Customer' });
    expect(bad.body.problem).toMatch(/Unknown mapping target "userid"/);
    expect((await preview({ kind: 'events', fileName: 'r.csv', sample: retailHead }, analystCookie)).status).toBe(403);
  });

  it('imports the retail file with the mapping from the form and remembers it for the dataset', async () => {
    const mapping =
      'user_id=CustomerID,item_id=StockCode,ts=InvoiceDate,type=:purchase,value=Quantity*UnitPrice,title=Description,price=UnitPrice,ts_format=M/D/YYYY H:MM';
    const { status, body } = await upload(
      form({
        dataset: retailDataset,
        skipInvalid: true,
        files: {
          events: { name: 'online_retail.csv', content: retailPart },
          items: { name: 'online_retail.csv', content: retailPart },
        },
        extra: { mapping },
      }),
      adminCookie,
    );
    expect(status, JSON.stringify(body)).toBe(202);
    const job = await finished(body.job.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const result = job.result as Body;
    const events = result.files.find((file: Body) => file.kind === 'events');
    expect(events.rowsRead).toBe(400);
    expect(events.inserted).toBeGreaterThan(250);
    expect(events.rejected).toBeGreaterThan(0);
    expect(result.errors[0].reason).toBe('missing user_id');
    const counts = await datasetCounts(retailDataset);
    expect(counts.events).toBe(events.inserted);

    const remembered = await preview({
      kind: 'events',
      fileName: 'next.csv',
      sample: retailHead,
      dataset: retailDataset,
    });
    expect(remembered.body.mappingSource).toBe('remembered');
    expect(remembered.body.mapping.columns).toMatchObject({
      title: 'Description',
      price: 'UnitPrice',
      user_id: 'CustomerID',
    });
  });
});
