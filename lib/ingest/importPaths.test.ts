import { afterAll, describe, expect, it } from 'vitest';
import { deleteDataset } from '@/lib/datasets/deleteDataset';
import { ensureDataset } from '@/lib/datasets/ensureDataset';
import { closePools, getPool } from '@/lib/db/connection';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { importFiles } from './importFiles';
import { ingestEventRecords } from './ingestEventRecords';
import { readDatasetFingerprints } from './readDatasetFingerprints';

// An events file enters a dataset one of three ways (eventSink): loaded whole into an empty
// dataset, inserted into a dataset much larger than the file, or rebuilt together with the
// dataset's events when the file brings at least a quarter as many. Each must give the same
// events, count duplicates against what is there and leave other datasets alone.
const files = tempFolder('paths');
const header = 'user_id,item_id,type,ts,value,text';

afterAll(async () => {
  await closePools();
});

function eventLines(from: number, to: number): string {
  const lines: string[] = [];
  for (let row = from; row < to; row++)
    lines.push(`u${row % 7},i${row % 5},view,${1_700_000_000 + row * 60},${row % 3 === 0 ? row : ''},`);
  return lines.join('\n');
}

async function userTimeline(datasetName: string, userId: string): Promise<number[]> {
  const { rows } = await getPool().query<{ ts: Date }>(
    `SELECT e.ts FROM events e JOIN datasets d ON d.id = e.dataset_id
     WHERE d.name = $1 AND e.user_id = $2 ORDER BY e.ts`,
    [datasetName, userId],
  );
  return rows.map((row) => row.ts.getTime() / 1000);
}

/**
 * How many of the dataset's events each import batch wrote, as batch id -> count; COPY leaves dataset_id and import_id to the stage's defaults, which the
 * partition must not keep.
 */
async function eventsPerBatch(datasetName: string): Promise<Record<string, number>> {
  const { rows } = await getPool().query<{ import_id: number | null; n: number }>(
    `SELECT e.import_id, count(*)::int AS n FROM events e JOIN datasets d ON d.id = e.dataset_id
     WHERE d.name = $1 GROUP BY 1 ORDER BY 1`,
    [datasetName],
  );
  const defaults = await getPool().query(
    `SELECT c.column_name FROM information_schema.columns c JOIN datasets d ON c.table_name = 'events_d' || d.id
     WHERE d.name = $1 AND c.column_default IS NOT NULL`,
    [datasetName],
  );
  expect(defaults.rows).toEqual([]);
  return Object.fromEntries(rows.map((row) => [String(row.import_id), row.n]));
}

describe('how an events file enters a dataset', () => {
  it('loads a file into an empty dataset whole, leaving the events of other datasets as they were', async () => {
    const neighbour = uniqueDatasetName('neighbour');
    await importFiles({ datasetName: neighbour, events: files.write('n.csv', `${header}\n${eventLines(0, 30)}\n`) });
    const name = uniqueDatasetName('empty');
    const result = await importFiles({
      datasetName: name,
      events: files.write('empty.csv', `${header}\n${eventLines(0, 70)}\n`),
      chunkRows: 20,
    });
    expect(result.batches[0]).toMatchObject({ inserted: 70, duplicates: 0, stubsCreated: { users: 7, items: 5 } });
    expect(await eventsPerBatch(name)).toEqual({ [String(result.batches[0].batchId)]: 70 });
    expect(await userTimeline(name, 'u3')).toEqual(
      [3, 10, 17, 24, 31, 38, 45, 52, 59, 66].map((row) => 1_700_000_000 + row * 60),
    );
    expect(await datasetCounts(neighbour)).toMatchObject({ events: 30 });
    // autovacuum must not ask for the partition's exclusive lock to truncate it (partitionTable)
    const { rows } = await getPool().query<{ reloptions: string[] }>(
      `SELECT c.reloptions FROM pg_class c JOIN datasets d ON c.relname = 'events_d' || d.id WHERE d.name = $1`,
      [name],
    );
    expect(rows[0].reloptions).toEqual(['vacuum_truncate=false']);
  });

  it('inserts a small file into a large dataset, counting the rows it already has as duplicates', async () => {
    const name = uniqueDatasetName('small-into-large');
    const large = await importFiles({
      datasetName: name,
      events: files.write('large.csv', `${header}\n${eventLines(0, 200)}\n`),
    });
    const result = await importFiles({
      datasetName: name,
      events: files.write('small.csv', `${header}\n${eventLines(190, 210)}\n`),
      chunkRows: 8,
    });
    expect(result.batches[0]).toMatchObject({ rowsRead: 20, inserted: 10, duplicates: 10 });
    expect(await eventsPerBatch(name)).toEqual({
      [String(large.batches[0].batchId)]: 200,
      [String(result.batches[0].batchId)]: 10,
    });
    expect(await datasetCounts(name)).toMatchObject({ events: 210, batches: 2 });
  });

  it('adds the few new rows of a large file that mostly repeats the dataset', async () => {
    const name = uniqueDatasetName('mostly-repeats');
    await importFiles({ datasetName: name, events: files.write('m1.csv', `${header}\n${eventLines(0, 100)}\n`) });
    const result = await importFiles({
      datasetName: name,
      events: files.write('m2.csv', `${header}\n${eventLines(0, 103)}\n`),
    });
    expect(result.batches[0]).toMatchObject({ rowsRead: 103, inserted: 3, duplicates: 100 });
    expect(await datasetCounts(name)).toMatchObject({ events: 103 });
  });

  it('rebuilds a dataset with a file as large as it, keeping every earlier event, API ones included', async () => {
    const name = uniqueDatasetName('rebuild');
    const id = await ensureDataset(name);
    const posted = await ingestEventRecords(id, [
      { user_id: 'api', type: 'signup', ts: '2023-11-01T00:00:00Z' },
      { user_id: 'u1', item_id: 'i1', type: 'view', ts: 1_700_000_060, value: '' },
    ]);
    expect(posted).toMatchObject({ ok: true, inserted: 2 });
    const first = await importFiles({
      datasetName: name,
      events: files.write('r1.csv', `${header}\n${eventLines(0, 40)}\n`),
    });
    expect(first.batches[0]).toMatchObject({ inserted: 39, duplicates: 1 });
    const second = await importFiles({
      datasetName: name,
      events: files.write('r2.csv', `${header}\n${eventLines(30, 100)}\n`),
      chunkRows: 16,
    });
    expect(second.batches[0]).toMatchObject({ inserted: 60, duplicates: 10 });
    expect(await datasetCounts(name)).toMatchObject({ events: 101 });
    expect(await eventsPerBatch(name)).toEqual({
      [String(first.batches[0].batchId)]: 39,
      [String(second.batches[0].batchId)]: 60,
      [String(posted.batchId)]: 2,
    });
    expect(await userTimeline(name, 'api')).toEqual([Date.UTC(2023, 10, 1) / 1000]);

    const later = await ingestEventRecords(id, [{ user_id: 'api', type: 'login', ts: '2023-11-02T00:00:00Z' }]);
    expect(later).toMatchObject({ ok: true, inserted: 1 });
    expect(await datasetCounts(name)).toMatchObject({ events: 102 });
  });

  // On threads a file that large is checked against the dataset's fingerprints in this process
  // before anything is sent; counts and events must be what the SQL check gives.
  it('rebuilds from a file read on threads, leaving out the rows the dataset has, repeats counted once each', async () => {
    const name = uniqueDatasetName('rebuild-threads');
    await importFiles({ datasetName: name, events: files.write('t1.csv', `${header}\n${eventLines(0, 40)}\n`) });
    const repeated = eventLines(35, 36);
    const second = await importFiles({
      datasetName: name,
      events: files.write('t2.csv', `${header}\n${eventLines(30, 100)}\n${repeated}\n${repeated}\n`),
      chunkRows: 16,
      threads: 2,
    });
    // rows 30-39 are there; row 35's second and third copies are new events of their own
    expect(second.batches[0]).toMatchObject({ rowsRead: 72, inserted: 62, duplicates: 10 });
    expect(await datasetCounts(name)).toMatchObject({ events: 102 });
    expect(Object.values(await eventsPerBatch(name))).toEqual([40, 62]);
    expect(await userTimeline(name, 'u0')).toEqual(
      [0, 7, 14, 21, 28, 35, 35, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98].map((row) => 1_700_000_000 + row * 60),
    );

    const again = await importFiles({
      datasetName: name,
      events: files.write('t3.csv', `${header}\n${eventLines(0, 100)}\n`),
      threads: 2,
    });
    expect(again.batches[0]).toMatchObject({ rowsRead: 100, inserted: 0, duplicates: 100 });
    const few = await importFiles({
      datasetName: name,
      events: files.write('t4.csv', `${header}\n${eventLines(0, 104)}\n`),
      threads: 2,
    });
    expect(few.batches[0]).toMatchObject({ rowsRead: 104, inserted: 4, duplicates: 100 });
    expect(await datasetCounts(name)).toMatchObject({ events: 106, batches: 4 });
  });

  it('moves events posted over the API into the partition a file read on threads makes', async () => {
    const name = uniqueDatasetName('api-then-threads');
    const id = await ensureDataset(name);
    const posted = await ingestEventRecords(id, [
      { user_id: 'api', type: 'signup', ts: '2023-11-01T00:00:00Z' },
      { user_id: 'u1', item_id: 'i1', type: 'view', ts: 1_700_000_060, value: '' },
    ]);
    expect(posted).toMatchObject({ ok: true, inserted: 2 });
    const result = await importFiles({
      datasetName: name,
      events: files.write('a1.csv', `${header}\n${eventLines(0, 30)}\n`),
      chunkRows: 8,
      threads: 2,
    });
    expect(result.batches[0]).toMatchObject({ inserted: 29, duplicates: 1 });
    expect(await datasetCounts(name)).toMatchObject({ events: 31 });
    expect(await userTimeline(name, 'api')).toEqual([Date.UTC(2023, 10, 1) / 1000]);
    const { rows } = await getPool().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events_default WHERE dataset_id = $1',
      [id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('leaves a dataset as it was when a file read on threads and checked here has a bad row', async () => {
    const name = uniqueDatasetName('threads-bad');
    await importFiles({ datasetName: name, events: files.write('b1.csv', `${header}\n${eventLines(0, 40)}\n`) });
    const before = await datasetCounts(name);
    const bad = `${header}\n${eventLines(20, 60)}\nu1,i1,view,yesterday,,\n${eventLines(60, 90)}\n`;
    const result = await importFiles({
      datasetName: name,
      events: files.write('b2.csv', bad),
      chunkRows: 16,
      threads: 2,
    });
    expect(result.ok).toBe(false);
    expect(result.batches[0].errors[0]).toMatchObject({ line: 42 });
    expect(await datasetCounts(name)).toEqual(before);
    const { rows } = await getPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'import_stage_%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('reads every fingerprint of a dataset, wherever its events are kept', async () => {
    const name = uniqueDatasetName('fingerprints');
    const id = await ensureDataset(name);
    await ingestEventRecords(id, [{ user_id: 'api', type: 'signup', ts: '2023-11-01T00:00:00Z' }]);
    await importFiles({ datasetName: name, events: files.write('f.csv', `${header}\n${eventLines(0, 3000)}\n`) });
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      const known = await readDatasetFingerprints(client, id, 16);
      const { rows } = await client.query<{ fingerprint: string }>(
        'SELECT fingerprint::text FROM events WHERE dataset_id = $1',
        [id],
      );
      expect(rows).toHaveLength(3001);
      const words = (hex: string) => {
        const bytes = Buffer.from(hex.replaceAll('-', ''), 'hex');
        return [0, 4, 8, 12].map((at) => bytes.readInt32LE(at)) as [number, number, number, number];
      };
      expect(rows.every((row) => known.has(...words(row.fingerprint)))).toBe(true);
      expect(known.has(1, 2, 3, 4)).toBe(false);
      const other = await readDatasetFingerprints(client, await ensureDataset(uniqueDatasetName('none')), 16);
      expect(other.has(...words(rows[0].fingerprint))).toBe(false);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('deletes the events of a deleted dataset, whichever way they came in', async () => {
    const name = uniqueDatasetName('deleted');
    await importFiles({ datasetName: name, events: files.write('d.csv', `${header}\n${eventLines(0, 25)}\n`) });
    const deleted = await deleteDataset(name);
    expect(deleted).toMatchObject({ events: 25 });
    const { rows } = await getPool().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE dataset_id = $1',
      [deleted?.id],
    );
    expect(rows[0].n).toBe(0);
  });
});
