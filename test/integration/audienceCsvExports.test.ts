import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createDestinationRoute } from '@/app/api/audiences/[id]/destinations/route';
import { GET as exportRoute } from '@/app/api/audiences/[id]/export/route';
import { DELETE as deleteAudienceRoute } from '@/app/api/audiences/[id]/route';
import { GET as downloadRoute } from '@/app/api/audiences/deliveries/[id]/file/route';
import { PATCH as updateDestinationRoute } from '@/app/api/audiences/destinations/[id]/route';
import type { AudienceDefinition } from '@/lib/audiences/audienceDefinition';
import { createCsvDestination, listDeliveries } from '@/lib/audiences/destinations/destinationStore';
import { enqueueDueAudienceExports } from '@/lib/audiences/destinations/enqueueDueAudienceExports';
import { createAudience } from '@/lib/audiences/saveAudience';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { exportJob } from '@/lib/jobs/handlers/exportJob';
import type { Job } from '@/lib/jobs/jobTypes';
import { claimNextJob, getJob } from '@/lib/jobs/queue';
import { runJob } from '@/lib/jobs/runJob';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';

// Scheduled CSV exports of an audience: a worker queues a run when the schedule fires (one per
// slot), the run writes the targeted members into the exports folder and logs it, and the file
// downloads from the log. Schedules are read in UTC here so the slots below are exact.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, cookie: string, method: string, params: Record<string, string>, body?: unknown) {
  const response = await handler(
    new Request('http://localhost/api/test', {
      method,
      headers: { 'content-type': 'application/json', cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  return response;
}

const saved = {
  tz: process.env.PORTRAIT_TZ,
  exports: process.env.PORTRAIT_EXPORTS_DIR,
  autologin: process.env.PORTRAIT_DEMO_AUTOLOGIN,
};
const restore = (name: string, value: string | undefined) => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};
const fiveMinutes = 5 * 60_000;
/** the members most of these tests export: users with a churn score of 0.3 or more */
const likelyChurners: AudienceDefinition = {
  version: 1,
  root: { kind: 'score', target: 'churn', op: 'gte', value: 0.3 },
};
let seeded: SeededDataset;
let exportsDir: string;
let cookies: { admin: string; pm: string; analyst: string };

async function sessionCookie(role: 'admin' | 'pm' | 'analyst') {
  const account = await createAccount(
    `${role}-csv-${process.pid}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    'a long enough password',
    role,
  );
  return `${sessionCookieName}=${(await createSession(account.id)).token}`;
}

/** Runs the export job as a worker would (claimed, fenced, finished). */
async function runExport(jobId: number) {
  // an export another test file left queued in this database would be claimed first
  await getPool().query(
    `UPDATE jobs SET status = 'cancelled' WHERE type = 'export' AND status = 'queued' AND id <> $1`,
    [jobId],
  );
  const claimed = await claimNextJob('csv-tester', ['export']);
  expect(claimed?.id).toBe(jobId);
  await runJob(claimed as Job, exportJob, { workerId: 'csv-tester', heartbeatMs: 50 }).done;
  return getJob(jobId);
}

beforeAll(async () => {
  process.env.PORTRAIT_TZ = 'UTC';
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  exportsDir = await mkdtemp(path.join(os.tmpdir(), 'portrait-csv-destinations-'));
  process.env.PORTRAIT_EXPORTS_DIR = exportsDir;
  seeded = await seedDatasetWithRun({ users: 150, seed: 33 });
  cookies = {
    admin: await sessionCookie('admin'),
    pm: await sessionCookie('pm'),
    analyst: await sessionCookie('analyst'),
  };
});

afterAll(async () => {
  await getPool().query('DELETE FROM datasets WHERE id = $1', [seeded.datasetId]);
  await rm(exportsDir, { recursive: true, force: true });
  restore('PORTRAIT_TZ', saved.tz);
  restore('PORTRAIT_EXPORTS_DIR', saved.exports);
  restore('PORTRAIT_DEMO_AUTOLOGIN', saved.autologin);
  await closePools();
});

describe('the audience CSV download', () => {
  it('starts with a BOM for spreadsheets and keeps the saved name, Chinese included, in filename*', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: '美妆 流失风险, "quoted"',
      definition: likelyChurners,
    });
    const response = await call(exportRoute as Handler, cookies.pm, 'GET', { id: String(audience.id) });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('user_id,segment,entered_at');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`filename="audience-${audience.id}--quoted-.csv"`);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(`audience-${audience.id}-美妆 流失风险, -quoted-.csv`);
  });
});

describe('deleting an audience that sends somewhere', () => {
  it("is an admin's to do, since it removes the destinations, and the audit log says who saved, pointed and deleted it", async () => {
    const audience = await createAudience(
      seeded.datasetId,
      {
        name: 'Sent to the CRM',
        definition: likelyChurners,
      },
      'analyst@example.com',
    );
    const created = await call(
      createDestinationRoute,
      cookies.admin,
      'POST',
      { id: String(audience.id) },
      { kind: 'csv', name: 'Nightly file', schedule: 'daily' },
    );
    expect(created.status).toBe(201);
    const refused = await call(deleteAudienceRoute as Handler, cookies.analyst, 'DELETE', { id: String(audience.id) });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/sends to a destination.*only an admin may delete it/);
    const kept = await getPool().query('SELECT 1 FROM destinations WHERE audience_id = $1', [audience.id]);
    expect(kept.rowCount).toBe(1);
    const deleted = await call(deleteAudienceRoute as Handler, cookies.admin, 'DELETE', { id: String(audience.id) });
    expect(deleted.status).toBe(200);
    const { rows } = await getPool().query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY id',
      [`audience:${audience.id}`],
    );
    expect(rows.map((row) => row.action)).toEqual(['audience.create', 'destination.create', 'audience.delete']);
    expect(rows[0].actor).toBe('analyst@example.com');
    expect(rows[2].actor).toMatch(/^admin-csv-/);
  });

  it("is anyone's with analyst access when it sends nowhere", async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'A draft',
      definition: likelyChurners,
    });
    const deleted = await call(deleteAudienceRoute as Handler, cookies.analyst, 'DELETE', { id: String(audience.id) });
    expect(deleted.status).toBe(200);
  });
});

describe('scheduled CSV exports of an audience', () => {
  it('writes the targeted members when the schedule is due, once per slot, logs the run and serves the file', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Daily churners =cmd',
      definition: likelyChurners,
      holdoutShare: 0.2,
    });
    const { rows: members } = await getPool().query<{ user_id: string; holdout: boolean }>(
      'SELECT user_id, holdout FROM audience_members WHERE audience_id = $1 ORDER BY user_id',
      [audience.id],
    );
    const targeted = members.filter((member) => !member.holdout).map((member) => member.user_id);
    expect(targeted.length).toBeGreaterThan(10);
    expect(targeted.length).toBeLessThan(members.length);

    const created = await call(
      createDestinationRoute,
      cookies.admin,
      'POST',
      { id: String(audience.id) },
      {
        kind: 'csv',
        name: 'Nightly file',
        schedule: 'daily',
      },
    );
    expect(created.status).toBe(201);
    const { destination } = await created.json();
    expect(destination).toEqual(expect.objectContaining({ kind: 'csv', schedule: '0 3 * * *', paused: false }));

    const due = new Date('2026-12-05T03:02:00Z');
    const queued = (await enqueueDueAudienceExports(due, fiveMinutes)).filter(
      (outcome) => outcome.destinationId === destination.id,
    );
    expect(queued).toEqual([expect.objectContaining({ outcome: 'queued', slot: '2026-12-05T03:00:00.000Z' })]);
    const again = await enqueueDueAudienceExports(new Date('2026-12-05T03:03:00Z'), fiveMinutes);
    expect(again.find((outcome) => outcome.destinationId === destination.id)?.outcome).toBe('slot_taken');

    const job = await runExport(queued[0].job?.id as number);
    expect(job?.status).toBe('succeeded');
    const text = await readFile(job?.result?.path as string, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('user_id,segment,entered_at');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(targeted);
    expect(path.dirname(job?.result?.path as string)).toBe(exportsDir);

    const [run] = await listDeliveries(destination.id);
    expect(run).toEqual(
      expect.objectContaining({
        kind: 'csv',
        status: 'written',
        rows: targeted.length,
        jobId: job?.id,
        downloadUrl: `/api/audiences/deliveries/${run.id}/file`,
      }),
    );
    expect(run.fileName).toMatch(/^audience-\d+-Daily-churners-cmd-2\d{3}-\d\d-\d\d\.csv$/);
    expect(run.finishedAt).not.toBeNull();

    const download = await call(downloadRoute, cookies.pm, 'GET', { id: String(run.id) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(run.fileName as string);
    expect(await download.text()).toBe(text);
  });

  it('does nothing for a schedule that is not due or is paused', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Weekly buyers',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
    });
    const { destination } = await createCsvDestination(audience.id, { name: 'Weekly file', schedule: 'weekly' });
    expect(destination.schedule).toBe('0 3 * * 1');
    const runsOf = async () =>
      (
        await getPool().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM jobs WHERE type = 'export' AND (payload->>'destinationId')::int = $1`,
          [destination.id],
        )
      ).rows[0].n;
    // 2026-12-07 is a Monday: an hour after its 03:00 slot is past the window
    const late = await enqueueDueAudienceExports(new Date('2026-12-07T04:00:00Z'), fiveMinutes);
    expect(late.find((outcome) => outcome.destinationId === destination.id)).toBeUndefined();
    // a Tuesday just after 03:00 is no slot of a weekly schedule
    const tuesday = await enqueueDueAudienceExports(new Date('2026-12-08T03:01:00Z'), fiveMinutes);
    expect(tuesday.find((outcome) => outcome.destinationId === destination.id)).toBeUndefined();

    const paused = await call(
      updateDestinationRoute,
      cookies.admin,
      'PATCH',
      { id: String(destination.id) },
      {
        paused: true,
      },
    );
    expect(paused.status).toBe(200);
    expect((await paused.json()).destination).toEqual(expect.objectContaining({ paused: true, nextRuns: [] }));
    const whilePaused = await enqueueDueAudienceExports(new Date('2026-12-07T03:01:00Z'), fiveMinutes);
    expect(whilePaused.find((outcome) => outcome.destinationId === destination.id)).toBeUndefined();

    expect(await runsOf()).toBe(0);
    expect(await listDeliveries(destination.id)).toEqual([]);
  });

  it('refuses a schedule that cannot fire with a 400 that says why, and leaves destinations to admins', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Refused schedules',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.7 } },
    });
    const params = { id: String(audience.id) };
    const fourFields = await call(createDestinationRoute, cookies.admin, 'POST', params, {
      kind: 'csv',
      name: 'Bad',
      schedule: '0 3 * *',
    });
    expect(fourFields.status).toBe(400);
    expect((await fourFields.json()).error.message).toMatch(/has 4 fields; a schedule needs 5/);
    const outOfRange = await call(createDestinationRoute, cookies.admin, 'POST', params, {
      kind: 'csv',
      name: 'Bad',
      schedule: '0 25 * * *',
    });
    expect(outOfRange.status).toBe(400);
    expect((await outOfRange.json()).error.message).toMatch(/is not a valid schedule/);

    const byPm = await call(createDestinationRoute, cookies.pm, 'POST', params, {
      kind: 'csv',
      name: 'Not theirs',
      schedule: 'daily',
    });
    expect(byPm.status).toBe(403);
    const { rows } = await getPool().query('SELECT 1 FROM destinations WHERE audience_id = $1', [audience.id]);
    expect(rows).toEqual([]);
  });
});
