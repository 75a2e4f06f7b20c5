// `npm run bench:api`: load-tests the read API the way the dashboard and apps use it. A
// scratch database on the local Postgres gets a 100,000-user dataset with a complete active run,
// the dashboard's web server serves it as `portrait start` does (bin/webServer.mjs, one process per
// core up to four, or --web-processes), and autocannon measures two phases of 60 s each:
// - dashboard: an analyst's session keeps 50 connections busy on the segment list, persona detail
//   and user lookup routes (random users across the dataset);
// - apps: an API key with the profiles:read scope keeps 200 connections busy on the profile API
//   (GET /api/v1/datasets/:id/profiles/:userId, random users) and the audience members paging
//   route (GET /api/v1/datasets/:id/audiences/:a/members, pages of 100 from a random member by the
//   `after` cursor an app pages with, or with --member-paging page from a random page number);
//   then, as the anchor of the same run, the same 200 connections on GET /api/health, which
//   answers a constant without the database: what the web server alone does on these cores.
// Prints p50/p95/p99 latency per route and overall per phase, requests/s, non-2xx and errors, the
// machine and the data size; exits 1 on any error or non-2xx answer.
//
//   npm run bench:api                                   100,000 users, 50 + 200 connections, 60 s each
//   npm run bench:api -- --phase apps                   the apps phase only
//   npm run bench:api -- --member-paging page           members by ?page=N instead of ?after=
//   npm run bench:api -- --duration 15 --keep           quick try, keep the database
//   npm run bench:api -- --reuse --duration 15          reuse the kept database (and keep it)
//   npm run bench:api -- --data demo --users 20000      real demo shop, imported and trained
//
// --data seed (default) writes the run with test/helpers/seedRun.ts through the real run store:
// 5 planted segments, 7 features per user, 10 recommendations per user. --data demo generates
// the demo shop, imports it and runs `portrait train --no-text-model` (slow at 100,000 users).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createAudience } from '@/lib/audiences/saveAudience';
import { createAccount } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/apiKeys';
import { closePools, getPool } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { needsBuild } from '@/lib/server/needsBuild';
import { webProcessCount } from '@/lib/server/webProcessCount';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const datasetName = 'bench';
const analyst = { email: 'bench-analyst@localhost', password: 'bench-analyst-password' };
/** the dashboard's goal, and the for apps (issue 17: p95 <= 20 ms at 200 connections) */
const p95Goals = { dashboard: 100, apps: 20, floor: 20 };
const audienceName = 'bench members';
const memberPageSize = 100;

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    'app-connections': { type: 'string', default: '200' },
    phase: { type: 'string', default: 'both' },
    'member-paging': { type: 'string', default: 'cursor' },
    data: { type: 'string', default: 'seed' },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'pool-size': { type: 'string' },
    'web-processes': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npm run bench:api -- [--users 100000] [--duration 60] [--connections 50] [--app-connections 200]
  [--phase dashboard|apps|both] [--member-paging cursor|page] [--data seed|demo] [--keep] [--reuse] [--server postgresql://...] [--pool-size N] [--web-processes N]`);
  process.exit(0);
}
const users = Number(args.users);
const duration = Number(args.duration);
const connections = Number(args.connections);
const appConnections = Number(args['app-connections']);
if (!['dashboard', 'apps', 'both'].includes(args.phase as string))
  throw new Error('--phase must be dashboard, apps or both');
if (args['member-paging'] !== 'cursor' && args['member-paging'] !== 'page')
  throw new Error('--member-paging must be cursor or page');
const phases = (args.phase === 'both' ? ['dashboard', 'apps'] : [args.phase]) as ('dashboard' | 'apps')[];
if (args.data !== 'seed' && args.data !== 'demo') throw new Error('--data must be seed or demo');
const keep = args.keep || args.reuse;
const webProcesses = webProcessCount(args['web-processes']).count;
const databaseName = `portrait_bench_api_${args.data}_${users}`;
const databaseUrl = (() => {
  const url = new URL(args.server);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
process.env.DATABASE_URL = databaseUrl;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function databaseExists(): Promise<boolean> {
  const { rows } = await getPool(args.server).query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
  return rows.length > 0;
}

async function activeRun(): Promise<{ datasetId: number; runId: number } | null> {
  const { rows } = await getPool().query<{ id: number; active_run_id: number | null }>(
    'SELECT id, active_run_id FROM datasets WHERE name = $1',
    [datasetName],
  );
  return rows[0]?.active_run_id ? { datasetId: rows[0].id, runId: rows[0].active_run_id } : null;
}

async function fillWithSeededRun(): Promise<void> {
  const { seedDatasetWithRun } = await import('@/test/helpers/seedRun');
  await seedDatasetWithRun({ users, name: datasetName, seed: 1 });
}

async function fillWithTrainedDemo(): Promise<void> {
  const { generateDemo } = await import('@/lib/demo/generateDemo');
  const { importFiles } = await import('@/lib/ingest/importFiles');
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'portrait-bench-api-'));
  try {
    let started = performance.now();
    const demo = await generateDemo({ users, seed: 1, outDir });
    console.log(`  demo shop generated in ${seconds(started)}: ${demo.counts.events} events`);
    started = performance.now();
    const imported = await importFiles({ datasetName, ...demo.files });
    if (!imported.ok) throw new Error('The demo import was refused');
    console.log(`  imported in ${seconds(started)}`);
    started = performance.now();
    const train = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'portrait.js'), 'train', '--dataset', datasetName, '--no-text-model'],
      { env: process.env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (train.status !== 0) throw new Error('portrait train failed');
    console.log(`  trained in ${seconds(started)}`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function prepareDatabase(): Promise<{ datasetId: number; runId: number }> {
  if (args.reuse && (await databaseExists())) {
    await applyMigrations(databaseUrl);
    const run = await activeRun();
    if (run) {
      console.log(`Reusing database ${databaseName}`);
      return run;
    }
  }
  await dropDatabase(args.server, databaseName);
  await ensureDatabase(args.server, databaseName);
  await applyMigrations(databaseUrl);
  const started = performance.now();
  console.log(`Filling ${databaseName} (--data ${args.data}, ${users} users)...`);
  if (args.data === 'seed') await fillWithSeededRun();
  else await fillWithTrainedDemo();
  await getPool().query('ANALYZE');
  console.log(`  ready in ${seconds(started)}`);
  const run = await activeRun();
  if (!run) throw new Error('The dataset has no active run after filling it');
  return run;
}

async function dataSize(runId: number, datasetId: number) {
  const count = async (sql: string, params: unknown[]) =>
    Number((await getPool().query<{ n: string }>(sql, params)).rows[0].n);
  return {
    users: await count('SELECT count(*) AS n FROM tracked_users WHERE dataset_id = $1', [datasetId]),
    events: await count('SELECT count(*) AS n FROM events WHERE dataset_id = $1', [datasetId]),
    items: await count('SELECT count(*) AS n FROM items WHERE dataset_id = $1', [datasetId]),
    profiles: await count('SELECT count(*) AS n FROM user_profiles WHERE run_id = $1', [runId]),
    scores: await count('SELECT count(*) AS n FROM scores WHERE run_id = $1', [runId]),
    recommendations: await count('SELECT count(*) AS n FROM recommendations WHERE run_id = $1', [runId]),
    segments: await count('SELECT count(*) AS n FROM segments WHERE run_id = $1', [runId]),
    databaseMb: Math.round((await count('SELECT pg_database_size(current_database()) AS n', [])) / 1024 / 1024),
  };
}

async function ensureAnalyst(): Promise<void> {
  const { rows } = await getPool().query('SELECT 1 FROM accounts WHERE email = $1', [analyst.email]);
  if (rows.length === 0) await createAccount(analyst.email, analyst.password, 'analyst');
}

/** The audience whose members the apps phase pages through: the users with churn risk >= 0.5. */
async function ensureAudience(datasetId: number): Promise<{ id: number; members: string[] }> {
  const existing = await getPool().query<{ id: number }>(
    'SELECT id FROM audiences WHERE dataset_id = $1 AND name = $2',
    [datasetId, audienceName],
  );
  const id =
    existing.rows[0]?.id ??
    (
      await createAudience(datasetId, {
        name: audienceName,
        definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
        holdoutShare: 0.1,
      })
    ).id;
  const { rows } = await getPool().query<{ user_id: string }>(
    'SELECT user_id FROM audience_members WHERE audience_id = $1 AND NOT holdout',
    [id],
  );
  return { id, members: rows.map((row) => row.user_id) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function buildIfNeeded(): Promise<void> {
  if (!(await needsBuild(root))) return;
  console.log('Building the dashboard (next build)...');
  const started = performance.now();
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('next build failed');
  console.log(`  built in ${seconds(started)}`);
}

async function startServer(port: number) {
  const server = spawn(process.execPath, [path.join(root, 'bin', 'webServer.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTRAIT_WEB_PROCESSES: String(webProcesses),
      PORTRAIT_DEMO_AUTOLOGIN: '0',
      ...(args['pool-size'] ? { PORTRAIT_DB_POOL: args['pool-size'] } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let ready = false;
  server.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Printed once every web process listens: before that, all traffic would go to the first ones.
  server.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('✓ Ready')) ready = true;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The web server exited with ${server.exitCode}: ${stderr}`);
    const up =
      ready &&
      (await fetch(`http://127.0.0.1:${port}/api/auth/me`).then(
        () => true,
        () => false,
      ));
    if (up) break;
    if (Date.now() > deadline) throw new Error('The web server did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  return { stop, stderr: () => stderr };
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(analyst),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`Sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
}

interface RouteStats {
  name: string;
  latencies: number[];
  statuses: Map<number, number>;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(latencies: number[]) {
  const sorted = Float64Array.from(latencies).sort();
  const values = Array.from(sorted);
  return {
    requests: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? values[values.length - 1] : Number.NaN,
  };
}

const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)];

const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}`;
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

interface RouteSpec {
  name: string;
  path: () => string;
}

interface PhaseResult {
  phase: 'dashboard' | 'apps' | 'floor';
  connections: number;
  result: autocannon.Result;
  stats: RouteStats[];
  loadBefore: string;
  loadAfter: string;
}

/** Keeps `connectionCount` connections busy for `duration` s, each asking the routes in turn. */
async function measure(
  phase: PhaseResult['phase'],
  base: string,
  routes: RouteSpec[],
  connectionCount: number,
  headers: Record<string, string>,
): Promise<PhaseResult> {
  const stats: RouteStats[] = routes.map((routeSpec) => ({ name: routeSpec.name, latencies: [], statuses: new Map() }));
  console.log(
    `\n${phase}: autocannon, ${connectionCount} connections for ${duration} s on ${routes.map((r) => r.name).join(', ')} (in turn per connection)`,
  );
  const loadBefore = load();
  console.log(`load average before: ${loadBefore}`);
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: base,
      connections: connectionCount,
      duration,
      headers,
      requests: routes.map((routeSpec) => ({
        method: 'GET' as const,
        setupRequest: (request: autocannon.Request) => ({ ...request, path: routeSpec.path() }),
      })),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  // At 'response' a connection's request iterator still points at the request just answered.
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    const index = (client as unknown as { requestIterator: { currentRequestIndex: number } }).requestIterator
      .currentRequestIndex;
    const own = stats[index];
    own.latencies.push(responseTime);
    own.statuses.set(statusCode, (own.statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await finished;
  return { phase, connections: connectionCount, result, stats, loadBefore, loadAfter: load() };
}

/** One request per route, reported and not counted: it loads the route's code and fills per-run caches. */
async function firstCalls(base: string, routes: RouteSpec[], headers: Record<string, string>): Promise<string[]> {
  const lines: string[] = [];
  for (const routeSpec of routes) {
    const started = performance.now();
    const response = await fetch(`${base}${routeSpec.path()}`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`${routeSpec.name} answered ${response.status}: ${body.slice(0, 300)}`);
    lines.push(
      `${routeSpec.name} ${(performance.now() - started).toFixed(0)} ms (${(body.length / 1024).toFixed(1)} KiB)`,
    );
  }
  return lines;
}

/** The same paths on every web process: the cluster hands each new connection to the next process. */
async function warmEveryProcess(base: string, paths: string[], headers: Record<string, string>): Promise<void> {
  for (let round = 0; round < 2 * webProcesses; round++) {
    for (const warmPath of paths) {
      const response = await fetch(`${base}${warmPath}`, { headers: { ...headers, connection: 'close' } });
      await response.arrayBuffer();
    }
  }
}

function report(measured: PhaseResult): boolean {
  const { result, stats } = measured;
  const goal = p95Goals[measured.phase];
  console.log(`\n--- ${measured.phase}: ${measured.connections} connections ---`);
  console.log(`load avg:    before ${measured.loadBefore}, after ${measured.loadAfter} (1/5/15 min)`);
  console.log(`run:         ${result.duration} s, ${(result.requests.average ?? 0).toFixed(0)} req/s average`);
  console.log(
    `${'route'.padEnd(40)} ${'requests'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}  non-2xx`,
  );
  const row = (name: string, latencies: number[], non2xx: number) => {
    const s = summarize(latencies);
    console.log(
      `${name.padEnd(40)} ${String(s.requests).padStart(9)} ${s.p50.toFixed(0).padStart(8)} ${s.p95.toFixed(0).padStart(8)} ${s.p99.toFixed(0).padStart(8)} ${s.max.toFixed(0).padStart(8)}  ${non2xx}`,
    );
    return s;
  };
  for (const own of stats) {
    const non2xx = [...own.statuses].filter(([status]) => status < 200 || status >= 300).reduce((n, [, c]) => n + c, 0);
    row(own.name, own.latencies, non2xx);
  }
  const overall = row(
    'all',
    stats.flatMap((own) => own.latencies),
    result.non2xx,
  );
  console.log(
    `errors: ${result.errors} (timeouts ${result.timeouts}), non-2xx: ${result.non2xx}, status codes: ${JSON.stringify(result.statusCodeStats)}`,
  );
  console.log(
    `goal p95 <= ${goal} ms with 0 errors: ${overall.p95 <= goal && result.errors === 0 && result.non2xx === 0 ? 'met' : 'NOT met'} (overall p95 ${overall.p95.toFixed(0)} ms)`,
  );
  return result.errors > 0 || result.non2xx > 0;
}

let failed = false;
let stopServer: (() => Promise<void>) | undefined;
try {
  const { datasetId, runId } = await prepareDatabase();
  const size = await dataSize(runId, datasetId);
  const profiled = (
    await getPool().query<{ user_id: string }>('SELECT user_id FROM user_profiles WHERE run_id = $1', [runId])
  ).rows.map((row) => row.user_id);
  const shownSegments = (
    await getPool().query<{ index: number }>('SELECT index FROM segments WHERE run_id = $1 AND NOT below_floor', [
      runId,
    ])
  ).rows.map((row) => row.index);
  await ensureAnalyst();
  const audience = await ensureAudience(datasetId);
  const appKey = (await createApiKey(datasetId, `bench ${Date.now()}`, undefined, ['profiles:read'])).key;
  await closePools();

  await buildIfNeeded();
  const buildId = await readFile(path.join(root, '.next', 'BUILD_ID'), 'utf8');
  const port = await freePort();
  const server = await startServer(port);
  stopServer = server.stop;
  const base = `http://127.0.0.1:${port}`;
  const cookie = await signIn(base);
  const prefix = `/api/datasets/${datasetId}`;
  const appPrefix = `/api/v1/datasets/${datasetId}`;
  const memberPages = Math.max(1, Math.ceil(audience.members.length / memberPageSize));
  const membersPath = `${appPrefix}/audiences/${audience.id}/members?pageSize=${memberPageSize}`;

  const dashboardRoutes: RouteSpec[] = [
    { name: 'GET /segments', path: () => `${prefix}/segments` },
    { name: 'GET /segments/:index', path: () => `${prefix}/segments/${pick(shownSegments)}` },
    { name: 'GET /users/:userId', path: () => `${prefix}/users/${encodeURIComponent(pick(profiled))}` },
  ];
  const appRoutes: RouteSpec[] = [
    { name: 'GET /v1/profiles/:userId', path: () => `${appPrefix}/profiles/${encodeURIComponent(pick(profiled))}` },
    {
      name: `GET /v1/audiences/:a/members (${args['member-paging']})`,
      path: () =>
        args['member-paging'] === 'page'
          ? `${membersPath}&page=${1 + Math.floor(Math.random() * memberPages)}`
          : `${membersPath}&after=${encodeURIComponent(pick(audience.members))}`,
    },
  ];
  const cookieHeaders = { cookie };
  const keyHeaders = { authorization: `Bearer ${appKey}` };
  const firsts: string[] = [];
  if (phases.includes('dashboard')) {
    firsts.push(...(await firstCalls(base, dashboardRoutes, cookieHeaders)));
    const warmPaths = [`${prefix}/segments`, ...shownSegments.map((index) => `${prefix}/segments/${index}`)];
    await warmEveryProcess(base, [...warmPaths, dashboardRoutes[2].path()], cookieHeaders);
  }
  if (phases.includes('apps')) {
    firsts.push(...(await firstCalls(base, appRoutes, keyHeaders)));
    await warmEveryProcess(base, [appRoutes[0].path(), appRoutes[1].path()], keyHeaders);
  }

  const measured: PhaseResult[] = [];
  if (phases.includes('dashboard'))
    measured.push(await measure('dashboard', base, dashboardRoutes, connections, cookieHeaders));
  if (phases.includes('apps')) {
    measured.push(await measure('apps', base, appRoutes, appConnections, keyHeaders));
    const floorRoutes: RouteSpec[] = [{ name: 'GET /health (no database)', path: () => '/api/health' }];
    await warmEveryProcess(base, ['/api/health'], {});
    measured.push(await measure('floor', base, floorRoutes, appConnections, {}));
  }
  const builtAfter = await readFile(path.join(root, '.next', 'BUILD_ID'), 'utf8').catch(() => '');

  console.log('\n=== Portrait read API under load ===');
  console.log(`machine:     ${machine}`);
  console.log(
    `data (${args.data}): ${size.users} users, ${size.events} events, ${size.items} items; run: ${size.segments} segments, ${size.profiles} profiles, ${size.scores} scores, ${size.recommendations} recommendations; database ${size.databaseMb} MB`,
  );
  console.log(
    `audience:    "${audienceName}", ${audience.members.length} targeted members, pages of ${memberPageSize} by ${args['member-paging']}`,
  );
  console.log(`first calls: ${firsts.join('; ')}`);
  console.log(`server:      ${webProcesses} web process${webProcesses === 1 ? '' : 'es'} (bin/webServer.mjs)`);
  for (const phase of measured) failed = report(phase) || failed;
  if (builtAfter !== buildId) console.log('warning: .next was rebuilt by someone else during the run');
  const serverErrors = server.stderr().trim();
  if (serverErrors) console.log(`server stderr:\n${serverErrors.slice(-2000)}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stopServer?.();
  await closePools();
  if (!keep) {
    await dropDatabase(args.server, databaseName);
  } else {
    console.log(`Kept database ${databaseName} (rerun with --reuse)`);
  }
}
process.exit(failed ? 1 : 0);
