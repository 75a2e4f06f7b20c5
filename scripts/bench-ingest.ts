/**
 * Import throughput, with a plain-SQL anchor from the same run. By default on the demo shop's
 * 2,091,229 events (`portrait demo --users 100000 --seed 3`, generated once into /tmp/demo100k;
 * a second demo with seed 4, into /tmp/demo100k-seed4, fills the "filled" dataset):
 *
 *   1. SQL anchor: COPY the CSV into an UNLOGGED stage, then INSERT ... ON CONFLICT DO NOTHING
 *      into a table with a uuid primary key (md5 of the row) and a (user_id, ts) index; measured
 *      again just before 4, since the load of a shared machine moves within a run.
 *   2. the file into an empty dataset;
 *   3. the same file again (every row a duplicate);
 *   4. the file into a dataset already holding the seed-4 demo's 2 million events;
 *   5. the read queries on the dataset of 4 (pipeline load in user order, user lookup), against
 *      an unpartitioned copy of the same rows with the old indexes.
 *
 * Each figure is printed with the load average before and after it: the machine is shared.
 *
 *   npm run bench:ingest -- [file.csv] [--filler file.csv] [--rows N] [--breakdown] [--statements] [--keep] [--server local]
 *
 * A file given without --filler is used for both. --rows N generates a synthetic file instead
 * of the demo. The server is BENCH_DATABASE_URL if set, else `--server local` (the Postgres on
 * 127.0.0.1:5432), else the embedded server `npm start` runs, started for the run with its data
 * in the temp folder: what a user gets without DATABASE_URL.
 * --breakdown also times reading, cleaning and encoding alone (no database), on one thread and on the
 * import's threads, to show where time goes; --statements lists each import's slowest statements.
 */

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { closePools, getPool } from '@/lib/db/connection';
import { startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { CsvRecordReader } from '@/lib/ingest/csvRecordReader';
import { type EventChunkSettings, encodeEventChunk, eventCleanerFor } from '@/lib/ingest/encodeEventChunk';
import { importFiles } from '@/lib/ingest/importFiles';
import { readTimestampWindow } from '@/lib/ingest/limits';
import { openDecodedText, openRecordFile } from '@/lib/ingest/openRecordFile';
import { importThreadCount, readEventsInThreads } from '@/lib/ingest/readEventsInThreads';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

const seed = 20_240_101;

const reviewTexts = [
  '"Great, would buy again"',
  'Too small',
  '"Arrived late, but ""fine"""',
  'Love it',
  'Not as described',
];

async function generateEvents(file: string, rows: number): Promise<void> {
  const random = createSeededRandom(seed);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  out.write('user_id,item_id,type,ts,value,text\n');
  const start = Date.UTC(2024, 0, 1);
  const year = 365 * 24 * 3600 * 1000;
  let buffer = '';
  for (let row = 0; row < rows; row++) {
    const user = Math.floor(random.next() ** 2 * 100_000);
    const item = Math.floor(random.next() ** 3 * 20_000);
    const draw = random.next();
    const type = draw < 0.7 ? 'view' : draw < 0.85 ? 'add_to_cart' : draw < 0.97 ? 'purchase' : 'review';
    const ts = new Date(start + Math.floor(random.next() * year)).toISOString();
    const value = type === 'purchase' ? (5 + Math.floor(random.next() * 9500) / 100).toFixed(2) : '';
    const text = type === 'review' ? reviewTexts[Math.floor(random.next() * reviewTexts.length)] : '';
    buffer += `u${user},i${item},${type},${ts},${value},${text}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await finished(out);
  await rename(partial, file);
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function chunkSettings(header: string[]): EventChunkSettings {
  return { header, mapping: undefined, tsWindow: readTimestampWindow() };
}

/** what an import's threads do (read, clean, fingerprint, encode for COPY), on `threads` threads or, with 0, on this one */
async function readAndClean(file: string, threads: number): Promise<number> {
  const records = await openRecordFile(file);
  records.close();
  const settings = chunkSettings(records.header as string[]);
  let rows = 0;
  if (threads > 0) {
    const outcome = await readEventsInThreads(file, {
      settings,
      hasHeader: true,
      delimiter: ',',
      threads,
      openOptions: {},
      async onChunk(encoded) {
        rows += encoded.rows;
      },
    });
    if (outcome !== 'done') throw new Error(`reading on threads: ${outcome}`);
    return rows;
  }
  const cleaner = eventCleanerFor(settings);
  const source = await openDecodedText(file);
  const cutter = new CsvRecordReader(',', 1 << 20);
  let skipHeader = true;
  const encode = (text: string, firstLine: number) => {
    if (text.length === 0) return;
    rows += encodeEventChunk(settings, cleaner, { cut: cutter.cut, text, firstLine, skipHeader }).rows;
    skipHeader = false;
  };
  for await (const piece of source.decoded) {
    const firstLine = cutter.nextLine;
    encode(cutter.takeRecords(piece, false), firstLine);
  }
  const firstLine = cutter.nextLine;
  encode(cutter.takeRecords('', true), firstLine);
  return rows;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** runs `work`, printing its rate in events/s beside the load average before and after */
async function measure<T>(label: string, events: number, work: () => Promise<T>): Promise<{ rate: number; value: T }> {
  const before = loadAverage();
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  const rate = events / seconds;
  console.log(
    `${label}: ${events} events in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} events/s ` +
      `(load average ${before} before, ${loadAverage()} after; peak RSS ${peakRssMb().toFixed(0)} MB)`,
  );
  return { rate, value };
}

async function demoEvents(seed: number, dir: string): Promise<string> {
  const file = path.join(dir, 'events.csv');
  if (!existsSync(file)) {
    console.log(`generating the demo (100,000 users, seed ${seed}) into ${dir}`);
    execFileSync(
      process.execPath,
      ['bin/portrait.js', 'demo', '--users', '100000', '--seed', String(seed), '--out', dir],
      { stdio: 'inherit' },
    );
  }
  return file;
}

/** records, not lines: quoted review texts hold line breaks */
async function countRecords(file: string): Promise<number> {
  const records = await openRecordFile(file);
  let count = 0;
  for await (const _ of records.lines) count += 1;
  return count;
}

/** Plain SQL doing the import's work: COPY into an UNLOGGED stage, INSERT ... ON CONFLICT into a uuid-keyed table. */
async function sqlAnchor(file: string): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query(`CREATE TABLE anchor_events (fingerprint uuid PRIMARY KEY, user_id text NOT NULL,
      item_id text, type text NOT NULL, ts timestamptz(3) NOT NULL, value double precision, text text)`);
    await client.query('CREATE INDEX ON anchor_events (user_id, ts)');
    await client.query('BEGIN');
    await client.query(`CREATE UNLOGGED TABLE anchor_stage (user_id text, item_id text, type text, ts text,
      value text, text text)`);
    await pipeline(createReadStream(file), client.query(copyFrom('COPY anchor_stage FROM STDIN (FORMAT csv, HEADER)')));
    await client.query(`INSERT INTO anchor_events
      SELECT md5(concat_ws(chr(31), user_id, item_id, type, ts, value, text))::uuid, user_id, nullif(item_id, ''),
             type, ts::timestamptz, nullif(value, '')::double precision, nullif(text, '')
      FROM anchor_stage ON CONFLICT DO NOTHING`);
    await client.query('DROP TABLE anchor_stage');
    await client.query('COMMIT');
    // measured again later in the run, beside the import into a filled dataset
    await client.query('DROP TABLE anchor_events');
  } finally {
    client.release();
  }
}

/** seconds per statement (its first words; all COPYs as one) while `statementTimes` is on */
const statementSeconds = new Map<string, number>();
let statementTimes = false;

/**
 * --statements: times every query of the pg clients, so each import can list where its time
 * went. Statements overlap (a COPY runs while the next rows are read), so the times do not add up
 * to the import's.
 */
function timeStatements(): void {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const result = query.apply(this, args);
    if (!statementTimes) return result;
    const given = args[0] as string | { text?: string } | undefined;
    const text = typeof given === 'string' ? given : (given?.text ?? 'COPY');
    const key = /^\s*COPY\b/i.test(text) ? 'COPY (all)' : text.replace(/\s+/g, ' ').trim().slice(0, 100);
    const started = performance.now();
    const done = () =>
      statementSeconds.set(key, (statementSeconds.get(key) ?? 0) + (performance.now() - started) / 1000);
    if (result instanceof Promise) result.then(done, done);
    else if (result && typeof (result as NodeJS.EventEmitter).once === 'function') {
      (result as NodeJS.EventEmitter).once('finish', done);
      (result as NodeJS.EventEmitter).once('error', done);
    }
    return result;
  };
}

function printStatements(): void {
  const slowest = [...statementSeconds.entries()].sort((a, b) => b[1] - a[1]).filter(([, seconds]) => seconds >= 0.1);
  for (const [statement, seconds] of slowest.slice(0, 12))
    console.log(`    ${seconds.toFixed(2).padStart(6)} s  ${statement}`);
  statementSeconds.clear();
}

async function importInto(datasetName: string, file: string): Promise<string> {
  statementTimes = true;
  try {
    const result = await importFiles({ datasetName, events: file });
    const batch = result.batches[0];
    if (!result.ok) throw new Error(`import failed: ${JSON.stringify(batch.errors.slice(0, 5))}`);
    return `${batch.inserted} inserted, ${batch.duplicates} duplicates`;
  } finally {
    statementTimes = false;
  }
}

async function timeQuery(label: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const rows = await run();
  console.log(`  ${label}: ${rows} rows in ${(performance.now() - started).toFixed(0)} ms`);
}

/** The pipeline's and user lookup's reads, on the partition and on an unpartitioned copy of it. */
async function readQueries(datasetName: string): Promise<void> {
  const pool = getPool();
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [datasetName]);
  const datasetId = rows[0].id;
  await pool.query('CREATE TABLE events_flat AS SELECT * FROM events WHERE dataset_id = $1', [datasetId]);
  await pool.query('ALTER TABLE events_flat ADD PRIMARY KEY (dataset_id, fingerprint)');
  await pool.query('CREATE INDEX ON events_flat (dataset_id, user_id, ts)');
  await pool.query('ANALYZE events_flat');
  const users = (
    await pool.query<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 ORDER BY user_id',
      [datasetId],
    )
  ).rows.map((row) => row.user_id);
  const sample = users.filter((_, index) => index % Math.max(1, Math.floor(users.length / 1000)) === 0);
  for (const table of ['events', 'events_flat']) {
    console.log(`reads on ${table === 'events' ? 'the dataset partition' : 'an unpartitioned copy (old layout)'}:`);
    await timeQuery('distinct users in order', async () => {
      const result = await pool.query(`SELECT DISTINCT user_id FROM ${table} WHERE dataset_id = $1 ORDER BY user_id`, [
        datasetId,
      ]);
      return result.rowCount ?? 0;
    });
    await timeQuery('every event in user order (20 user ranges)', async () => {
      let total = 0;
      const step = Math.ceil(users.length / 20);
      for (let from = 0; from < users.length; from += step) {
        const to = users[Math.min(users.length, from + step) - 1];
        const result = await pool.query({
          text: `SELECT user_id, item_id, type, round(date_part('epoch', ts) * 1000) AS ms, value, text FROM ${table}
                 WHERE dataset_id = $1 AND user_id >= $2 AND user_id <= $3 ORDER BY user_id, ts`,
          values: [datasetId, users[from], to],
          rowMode: 'array',
        });
        total += result.rowCount ?? 0;
      }
      return total;
    });
    await timeQuery(`user lookup, ${sample.length} users (count + 50 latest)`, async () => {
      let total = 0;
      for (const user of sample) {
        const result = await pool.query(
          `SELECT (SELECT count(*)::int FROM ${table} WHERE dataset_id = $1 AND user_id = $2) AS n,
             (SELECT coalesce(json_agg(e ORDER BY e.ts DESC), '[]') FROM (SELECT ts, type, item_id, value, text
                FROM ${table} WHERE dataset_id = $1 AND user_id = $2 ORDER BY ts DESC LIMIT 50) e) AS recent`,
          [datasetId, user],
        );
        total += result.rows[0].n;
      }
      return total;
    });
  }
}

async function openServer(choice: string | undefined): Promise<{ url: string; label: string; stop(): Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, label: 'BENCH_DATABASE_URL', stop: async () => {} };
  if (choice === 'local')
    return {
      url: 'postgresql://postgres@127.0.0.1:5432/postgres',
      label: 'local 127.0.0.1:5432',
      stop: async () => {},
    };
  const dataDir = path.join(os.tmpdir(), 'portrait-bench-postgres');
  const embedded = await startEmbeddedPostgres({ dataDir, port: 24_339, database: 'postgres' });
  return { url: embedded.url, label: `embedded (${dataDir}, as npm start runs it)`, stop: () => embedded.stop() };
}

async function getServerSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'wal_level', 'shared_buffers', 'max_wal_size')
       ORDER BY name`,
    );
    return rows.map((row) => `${row.name} ${row.setting}`).join(', ');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flagValue = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const flagValues = new Set(['--rows', '--filler', '--server'].map(flagValue));
  const given = args.find((arg) => !arg.startsWith('--') && !flagValues.has(arg));
  let file: string;
  let filler: string;
  if (flagValue('--rows')) {
    const rows = Number(flagValue('--rows'));
    const dir = path.join(os.tmpdir(), 'portrait-bench-ingest');
    await mkdir(dir, { recursive: true });
    file = path.join(dir, `events-${rows}-seed${seed}.csv`);
    if (!existsSync(file)) await generateEvents(file, rows);
    filler = flagValue('--filler') ?? file;
  } else {
    file = given ?? (await demoEvents(3, '/tmp/demo100k'));
    filler = flagValue('--filler') ?? (given ? file : await demoEvents(4, '/tmp/demo100k-seed4'));
  }
  const events = await countRecords(file);
  const fillerEvents = filler === file ? events : await countRecords(filler);
  const sizeMb = (await stat(file)).size / 1024 / 1024;
  console.log(`file: ${file} (${sizeMb.toFixed(1)} MB, ${events} events); filler: ${filler} (${fillerEvents} events)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()}`);

  if (args.includes('--breakdown')) {
    await measure('read + clean + encode on this thread (no database)', events, () => readAndClean(file, 0));
    const threads = importThreadCount();
    await measure(`read + clean + encode on ${threads} threads, as an import does (no database)`, events, () =>
      readAndClean(file, threads),
    );
  }

  if (args.includes('--statements')) timeStatements();
  const server = await openServer(flagValue('--server'));
  const serverUrl = server.url;
  const settings = await getServerSettings(serverUrl);
  console.log(`server: ${server.label}; ${settings}`);
  const database = `portrait_bench_ingest_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  const url = withDatabase(serverUrl, database);
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  try {
    const anchor = await measure('SQL anchor (COPY to stage, INSERT ON CONFLICT, uuid key)', events, () =>
      sqlAnchor(file),
    );
    const empty = await measure('import into an empty dataset', events, () => importInto('bench', file));
    console.log(`  ${empty.value}`);
    if (args.includes('--statements')) printStatements();
    const again = await measure('re-import (every row a duplicate)', events, () => importInto('bench', file));
    console.log(`  ${again.value}`);
    if (args.includes('--statements')) printStatements();
    const fill = await measure('filling a second dataset (empty)', fillerEvents, () => importInto('filled', filler));
    console.log(`  ${fill.value}`);
    if (args.includes('--statements')) printStatements();
    const secondAnchor = await measure('SQL anchor again, beside the next import', events, () => sqlAnchor(file));
    const filled = await measure(`import into a dataset holding ${fillerEvents} events`, events, () =>
      importInto('filled', file),
    );
    console.log(`  ${filled.value}`);
    if (args.includes('--statements')) printStatements();
    const ratio = (rate: number, against = anchor.rate) => `${(rate / against).toFixed(2)}x`;
    const perSecond = (rate: number) => `${Math.round(rate).toLocaleString('en')}/s`;
    console.log(
      `summary: empty ${perSecond(empty.rate)} (${ratio(empty.rate)} the SQL anchor's ${perSecond(anchor.rate)} before it), ` +
        `re-import ${perSecond(again.rate)} (${ratio(again.rate)}), ` +
        `filled ${perSecond(filled.rate)} (${ratio(filled.rate, secondAnchor.rate)} the anchor's ${perSecond(secondAnchor.rate)} just before it)`,
    );
    if (!args.includes('--no-reads')) await readQueries('filled');
  } finally {
    await closePools();
    if (!args.includes('--keep')) await dropDatabase(serverUrl, database);
    await server.stop();
  }
}

await main();
