import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCsvDestination, createDestination } from '@/lib/audiences/destinations/destinationStore';
import { createAudience } from '@/lib/audiences/saveAudience';
import { createAccount } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/apiKeys';
import type { Access } from '@/lib/auth/guard';
import type { Role } from '@/lib/auth/roles';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { getPool } from '@/lib/db/connection';
import { createGoal } from '@/lib/goals/createGoal';
import { createUploadFolder } from '@/lib/imports/uploadFolder';
import type { CalledRoute, RouteRequest } from './apiRoutes';
import { type SeededDataset, seedDatasetWithRun } from './seedRun';

// The declared access of every API route (route + method -> the least role, an ingest API key,
// or public), with a well-formed request for each, built fresh per call so that a route which
// deletes or revokes something has something of its own to delete. The route walk
// (test/integration/routeAccess.test.ts) fails when a route on disk is missing here.

export type Caller = 'anonymous' | 'badKey' | Role;

export interface RouteFixture {
  seeded: SeededDataset;
  datasetId: number;
  /** a user of the seeded dataset that reads leave alone */
  userId: string;
  password: string;
  emails: Record<Role, string>;
  cookie(role: Role): Promise<string>;
  apiKey: string;
  /** a valid key of another dataset */
  foreignApiKey: string;
  /** keys with only the profiles:read scope, of the dataset and of another one */
  profilesKey: string;
  foreignProfilesKey: string;
  finishedJobId: number;
  rejectJobId: number;
  /** a succeeded export job whose file is in the exports folder */
  exportJobId: number;
  newDataset(label: string): Promise<number>;
  newAccount(role: Role): Promise<number>;
  newQueuedJob(): Promise<number>;
  newApiKeyId(): Promise<number>;
  /** a saved audience of the seeded dataset (the high-churn users), with a control group */
  newAudience(): Promise<number>;
  /** a webhook destination of a new audience, pointing at a closed local port */
  newDestination(): Promise<number>;
  /** a scheduled CSV export destination of a new audience */
  newCsvDestination(): Promise<number>;
  /** a written run of a CSV destination whose file is the export job's (exportJobId) */
  newCsvDelivery(): Promise<number>;
  /** a different seeded user each call, for erasure (the reads' user last) */
  nextUserToErase(): string;
  cleanup(): Promise<void>;
}

export interface RouteCase {
  access: Access;
  /** for public routes: what a caller without a session gets (default 2xx) */
  anonymous?: number;
  /**
   * An allowed caller's answer other than 2xx that is still right, with the reason; used only
   * where a 2xx cannot be built (never 401, 403 or 500).
   */
  alsoAllowed?: { why: string; accepts(response: CalledRoute): boolean };
  /** query parameters that size a page; the input-limit test sends huge values */
  pageParams?: string[];
  request(fixture: RouteFixture, caller: Caller | 'apiKey'): Promise<RouteRequest>;
}

const runOutputs = (f: RouteFixture) => ({ params: { id: String(f.datasetId) } });
const churnRule = { root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } };

export const accessTable: Record<string, RouteCase> = {
  'POST /api/auth/login': {
    access: 'public',
    request: async (f) => ({ body: { email: f.emails.analyst, password: f.password } }),
  },
  'POST /api/auth/logout': {
    access: 'public',
    // signs out a session of its own, so the walk's sessions live on
    request: async (f, caller) => ({ cookie: caller in f.emails ? await f.cookie(caller as Role) : undefined }),
  },
  'GET /api/auth/me': { access: 'public', anonymous: 401, request: async () => ({}) },
  'PUT /api/auth/locale': {
    access: 'analyst',
    // the language of an account of its own, so the walk's accounts keep theirs
    request: async (f, caller) => {
      const role = caller in f.emails ? (caller as Role) : null;
      const cookie = role ? `${sessionCookieName}=${(await createSession(await f.newAccount(role))).token}` : undefined;
      return { cookie, body: { locale: 'zh-CN' } };
    },
  },
  'POST /api/auth/password': {
    access: 'analyst',
    // changes the password of an account of its own, so the walk's accounts keep theirs
    request: async (f, caller) => {
      const role = caller in f.emails ? (caller as Role) : null;
      const cookie = role ? `${sessionCookieName}=${(await createSession(await f.newAccount(role))).token}` : undefined;
      return { cookie, body: { currentPassword: f.password, newPassword: 'another long password' } };
    },
  },

  'GET /api/openapi.json': { access: 'public', request: async () => ({}) },
  'GET /api/health': { access: 'public', request: async () => ({}) },
  'GET /api/datasets': { access: 'analyst', request: async () => ({}) },
  'DELETE /api/datasets/[id]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newDataset('delete-me')) } }),
  },
  'GET /api/datasets/[id]/overview': { access: 'analyst', request: async (f) => runOutputs(f) },
  'GET /api/datasets/[id]/map': {
    access: 'analyst',
    pageParams: ['limit'],
    request: async (f) => ({ ...runOutputs(f), query: { limit: '100' } }),
  },
  'GET /api/datasets/[id]/runs': {
    access: 'analyst',
    pageParams: ['limit'],
    request: async (f) => ({ ...runOutputs(f), query: { limit: '5' } }),
  },
  'GET /api/datasets/[id]/segments': { access: 'analyst', request: async (f) => runOutputs(f) },
  'GET /api/datasets/[id]/segments/[index]': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(f.datasetId), index: '0' } }),
  },
  'GET /api/datasets/[id]/segments/[index]/users': {
    access: 'analyst',
    pageParams: ['pageSize', 'page'],
    request: async (f) => ({
      params: { id: String(f.datasetId), index: '0' },
      query: { page: '1', pageSize: '10', sort: 'churn' },
    }),
  },
  // one rule for a segment's member list, paged or as a CSV: whoever reads users reads it
  'GET /api/datasets/[id]/segments/[index]/members': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(f.datasetId), index: '0' } }),
  },
  'GET /api/datasets/[id]/export': {
    access: 'pm',
    request: async (f) => ({ ...runOutputs(f), query: { format: 'json' } }),
  },
  'GET /api/datasets/[id]/users': {
    access: 'analyst',
    pageParams: ['limit'],
    request: async (f) => ({ ...runOutputs(f), query: { search: 'u0', limit: '5' } }),
  },
  'GET /api/datasets/[id]/users/[userId]': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(f.datasetId), userId: f.userId } }),
  },
  'DELETE /api/datasets/[id]/users/[userId]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(f.datasetId), userId: f.nextUserToErase() } }),
  },
  'GET /api/datasets/[id]/users/[userId]/recommendations': {
    access: 'analyst',
    pageParams: ['limit'],
    request: async (f) => ({ params: { id: String(f.datasetId), userId: f.userId }, query: { limit: '5' } }),
  },
  'POST /api/datasets/[id]/events': {
    access: 'apiKey',
    request: async (f) => ({
      ...runOutputs(f),
      body: [{ user_id: f.userId, item_id: 'kit-1', type: 'view', ts: new Date().toISOString() }],
    }),
  },
  'POST /api/datasets/[id]/assign': {
    access: 'apiKey',
    alsoAllowed: {
      why: 'the seeded run has no fitted profile model (only a real training writes one)',
      accepts: (response) =>
        response.status === 409 &&
        (response.json?.error as { details?: { reason?: string } })?.details?.reason === 'no_profile_model',
    },
    request: async (f) => ({ ...runOutputs(f), body: { users: [f.userId] } }),
  },
  'GET /api/datasets/[id]/schedule': { access: 'admin', request: async (f) => runOutputs(f) },
  'PUT /api/datasets/[id]/schedule': {
    access: 'admin',
    request: async (f) => ({ ...runOutputs(f), body: { cron: null } }),
  },
  'GET /api/datasets/[id]/settings': { access: 'admin', request: async (f) => runOutputs(f) },
  'PATCH /api/datasets/[id]/settings': {
    access: 'admin',
    request: async (f) => ({ ...runOutputs(f), body: { horizonDays: 30 } }),
  },
  'GET /api/datasets/[id]/api-keys': { access: 'admin', request: async (f) => runOutputs(f) },
  'POST /api/datasets/[id]/api-keys': {
    access: 'admin',
    request: async (f) => ({ ...runOutputs(f), body: { name: 'walk', scopes: ['ingest', 'profiles:read'] } }),
  },
  'DELETE /api/datasets/[id]/api-keys/[keyId]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(f.datasetId), keyId: String(await f.newApiKeyId()) } }),
  },
  'GET /api/datasets/[id]/goals': { access: 'admin', request: async (f) => runOutputs(f) },
  'POST /api/datasets/[id]/goals': {
    access: 'admin',
    request: async (f) => ({
      ...runOutputs(f),
      body: { name: `walk-${Math.random().toString(36).slice(2, 10)}`, eventType: 'purchase', horizonDays: 30 },
    }),
  },
  'DELETE /api/datasets/[id]/goals/[goalId]': {
    access: 'admin',
    request: async (f) => {
      const goal = await createGoal('walk', f.datasetId, {
        name: `walk-${Math.random().toString(36).slice(2, 10)}`,
        eventType: 'purchase',
        horizonDays: 30,
      });
      return { params: { id: String(f.datasetId), goalId: String(goal.id) } };
    },
  },

  'GET /api/audiences': { access: 'analyst', request: async (f) => ({ query: { datasetId: String(f.datasetId) } }) },
  'POST /api/audiences': {
    access: 'analyst',
    request: async (f) => ({
      body: { datasetId: f.datasetId, name: `walk-${Math.random().toString(36).slice(2, 10)}`, definition: churnRule },
    }),
  },
  'POST /api/audiences/preview': {
    access: 'analyst',
    request: async (f) => ({ body: { datasetId: f.datasetId, definition: churnRule } }),
  },
  'GET /api/audiences/options': {
    access: 'analyst',
    request: async (f) => ({ query: { datasetId: String(f.datasetId) } }),
  },
  'POST /api/audiences/lookalike': {
    access: 'analyst',
    request: async (f) => ({
      body: {
        datasetId: f.datasetId,
        name: `like-${Math.random().toString(36).slice(2, 10)}`,
        seed: { segmentIndex: 0 },
        size: 5,
      },
    }),
  },
  'GET /api/audiences/[id]': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(await f.newAudience()) } }),
  },
  'PATCH /api/audiences/[id]': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(await f.newAudience()) }, body: { holdoutShare: 0.2 } }),
  },
  'DELETE /api/audiences/[id]': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(await f.newAudience()) } }),
  },
  'GET /api/audiences/[id]/members': {
    access: 'analyst',
    pageParams: ['pageSize', 'page'],
    request: async (f) => ({ params: { id: String(await f.newAudience()) }, query: { page: '1', pageSize: '10' } }),
  },
  // a file of user ids that leaves Portrait: the pm's, like the persona exports
  'GET /api/audiences/[id]/export': {
    access: 'pm',
    request: async (f) => ({ params: { id: String(await f.newAudience()) } }),
  },
  'GET /api/audiences/[id]/holdout-report': {
    access: 'analyst',
    request: async (f) => ({ params: { id: String(await f.newAudience()) }, query: { goal: 'purchase' } }),
  },

  'GET /api/audiences/[id]/destinations': {
    access: 'pm',
    request: async (f) => ({ params: { id: String(await f.newAudience()) } }),
  },
  'POST /api/audiences/[id]/destinations': {
    access: 'admin',
    request: async (f) => ({
      params: { id: String(await f.newAudience()) },
      body: { name: 'walk', url: 'http://127.0.0.1:9/hook' },
    }),
  },
  'PATCH /api/audiences/destinations/[id]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newCsvDestination()) }, body: { paused: true } }),
  },
  // the file of a scheduled export: the pm's, like the audience's CSV download
  'GET /api/audiences/deliveries/[id]/file': {
    access: 'pm',
    request: async (f) => ({ params: { id: String(await f.newCsvDelivery()) } }),
  },
  'DELETE /api/audiences/destinations/[id]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newDestination()) } }),
  },
  // queues a job only (no worker runs in the walk), so nothing is sent
  'POST /api/audiences/destinations/[id]/send': {
    access: 'pm',
    request: async (f) => ({ params: { id: String(await f.newDestination()) }, body: { test: true } }),
  },
  'GET /api/audiences/destinations/[id]/deliveries': {
    access: 'pm',
    request: async (f) => ({ params: { id: String(await f.newDestination()) } }),
  },

  'GET /api/v1/datasets/[id]/profiles/[userId]': {
    access: 'profilesKey',
    request: async (f) => ({ params: { id: String(f.datasetId), userId: f.userId } }),
  },
  'GET /api/v1/datasets/[id]/audiences/[audienceId]/members': {
    access: 'profilesKey',
    pageParams: ['pageSize', 'page'],
    request: async (f) => ({
      params: { id: String(f.datasetId), audienceId: String(await f.newAudience()) },
      query: { page: '1', pageSize: '10' },
    }),
  },

  'GET /api/jobs': {
    access: 'admin',
    pageParams: ['limit'],
    request: async () => ({ query: { limit: '20' } }),
  },
  'POST /api/jobs': {
    access: 'admin',
    request: async (f) => {
      // one retrain at a time per dataset: clear the way for this call's
      await getPool().query(
        `UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE dataset_id = $1 AND status IN ('queued', 'running')`,
        [f.datasetId],
      );
      return { body: { type: 'train', datasetId: f.datasetId, k: 'auto', textModel: false } };
    },
  },
  'GET /api/jobs/[id]': { access: 'admin', request: async (f) => ({ params: { id: String(f.finishedJobId) } }) },
  'GET /api/jobs/[id]/file': { access: 'admin', request: async (f) => ({ params: { id: String(f.exportJobId) } }) },
  'POST /api/jobs/[id]/cancel': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newQueuedJob()) } }),
  },
  'POST /api/imports': {
    access: 'admin',
    request: async () => {
      const form = new FormData();
      form.append('dataset', `walk-import-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
      form.append(
        'events',
        new Blob(['user_id,item_id,type,ts\nw1,i1,view,2026-01-01T00:00:00Z\n'], { type: 'text/csv' }),
        'events.csv',
      );
      return { form };
    },
  },
  'GET /api/imports/[jobId]/rejects/[kind]': {
    access: 'admin',
    request: async (f) => ({ params: { jobId: String(f.rejectJobId), kind: 'events' } }),
  },
  'POST /api/imports/preview': {
    access: 'admin',
    request: async () => ({
      body: { kind: 'events', fileName: 'events.csv', sample: 'CustomerID,InvoiceDate\nc1,1/9/2011 11:27\n' },
    }),
  },
  'GET /api/text-model': { access: 'admin', request: async () => ({}) },

  'GET /api/accounts': { access: 'admin', request: async () => ({}) },
  'POST /api/accounts': {
    access: 'admin',
    request: async () => ({
      body: { email: `walk-${Math.random().toString(36).slice(2, 10)}@example.com`, role: 'analyst' },
    }),
  },
  'PATCH /api/accounts/[id]': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newAccount('analyst')) }, body: { role: 'pm' } }),
  },
  'POST /api/accounts/[id]/password': {
    access: 'admin',
    request: async (f) => ({ params: { id: String(await f.newAccount('analyst')) } }),
  },
  'GET /api/audit': {
    access: 'admin',
    pageParams: ['pageSize', 'page'],
    request: async () => ({ query: { page: '1', pageSize: '20' } }),
  },
};

/** Seeds a small trained dataset, accounts of each role, keys, jobs and a reject file. */
export async function setUpRouteFixture(label: string): Promise<RouteFixture> {
  const pool = getPool();
  const uploads = mkdtempSync(path.join(os.tmpdir(), `portrait-${label}-uploads-`));
  const savedUploadDir = process.env.PORTRAIT_UPLOAD_DIR;
  process.env.PORTRAIT_UPLOAD_DIR = uploads;
  const exportsDir = mkdtempSync(path.join(os.tmpdir(), `portrait-${label}-exports-`));
  const savedExportsDir = process.env.PORTRAIT_EXPORTS_DIR;
  process.env.PORTRAIT_EXPORTS_DIR = exportsDir;
  const seeded = await seedDatasetWithRun({ users: 80, seed: 3 });
  const unique = () => `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'a long enough password';
  const accountIds = {} as Record<Role, number>;
  const emails = {} as Record<Role, string>;
  for (const role of ['analyst', 'pm', 'admin'] as const) {
    emails[role] = `${unique()}-${role}@example.com`;
    accountIds[role] = (await createAccount(emails[role], password, role)).id;
  }
  const newCsvDestination = async () => {
    const audienceId = (
      await createAudience(seeded.datasetId, {
        name: `walk-${unique()}`,
        definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
      })
    ).id;
    return (await createCsvDestination(audienceId, { name: 'walk file', schedule: 'daily' })).destination.id;
  };
  const newDataset = async (name: string) =>
    (await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [`${name}-${unique()}`]))
      .rows[0].id;
  const otherDataset = await newDataset('other');
  const insertJob = async (status: string, result: object | null = null, type = 'train') =>
    (
      await pool.query<{ id: number }>(
        `INSERT INTO jobs (type, dataset_id, status, result, finished_at)
         VALUES ($1, $2, $3, $4, CASE WHEN $3 IN ('succeeded', 'failed') THEN now() END) RETURNING id`,
        [type, seeded.datasetId, status, result === null ? null : JSON.stringify(result)],
      )
    ).rows[0].id;

  const rejectFolder = await createUploadFolder();
  const rejectFile = path.join(rejectFolder, 'events.rejects.csv');
  writeFileSync(rejectFile, 'user_id,item_id,type,ts,reason\nx,,view,not a date,bad timestamp\n');
  const rejectJobId = await insertJob(
    'succeeded',
    { files: [{ kind: 'events', name: 'events.csv', format: 'csv', rejectFile }] },
    'import',
  );
  const exportFile = path.join(exportsDir, 'walk-personas.csv');
  writeFileSync(exportFile, 'segment,name\n0,Walkers\n');
  const exportJobId = await insertJob(
    'succeeded',
    { path: exportFile, fileName: 'walk-personas.csv', format: 'csv' },
    'export',
  );
  // Erased from the end of the list; reads use the first user.
  const erasable = [...seeded.userIds].reverse();
  let erasedCount = 0;

  return {
    seeded,
    datasetId: seeded.datasetId,
    userId: seeded.userIds[0],
    password,
    emails,
    cookie: async (role) => `${sessionCookieName}=${(await createSession(accountIds[role])).token}`,
    apiKey: (await createApiKey(seeded.datasetId, 'walk')).key,
    foreignApiKey: (await createApiKey(otherDataset, 'other')).key,
    profilesKey: (await createApiKey(seeded.datasetId, 'reader', undefined, ['profiles:read'])).key,
    foreignProfilesKey: (await createApiKey(otherDataset, 'other reader', undefined, ['profiles:read'])).key,
    finishedJobId: await insertJob('succeeded', {}),
    rejectJobId,
    exportJobId,
    newDataset,
    newAccount: async (role) => (await createAccount(`${unique()}@example.com`, password, role)).id,
    newQueuedJob: () => insertJob('queued'),
    newApiKeyId: async () => (await createApiKey(seeded.datasetId, 'to-revoke')).summary.id,
    newDestination: async () => {
      const audienceId = (
        await createAudience(seeded.datasetId, {
          name: `walk-${unique()}`,
          definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
        })
      ).id;
      return (await createDestination(audienceId, { name: 'walk', url: 'http://127.0.0.1:9/hook' })).destination.id;
    },
    newCsvDestination,
    newCsvDelivery: async () => {
      const destinationId = await newCsvDestination();
      const { rows } = await getPool().query<{ id: number }>(
        `INSERT INTO deliveries (destination_id, kind, status, job_id, rows, file_name, finished_at)
         VALUES ($1, 'csv', 'written', $2, 0, 'walk.csv', now()) RETURNING id`,
        [destinationId, exportJobId],
      );
      return rows[0].id;
    },
    newAudience: async () =>
      (
        await createAudience(seeded.datasetId, {
          name: `walk-${unique()}`,
          definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
          holdoutShare: 0.1,
        })
      ).id,
    // Past the end it starts over with users already erased (who then answer 404).
    nextUserToErase: () => erasable[erasedCount++ % erasable.length],
    cleanup: async () => {
      rmSync(uploads, { recursive: true, force: true });
      rmSync(exportsDir, { recursive: true, force: true });
      if (savedUploadDir === undefined) delete process.env.PORTRAIT_UPLOAD_DIR;
      else process.env.PORTRAIT_UPLOAD_DIR = savedUploadDir;
      if (savedExportsDir === undefined) delete process.env.PORTRAIT_EXPORTS_DIR;
      else process.env.PORTRAIT_EXPORTS_DIR = savedExportsDir;
    },
  };
}
