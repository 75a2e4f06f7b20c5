/**
 * Import throughput: generates an events CSV (2,000,000 rows by default, seeded) or takes a
 * path, imports it into a fresh dataset in a fresh database, then imports it again (every row a
 * duplicate). Prints events/s and the process's peak RSS.
 *
 *   npm run bench:ingest -- [file.csv] [--rows N] [--breakdown] [--without-events-fk] [--keep]
 *
 * The server is BENCH_DATABASE_URL, else the local Postgres on 127.0.0.1:5432.
 * --breakdown also times reading and cleaning alone (no database), to show where time goes.
 * --without-events-fk drops the events -> datasets foreign key in the bench database first, to
 * measure what its per-row check costs (the product's schema keeps it).
 */

import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { closePools, getPool } from '@/lib/db/connection';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';
import { cleanEventRow } from '@/lib/ingest/cleanEventRow';
import { resolveFields } from '@/lib/ingest/fieldSource';
import { importFiles } from '@/lib/ingest/importFiles';
import { readTimestampWindow } from '@/lib/ingest/limits';
import { openRecordFile } from '@/lib/ingest/openRecordFile';
import { parseTimestamp } from '@/lib/ingest/parseTimestamp';

const seed = 20_240_101;

function mulberry32(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reviewTexts = [
  '"Great, would buy again"',
  'Too small',
  '"Arrived late, but ""fine"""',
  'Love it',
  'Not as described',
];

async function generateEvents(file: string, rows: number): Promise<void> {
  const random = mulberry32(seed);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  out.write('user_id,item_id,type,ts,value,text\n');
  const start = Date.UTC(2024, 0, 1);
  const year = 365 * 24 * 3600 * 1000;
  let buffer = '';
  for (let row = 0; row < rows; row++) {
    const user = Math.floor(random() ** 2 * 100_000);
    const item = Math.floor(random() ** 3 * 20_000);
    const draw = random();
    const type = draw < 0.7 ? 'view' : draw < 0.85 ? 'add_to_cart' : draw < 0.97 ? 'purchase' : 'review';
    const ts = new Date(start + Math.floor(random() * year)).toISOString();
    const value = type === 'purchase' ? (5 + Math.floor(random() * 9500) / 100).toFixed(2) : '';
    const text = type === 'review' ? reviewTexts[Math.floor(random() * reviewTexts.length)] : '';
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

async function readAndClean(file: string): Promise<number> {
  const records = await openRecordFile(file);
  const cleaner = {
    reader: resolveFields('events', undefined, records.header).reader,
    parseTs: parseTimestamp,
    tsFormatLabel: 'ISO',
    tsWindow: readTimestampWindow(),
    missing: {},
  };
  let rows = 0;
  for await (const item of records.lines) {
    if ('record' in item) cleanEventRow(cleaner, item.record);
    rows += 1;
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rowsFlag = args.indexOf('--rows');
  const rows = rowsFlag >= 0 ? Number(args[rowsFlag + 1]) : 2_000_000;
  const given = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--rows');
  let file = given;
  if (!file) {
    const dir = path.join(os.tmpdir(), 'portrait-bench-ingest');
    await mkdir(dir, { recursive: true });
    file = path.join(dir, `events-${rows}-seed${seed}.csv`);
    if (!existsSync(file)) {
      const started = performance.now();
      await generateEvents(file, rows);
      console.log(`generated ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const sizeMb = (await stat(file)).size / 1024 / 1024;
  console.log(`file: ${file} (${sizeMb.toFixed(1)} MB)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`);

  if (args.includes('--breakdown')) {
    const started = performance.now();
    const read = await readAndClean(file);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `read + clean only (no database): ${read} rows in ${seconds.toFixed(1)} s = ${Math.round(read / seconds)} rows/s`,
    );
  }

  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `portrait_bench_ingest_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  const url = withDatabase(serverUrl, database);
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  if (args.includes('--without-events-fk')) {
    await getPool().query('ALTER TABLE events DROP CONSTRAINT events_dataset_id_fkey');
    console.log('events -> datasets foreign key dropped in the bench database');
  }
  try {
    let lastShown = 0;
    const started = performance.now();
    const first = await importFiles({
      datasetName: 'bench',
      events: file,
      onProgress(bytesRead, totalBytes, rowsSoFar) {
        const share = bytesRead / totalBytes;
        if (share - lastShown >= 0.2) {
          lastShown = share;
          console.log(
            `  ${Math.round(share * 100)}% read, ${rowsSoFar} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const batch = first.batches[0];
    if (!first.ok) throw new Error(`import failed: ${JSON.stringify(batch.errors.slice(0, 5))}`);
    console.log(
      `import: ${batch.rowsRead} rows, ${batch.inserted} inserted, ${batch.duplicates} duplicates, ` +
        `${batch.stubsCreated.users} stub users, ${batch.stubsCreated.items} stub items in ${seconds.toFixed(1)} s ` +
        `= ${Math.round(batch.rowsRead / seconds)} events/s; peak RSS ${peakRssMb().toFixed(0)} MB`,
    );

    const againStarted = performance.now();
    const again = await importFiles({ datasetName: 'bench', events: file });
    const againSeconds = (performance.now() - againStarted) / 1000;
    const againBatch = again.batches[0];
    console.log(
      `re-import: ${againBatch.inserted} inserted, ${againBatch.duplicates} duplicates in ${againSeconds.toFixed(1)} s ` +
        `= ${Math.round(againBatch.rowsRead / againSeconds)} events/s; peak RSS ${peakRssMb().toFixed(0)} MB`,
    );
  } finally {
    await closePools();
    if (!args.includes('--keep')) await dropDatabase(serverUrl, database);
  }
}

await main();
