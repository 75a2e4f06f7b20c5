/**
 * `npm run bench:realtime`: sustained event batches against the events API while the workers
 * keep profiles following them, on a generated demo shop imported and trained in a scratch
 * database. Prints accepted events/s, the POST's latency, and the event-to-profile latency: from
 * the POST's answer to when the update wrote a profile computed from the batch's newest event of
 * one sampled user (freshness.updatedAt once freshness.eventsThrough reaches that event, read from
 * GET /api/v1/datasets/:id/profiles/:userId every 250 ms), with the machine's load average before
 * and after, since the machine may be shared.
 *
 *   npm run bench:realtime                                   100,000 users, 50 connections, 100-event batches, 60 s
 *   npm run bench:realtime -- --users 5000 --duration 20     a smaller demo, a shorter run
 *   npm run bench:realtime -- --database portrait_bench_rt   keep the trained demo in that database
 *   npm run bench:realtime -- --database portrait_bench_rt --reuse   and reuse it next time
 *   npm run bench:realtime -- --workers 2                    two `portrait worker` processes drain the queue
 *   npm run bench:realtime -- --rate 2000                    the senders keep to 2,000 events/s in all (default: as fast as answered)
 *   npm run bench:realtime -- --grow 3000000                 first grow the dataset to 3 million events by a file import
 *                                                            (a sample of its own events, moved after its newest one)
 *                                                            and let the updates it queues drain; kept with --database
 *   npm run bench:realtime -- --cpu-prof /tmp/prof           the API server and the workers write V8 CPU profiles (.cpuprofile) there
 *   npm run bench:realtime -- --history 3000                 instead of the HTTP load: how long updating 100 users
 *                                                            (one new event each) takes in-process after their
 *                                                            history grew to 3,000 events, beside 0 added
 *
 * The API is served by a child process running the route handlers themselves behind node:http
 * (no Next build; the handlers, database pool and queries are the product's), the profile updates
 * by real `portrait worker --no-schedules` processes. The server is BENCH_DATABASE_URL if set,
 * else the local Postgres on 127.0.0.1:5432.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { to as copyTo } from 'pg-copy-streams';
import { createApiKey } from '@/lib/auth/apiKeys';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { updateLagHeader } from '@/lib/realtime/profileUpdateLag';
import { trainDataset } from '@/lib/training/trainDataset';
import { openBenchDatabase } from './benchDatabase';

const root = path.resolve(import.meta.dirname, '..');
const datasetName = 'realtime-bench';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string' },
    batch: { type: 'string', default: '100' },
    workers: { type: 'string', default: '1' },
    database: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    serve: { type: 'string' },
    history: { type: 'string' },
    grow: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function distribution(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? Number.NaN)} (n = ${sorted.length})`;
}

function load(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** The child: the events and profile routes behind node:http, as the web server runs them. */
async function serve(port: number) {
  const { POST } = await import('@/app/api/datasets/[id]/events/route');
  const { GET } = await import('@/app/api/v1/datasets/[id]/profiles/[userId]/route');
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      const events = url.pathname.match(/^\/api\/datasets\/(\d+)\/events$/);
      const profile = url.pathname.match(/^\/api\/v1\/datasets\/(\d+)\/profiles\/([^/]+)$/);
      let response: Response;
      if (events && req.method === 'POST')
        response = await POST(request, { params: Promise.resolve({ id: events[1] }) });
      else if (profile && req.method === 'GET')
        response = await GET(request, {
          params: Promise.resolve({ id: profile[1], userId: decodeURIComponent(profile[2]) }),
        });
      else response = new Response('not found', { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 60_000;
  // exiting, rather than dying of the signal, is what writes a --cpu-prof profile
  process.on('SIGTERM', () => process.exit(0));
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
}

async function prepare(): Promise<number> {
  const pool = getPool();
  const found = await pool.query<{ id: number; active_run_id: number | null }>(
    'SELECT id, active_run_id FROM datasets WHERE name = $1',
    [datasetName],
  );
  let datasetId = found.rows[0]?.active_run_id ? found.rows[0].id : null;
  if (datasetId === null || !args.reuse) {
    if (found.rows[0]) await pool.query('DELETE FROM datasets WHERE id = $1', [found.rows[0].id]);
    const users = Number(args.users);
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'portrait-bench-realtime-'));
    let started = performance.now();
    const demo = await generateDemo({ users, seed: 3, outDir });
    const imported = await importFiles({ datasetName, ...demo.files });
    if (!imported.ok || imported.datasetId === null) throw new Error('the demo did not import');
    datasetId = imported.datasetId;
    console.log(
      `Demo of ${users} users generated and imported in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    const run = await trainDataset(datasetId, { seed: 1, textModel: false });
    console.log(`Trained run ${run.runId} in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`);
  }
  return datasetId as number;
}

async function datasetSize(datasetId: number): Promise<{ users: number; events: number }> {
  const counts = await getPool().query<{ users: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM tracked_users WHERE dataset_id = $1) AS users,
            (SELECT count(*)::int FROM events WHERE dataset_id = $1) AS events`,
    [datasetId],
  );
  return counts.rows[0];
}

/**
 * Grows the dataset to about `target` events as a user's would grow: a CSV of a random sample of
 * its own events (the same users, items, types, values and texts), each moved to a random time
 * between its newest event and now, imported as a file, then the profile updates that import
 * queued for the users it touched drained in this process, timed.
 */
async function grow(datasetId: number, target: number): Promise<void> {
  const pool = getPool();
  const { rows } = await pool.query<{ events: number; newest: Date }>(
    'SELECT count(*)::int AS events, max(ts) AS newest FROM events WHERE dataset_id = $1',
    [datasetId],
  );
  const { events, newest } = rows[0];
  if (events >= target) return;
  const share = Math.min(1, (target - events) / events);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'portrait-bench-grow-')), 'events.csv');
  const client = await pool.connect();
  let started = performance.now();
  try {
    // one minute short of now, so the bench's own events (dated now) stay the newest
    const spanMs = Math.max(0, Date.now() - 60_000 - newest.getTime());
    const copy = client.query(
      copyTo(`COPY (
        SELECT user_id, item_id, type,
          to_char((timestamptz 'epoch' + (${newest.getTime()} + 1 + floor(random() * ${spanMs})) * interval '1 millisecond')
            AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts,
          value, text
        FROM events WHERE dataset_id = ${Math.trunc(datasetId)} AND random() < ${share}
      ) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    await pipeline(copy, createWriteStream(file));
  } finally {
    client.release();
  }
  const imported = await importFiles({ datasetName, events: file });
  if (!imported.ok) throw new Error('the growth file did not import');
  const inserted = imported.batches.reduce((sum, batch) => sum + batch.inserted, 0);
  console.log(
    `Grew the dataset by ${inserted.toLocaleString('en-US')} events (a ${(share * 100).toFixed(0)}% sample moved after its newest event) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  started = performance.now();
  let users = 0;
  let incremental = 0;
  for (;;) {
    const batches = await drainProfileUpdates({ maxRows: 5000 });
    if (batches.length === 0) break;
    for (const batch of batches) {
      users += batch.users;
      incremental += batch.incremental;
    }
  }
  console.log(
    `The import's profile updates drained in process: ${users.toLocaleString('en-US')} users (${incremental.toLocaleString('en-US')} from their stored state) in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`,
  );
}

/**
 * Profile updates against history length: 100 users get `added` older events each (written
 * straight into the events table, then one update to take them in), then three rounds of one new
 * event per user over the events route's ingestion, each drained and timed in this process.
 */
async function historyPhase(datasetId: number, added: number) {
  const pool = getPool();
  while ((await drainProfileUpdates({ maxRows: 5000 })).length > 0);
  const users = (
    await pool.query<{ user_id: string }>(
      'SELECT user_id FROM tracked_users WHERE dataset_id = $1 ORDER BY user_id LIMIT 100 OFFSET 2000',
      [datasetId],
    )
  ).rows.map((row) => row.user_id);
  const items = (
    await pool.query<{ item_id: string }>(
      'SELECT item_id FROM items WHERE dataset_id = $1 ORDER BY item_id LIMIT 200',
      [datasetId],
    )
  ).rows.map((row) => row.item_id);
  if (added > 0) {
    await pool.query(
      `INSERT INTO events (dataset_id, fingerprint, user_id, item_id, type, ts, value, type_key)
       SELECT $1, gen_random_uuid(), u, i, t, now() - interval '2 days' - g * interval '1 minute', 20, event_type_key(t)
       FROM unnest($2::text[]) u, generate_series(1, $4) g,
         LATERAL (SELECT ($3::text[])[1 + (g % 200)] AS i, CASE WHEN g % 10 = 0 THEN 'purchase' ELSE 'view' END AS t) r`,
      [datasetId, users, items, added],
    );
    await pool.query('INSERT INTO profile_update_queue (dataset_id, user_id) SELECT $1, u FROM unnest($2::text[]) u', [
      datasetId,
      users,
    ]);
    await drainProfileUpdates({ maxRows: 5000 });
  }
  const counts = await pool.query<{ n: number }>(
    'SELECT avg(n)::int AS n FROM (SELECT count(*) AS n FROM events WHERE dataset_id = $1 AND user_id = ANY($2) GROUP BY user_id) c',
    [datasetId, users],
  );
  const times: number[] = [];
  let incremental = 0;
  for (let round = 0; round < 3; round++) {
    const ts = Date.now();
    await ingestEventRecords(
      datasetId,
      users.map((user_id, i) => ({ user_id, item_id: items[i], type: 'view', ts: ts + i, value: 20 })),
    );
    const started = performance.now();
    for (const batch of await drainProfileUpdates({ maxRows: 1000 })) incremental += batch.incremental;
    times.push(Math.round(performance.now() - started));
  }
  console.log(
    `100 users with ${counts.rows[0].n} events each, one new event each: updated in ${times.join(', ')} ms (three rounds, ${incremental} of 300 user updates from their stored state; load ${load()})`,
  );
}

function startChild(command: string, childArgs: string[], env: NodeJS.ProcessEnv, ipc = false): ChildProcess {
  return spawn(command, childArgs, {
    cwd: root,
    env,
    stdio: ipc ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'inherit'],
  });
}

async function main() {
  if (args.serve) return serve(Number(args.serve));
  const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = await openBenchDatabase(server, 'realtime', args.database);
  const children: ChildProcess[] = [];
  try {
    const datasetId = await prepare();
    if (args.grow !== undefined) await grow(datasetId, Number(args.grow));
    const { users: userCount, events: eventCount } = await datasetSize(datasetId);
    if (args.history !== undefined) {
      await historyPhase(datasetId, 0);
      await historyPhase(datasetId, Number(args.history));
      return;
    }
    const pool = getPool();
    const userIds = (
      await pool.query<{ user_id: string }>('SELECT user_id FROM tracked_users WHERE dataset_id = $1', [datasetId])
    ).rows.map((row) => row.user_id);
    const itemIds = (
      await pool.query<{ item_id: string }>('SELECT item_id FROM items WHERE dataset_id = $1', [datasetId])
    ).rows.map((row) => row.item_id);
    await pool.query('DELETE FROM profile_update_queue WHERE dataset_id = $1', [datasetId]);
    const ingestKey = (await createApiKey(datasetId, `bench ingest ${Date.now()}`)).key;
    const readKey = (await createApiKey(datasetId, `bench read ${Date.now()}`, undefined, ['profiles:read'])).key;

    const env = { ...process.env, DATABASE_URL: database.url, PORTRAIT_CHANGE_LISTENER: '0' };
    const port = 40_000 + (process.pid % 20_000);
    const api = startChild(
      process.execPath,
      [
        ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []),
        '--import',
        'tsx',
        import.meta.filename,
        '--serve',
        String(port),
      ],
      env,
      true,
    );
    children.push(api);
    await once(api, 'message');
    for (let w = 0; w < Number(args.workers); w++)
      children.push(
        startChild(
          process.execPath,
          [
            ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []),
            // as `npm run worker` runs it
            '--max-semi-space-size=64',
            'bin/portrait.js',
            'worker',
            '--no-schedules',
          ],
          env,
        ),
      );

    const base = `http://127.0.0.1:${port}`;
    const connections = Number(args.connections);
    const batchSize = Number(args.batch);
    const durationMs = Number(args.duration) * 1000;
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections + 20 });
    const call = (method: string, pathName: string, key: string, body?: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request(
          `${base}${pathName}`,
          {
            method,
            agent,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    let lastTs = 0;
    const nextTs = () => {
      lastTs = Math.max(Date.now(), lastTs + 1);
      return lastTs;
    };
    const postLatencies: number[] = [];
    const profileLatencies: number[] = [];
    const seenLatencies: number[] = [];
    const lags: number[] = [];
    let accepted = 0;
    let failures = 0;
    let unseen = 0;
    const probes: Promise<void>[] = [];
    const stopAt = performance.now() + durationMs;
    const probeDeadlineMs = 60_000;
    const probeIntervalMs = 250;
    // One probe per answered POST until this many are polling: with the updates behind by L
    // seconds, a probe for every POST meant (POSTs/s x L x 4) profile reads a second, which loaded
    // the server more than the senders did and grew as the updates fell behind.
    const maxProbes = 25;
    let probing = 0;

    // The probes share the cores with the server and the workers, so they poll slowly and read the
    // time the update wrote the profile (updatedAt, the database's clock on this machine) instead of
    // polling fast: the figure is the system's, to the millisecond, and a profile overwritten by a
    // later update before the poll saw it counts at most one poll interval late.
    const probe = async (userId: string, ts: number, answeredAt: number, answeredWallMs: number) => {
      const path = `/api/v1/datasets/${datasetId}/profiles/${encodeURIComponent(userId)}`;
      probing++;
      try {
        await pollProfile(path, ts, answeredAt, answeredWallMs);
      } finally {
        probing--;
      }
    };
    const pollProfile = async (path: string, ts: number, answeredAt: number, answeredWallMs: number) => {
      while (performance.now() - answeredAt < probeDeadlineMs) {
        await new Promise((resolve) => setTimeout(resolve, probeIntervalMs));
        const response = await call('GET', path, readKey);
        if (response.status !== 200) continue;
        const freshness = JSON.parse(response.body).freshness;
        if (freshness?.eventsThrough && Date.parse(freshness.eventsThrough) >= ts) {
          const seenMs = performance.now() - answeredAt;
          const writtenMs = freshness.updatedAt ? Date.parse(freshness.updatedAt) - answeredWallMs : seenMs;
          profileLatencies.push(Math.max(0, Math.min(writtenMs, seenMs)));
          seenLatencies.push(seenMs);
          return;
        }
      }
      unseen++;
    };

    // with --rate, POSTs go out on a fixed schedule shared by the senders, each taking the next slot
    const slotMs = args.rate ? (1000 * batchSize) / Number(args.rate) : 0;
    let nextSlot = 0;
    const sender = async () => {
      while (performance.now() < stopAt) {
        if (slotMs > 0) {
          const due = started + nextSlot++ * slotMs;
          if (due >= stopAt) break;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const events = Array.from({ length: batchSize }, () => ({
          user_id: userIds[Math.floor(Math.random() * userIds.length)],
          item_id: itemIds[Math.floor(Math.random() * itemIds.length)],
          type: Math.random() < 0.1 ? 'purchase' : 'view',
          ts: nextTs(),
          value: 20,
        }));
        const sent = performance.now();
        const response = await call('POST', `/api/datasets/${datasetId}/events`, ingestKey, JSON.stringify(events));
        const answeredAt = performance.now();
        const answeredWallMs = Date.now();
        if (response.status !== 201) {
          failures++;
          if (failures <= 3) console.log(`POST answered ${response.status}: ${response.body.slice(0, 200)}`);
          continue;
        }
        postLatencies.push(answeredAt - sent);
        accepted += JSON.parse(response.body).inserted;
        lags.push(Number(response.headers[updateLagHeader.toLowerCase()]));
        // the batch's last event is its sampled user's newest
        const sample = events[events.length - 1];
        if (probing < maxProbes) probes.push(probe(sample.user_id, sample.ts, answeredAt, answeredWallMs));
      }
    };

    // A worker loads the run's models with its first batch (seconds on this demo): one warm-up POST,
    // drained before the clock starts, so the figures are the steady state's, not the start-up's.
    if (Number(args.workers) > 0) {
      const warmUp = userIds
        .slice(0, 10)
        .map((user_id, i) => ({ user_id, item_id: itemIds[i], type: 'view', ts: nextTs() }));
      await call('POST', `/api/datasets/${datasetId}/events`, ingestKey, JSON.stringify(warmUp));
      const warmedBy = performance.now() + 120_000;
      while (performance.now() < warmedBy) {
        const { rows } = await pool.query('SELECT 1 FROM profile_update_queue WHERE dataset_id = $1 LIMIT 1', [
          datasetId,
        ]);
        if (rows.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const loadBefore = load();
    const started = performance.now();
    console.log(
      `Dataset: ${userCount.toLocaleString('en-US')} users, ${eventCount.toLocaleString('en-US')} events; ` +
        `${connections} connections x ${batchSize}-event batches for ${durationMs / 1000} s${args.rate ? ` at ${Number(args.rate).toLocaleString('en-US')} events/s` : ''}, ` +
        `${args.workers} worker process(es); ${os.cpus().length} cores, load ${loadBefore}`,
    );
    await Promise.all(Array.from({ length: connections }, sender));
    const sendingMs = performance.now() - started;
    await Promise.all(probes);
    const pending = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM profile_update_queue WHERE dataset_id = $1',
      [datasetId],
    );
    const batches = await pool.query<{ users: number; batches: number; ms: number }>(
      `SELECT coalesce(sum(users), 0)::int AS users, count(*)::int AS batches, coalesce(avg(ms), 0)::float8 AS ms
       FROM profile_update_batches WHERE dataset_id = $1 AND finished_at > now() - $2 * interval '1 millisecond'`,
      [datasetId, performance.now() - started],
    );
    console.log(`Requests: ${postLatencies.length} answered 201, ${failures} other answers`);
    console.log(`Accepted: ${accepted} events, ${Math.round(accepted / (sendingMs / 1000))} events/s`);
    console.log(`POST latency: ${distribution(postLatencies)}`);
    console.log(`Update lag said by the API (${updateLagHeader}): ${distribution(lags)}`);
    console.log(
      `Event-to-profile latency (POST answer to the profile's updatedAt; a sampled POST's newest event, at most ${maxProbes} polling at once): ${distribution(profileLatencies)}${unseen ? `; ${unseen} not seen within ${probeDeadlineMs / 1000} s` : ''}`,
    );
    console.log(
      `  as the probes saw it, polling every ${probeIntervalMs} ms (resolution ${probeIntervalMs} ms): ${distribution(seenLatencies)}`,
    );
    console.log(
      `Profile updates: ${batches.rows[0].users} users in ${batches.rows[0].batches} batches (mean ${Math.round(batches.rows[0].ms)} ms per batch); ${pending.rows[0].n} queued at the end`,
    );
    console.log(`Load average before ${loadBefore}, after ${load()}`);
    agent.destroy();
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : null)));
    await closePools();
    await database.finish();
  }
}

await main();
