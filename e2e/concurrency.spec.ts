import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type APIRequestContext, request as apiRequest, type Browser, type Page } from '@playwright/test';
import { e2eAdmin, expect, signInAs, test } from './fixtures';

// Several people and jobs on the embedded database at once: the situations that broke the
// PGlite default (prepared statements of one client landing in another's session).

test.describe.configure({ mode: 'serial' });

const root = path.resolve(import.meta.dirname, '..');

async function signedIn(baseURL: string): Promise<APIRequestContext> {
  const context = await apiRequest.newContext({ baseURL });
  const response = await context.post('/api/auth/login', { data: e2eAdmin });
  expect(response.status(), await response.text()).toBe(200);
  return context;
}

async function json<T>(context: APIRequestContext, url: string): Promise<T> {
  const response = await context.get(url);
  expect(response.status(), `GET ${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

interface ReadTarget {
  datasetId: number;
  userId: string;
}

async function readTarget(context: APIRequestContext, name: string): Promise<ReadTarget> {
  const { datasets } = await json<{ datasets: { id: number; name: string }[] }>(context, '/api/datasets');
  const datasetId = datasets.find((dataset) => dataset.name === name)?.id;
  if (!datasetId) throw new Error(`no dataset ${name}`);
  const { rows } = await json<{ rows: { userId: string }[] }>(
    context,
    `/api/datasets/${datasetId}/segments/0/users?pageSize=5`,
  );
  return { datasetId, userId: rows[0].userId };
}

/** Every read route of the dashboard's API and its pages, for one dataset and user. */
function readRoutes({ datasetId, userId }: ReadTarget): string[] {
  const base = `/api/datasets/${datasetId}`;
  const user = encodeURIComponent(userId);
  return [
    '/api/auth/me',
    '/api/datasets',
    `${base}/overview`,
    `${base}/segments`,
    `${base}/segments/0`,
    `${base}/segments/0/users?pageSize=20`,
    `${base}/map`,
    `${base}/runs`,
    `${base}/settings`,
    `${base}/schedule`,
    `${base}/api-keys`,
    `${base}/users?search=u`,
    `${base}/users/${user}`,
    `${base}/users/${user}/recommendations`,
    '/api/jobs',
    '/api/audit',
    '/',
    `/segments?dataset=${datasetId}`,
    `/segments/0?dataset=${datasetId}`,
    `/users/${user}?dataset=${datasetId}`,
    `/quality?dataset=${datasetId}`,
    '/admin',
    '/import',
  ];
}

async function waitForJob(context: APIRequestContext, jobId: number, timeoutMs = 240_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { job } = await json<{
      job: { status: string; error: string | null; log: string[]; startedAt: string | null; finishedAt: string | null };
    }>(context, `/api/jobs/${jobId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * A `portrait worker` process, and when it polls the queue: jobs queued before then all went to
 * the server's own worker (one import finishes in 0.2 s), and none ran beside another.
 */
function startWorker(): { process: ChildProcess; ready: Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORTRAIT_DATA_DIR: process.env.E2E_DATA_DIR };
  delete env.DATABASE_URL;
  const worker = spawn(process.execPath, [path.join(root, 'bin/portrait.js'), 'worker', '--no-schedules'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('started (job types')) resolve();
    });
    worker.once('exit', (code) => reject(new Error(`portrait worker exited with ${code} before it started`)));
  });
  return { process: worker, ready };
}

test('after 20 s with no requests, every read route answers 200', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const admin = await signedIn(baseURL as string);
  const target = await readTarget(admin, 'concurrency_shop');
  // PGlite's default once broke here on its own, 12 s after start with no requests at all
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  for (const url of readRoutes(target)) {
    const response = await admin.get(url);
    expect(response.status(), `GET ${url}`).toBe(200);
  }
  await admin.dispose();
});

test('a retrain succeeds while 20 clients browse the read API, and no request fails', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const admin = await signedIn(baseURL as string);
  const target = await readTarget(admin, 'concurrency_shop');
  const routes = readRoutes(target).filter((url) => url.startsWith('/api/'));
  const started = await admin.post('/api/jobs', {
    data: { type: 'train', datasetId: target.datasetId, textModel: false },
  });
  expect(started.status(), await started.text()).toBe(202);
  const { job } = (await started.json()) as { job: { id: number } };

  let running = true;
  const failures: string[] = [];
  let requests = 0;
  // one session for all 20: parallel sign-ins of one account would trip the sign-in limit
  const session = await admin.storageState();
  const browsers = await Promise.all(
    Array.from({ length: 20 }, () => apiRequest.newContext({ baseURL, storageState: session })),
  );
  const browsing = browsers.map(async (client, n) => {
    for (let i = n; running; i++) {
      const url = routes[i % routes.length];
      const response = await client.get(url);
      requests += 1;
      if (response.status() !== 200) failures.push(`${response.status()} GET ${url}: ${await response.text()}`);
    }
  });
  const finished = await waitForJob(admin, job.id);
  running = false;
  await Promise.all(browsing);
  expect(finished.status, finished.error ?? '').toBe('succeeded');
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(100);
  await Promise.all([...browsers, admin].map((client) => client.dispose()));
});

test('an import, a retrain and an export run at once on three workers', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const admin = await signedIn(baseURL as string);
  const target = await readTarget(admin, 'concurrency_shop');
  const { datasets } = await json<{ datasets: { id: number; name: string }[] }>(admin, '/api/datasets');
  const demoId = datasets.find((dataset) => dataset.name === 'demo')?.id as number;
  // `npm start` runs one worker; two more join it on the same embedded database
  const workers = [startWorker(), startWorker()];
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `c${i % 700},i${i % 90},${i % 5 === 0 ? 'purchase' : 'view'},${1_700_000_000 + i * 60}`,
    );
    const imported = await admin.post('/api/imports', {
      multipart: {
        dataset: 'concurrency_import',
        events: {
          name: 'events.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`user_id,item_id,type,ts\n${rows.join('\n')}\n`),
        },
      },
    });
    expect(imported.status(), await imported.text()).toBe(202);
    const retrain = await admin.post('/api/jobs', {
      data: { type: 'train', datasetId: target.datasetId, textModel: false },
    });
    expect(retrain.status(), await retrain.text()).toBe(202);
    const exported = await admin.post('/api/jobs', { data: { type: 'export', datasetId: demoId, format: 'csv' } });
    expect(exported.status(), await exported.text()).toBe(202);
    const ids = await Promise.all(
      [imported, retrain, exported].map(
        async (response) => ((await response.json()) as { job: { id: number } }).job.id,
      ),
    );

    const outcomes = await Promise.all(ids.map((id) => waitForJob(admin, id)));
    for (const outcome of outcomes) expect(outcome.status, outcome.error ?? outcome.log.join('\n')).toBe('succeeded');
    // from the jobs' own times: a poll every 200 ms missed an export of 0.1 s that ran beside the retrain
    const spans = outcomes.map((job) => [Date.parse(job.startedAt as string), Date.parse(job.finishedAt as string)]);
    const atOnce = spans.some(([start, end], i) =>
      spans.some(([otherStart, otherEnd], j) => i !== j && start < otherEnd && otherStart < end),
    );
    expect(atOnce, JSON.stringify(spans)).toBe(true);
  } finally {
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.process.once('exit', resolve))));
    await admin.dispose();
  }
});

async function browseInLoop(page: Page, datasetId: number, until: () => boolean, failures: string[]) {
  page.on('response', (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  const paths = [
    '/',
    `/segments?dataset=${datasetId}`,
    `/segments/0?dataset=${datasetId}`,
    `/quality?dataset=${datasetId}`,
  ];
  for (let i = 0; !until(); i++) {
    await page.goto(paths[i % paths.length]);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
}

test('two people browse while a third starts a retrain from Admin', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const api = await signedIn(baseURL as string);
  const { datasetId } = await readTarget(api, 'concurrency_shop');
  const contexts = await Promise.all([1, 2, 3].map(() => (browser as Browser).newContext()));
  const [first, second, adminPage] = await Promise.all(contexts.map((context) => context.newPage()));

  await signInAs(adminPage, e2eAdmin);
  await adminPage.goto('/admin');
  await adminPage
    .getByRole('region', { name: 'Start a job' })
    .getByLabel('Dataset')
    .selectOption({ label: 'concurrency_shop' });
  const form = adminPage.getByRole('form', { name: 'Retrain concurrency_shop' });
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Start retrain' }).click();

  let done = false;
  const failures: string[] = [];
  const browsing = [first, second].map((page) => browseInLoop(page, datasetId, () => done, failures));
  // the click's request may still be on its way: look for the job until it is there
  let retrain: { id: number } | undefined;
  await expect
    .poll(
      async () => {
        const { jobs } = await json<{ jobs: { id: number; type: string; datasetId: number | null }[] }>(
          api,
          '/api/jobs?status=active',
        );
        retrain = jobs.find((job) => job.type === 'train' && job.datasetId === datasetId);
        return retrain !== undefined;
      },
      { message: 'the retrain the admin started is queued or running', timeout: 15_000 },
    )
    .toBe(true);
  const finished = await waitForJob(api, (retrain as { id: number }).id);
  done = true;
  await Promise.all(browsing);
  expect(finished.status, finished.error ?? '').toBe('succeeded');
  expect(failures).toEqual([]);
  await Promise.all(contexts.map((context) => context.close()));
  await api.dispose();
});
