import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations } from '@/lib/db/migrate';
import { datasetCounts, tempFolder } from '@/test/fixtures/ingest/tempFiles';
import { importFiles } from './importFiles';
import { ingestEventRecords } from './ingestEventRecords';

// PGlite behind its socket server breaks the connection on COPY FROM STDIN ("protocol
// synchronization was lost"), so in embedded mode the import stages rows with INSERTs.
let embedded: EmbeddedPostgres;
const serverUrl = process.env.DATABASE_URL;
const files = tempFolder('embedded');

beforeAll(async () => {
  embedded = await startEmbeddedPostgres('memory://', 56000 + (process.pid % 1000));
  await applyMigrations(embedded.url.replace(/[?&]portrait_embedded=1/, ''));
  await closePools();
  process.env.DATABASE_URL = embedded.url;
});

afterAll(async () => {
  await closePools();
  await embedded.stop();
  process.env.DATABASE_URL = serverUrl;
});

describe('importing into the embedded database', () => {
  it('imports users, items and events without COPY, keeps a repeated row, and deduplicates a re-import', async () => {
    const events = files.write(
      'events.csv',
      `user_id,item_id,type,ts,value,text\n${Array.from({ length: 12_000 }, (_, row) => `u${row % 300},i${row % 40},view,${1_700_000_000 + row},,"tab\there"`).join('\n')}\nu1,i1,view,1700000001,,"tab\there"\n`,
    );
    const result = await importFiles({
      datasetName: 'embedded',
      users: files.write('users.csv', 'user_id,age\nu1,30\nu2,41\n'),
      items: files.write('items.csv', 'item_id,title,category\ni1,Mug,Kitchen|Gifts\n'),
      events,
      chunkRows: 5_000,
    });
    expect(result.ok).toBe(true);
    expect(result.batches.map((batch) => [batch.kind, batch.inserted, batch.duplicates])).toEqual([
      ['users', 2, 0],
      ['items', 1, 0],
      ['events', 12_001, 0],
    ]);
    expect(result.batches[2].stubsCreated).toEqual({ users: 298, items: 39 });
    const again = await importFiles({ datasetName: 'embedded', events });
    expect(again.batches[0]).toMatchObject({ inserted: 0, duplicates: 12_001 });
    const text = await getPool().query(`SELECT text FROM events LIMIT 1`);
    expect(text.rows[0].text).toBe('tab\there');

    const api = await ingestEventRecords(result.datasetId as number, [{ user_id: 'new', type: 'view', ts: 1 }]);
    expect(api).toMatchObject({ ok: true, inserted: 1, stubsCreated: { users: 1, items: 0 } });
    expect(await datasetCounts('embedded')).toMatchObject({ events: 12_002, users: 301, items: 40 });
  });
});
