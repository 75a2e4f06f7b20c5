import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { parseColumnMapping } from './columnMapping';
import { importFiles } from './importFiles';
import { ingestEventRecords } from './ingestEventRecords';

const files = tempFolder('repeats');

afterAll(async () => {
  await closePools();
});

const groceryMapping = parseColumnMapping(
  'user_id=Member_number,item_id=itemDescription,ts=Date,ts_format=DD-MM-YYYY,type=:purchase',
);

async function eventsOf(datasetName: string, userId: string, itemId: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events e JOIN datasets d ON d.id = e.dataset_id
     WHERE d.name = $1 AND e.user_id = $2 AND e.item_id = $3`,
    [datasetName, userId, itemId],
  );
  return rows[0].n;
}

describe('repeat events', () => {
  it("keeps a member's two purchases of one item on one day in a date-only file, and a re-import adds nothing", async () => {
    const name = uniqueDatasetName('grocery');
    const baskets = files.write(
      'groceries.csv',
      'Member_number,Date,itemDescription\n1808,21-07-2015,tropical fruit\n2552,05-01-2015,whole milk\n' +
        '1808,21-07-2015,tropical fruit\n1808,21-07-2015,whole milk\n',
    );
    const first = await importFiles({ datasetName: name, events: baskets, mapping: groceryMapping });
    expect(first.batches[0]).toMatchObject({ rowsRead: 4, inserted: 4, duplicates: 0 });
    expect(await eventsOf(name, '1808', 'tropical fruit')).toBe(2);

    const again = await importFiles({ datasetName: name, events: baskets, mapping: groceryMapping });
    expect(again.batches[0]).toMatchObject({ rowsRead: 4, inserted: 0, duplicates: 4 });
    expect(await datasetCounts(name)).toMatchObject({ events: 4, users: 2, items: 2 });
  });

  it('adds only the new rows of a longer export of the same log, a third repeat included', async () => {
    const name = uniqueDatasetName('grocery-longer');
    const header = 'Member_number,Date,itemDescription\n';
    const week = '1808,21-07-2015,yogurt\n1808,21-07-2015,yogurt\n3001,22-07-2015,rolls/buns\n';
    await importFiles({ datasetName: name, events: files.write('week.csv', header + week), mapping: groceryMapping });
    const month = files.write('month.csv', `${header}${week}1808,21-07-2015,yogurt\n3001,29-07-2015,rolls/buns\n`);
    const result = await importFiles({ datasetName: name, events: month, mapping: groceryMapping });
    expect(result.batches[0]).toMatchObject({ rowsRead: 5, inserted: 2, duplicates: 3 });
    expect(await eventsOf(name, '1808', 'yogurt')).toBe(3);
  });

  it('keeps identical events within one API request and treats the same event in a later request as a duplicate', async () => {
    const name = uniqueDatasetName('grocery-api');
    const { datasetId } = await importFiles({
      datasetName: name,
      events: files.write('seed.csv', 'user_id,type,ts\nseed,view,2015-07-01\n'),
    });
    const purchase = { user_id: '1808', item_id: 'tropical fruit', type: 'purchase', ts: '2015-07-21' };
    const first = await ingestEventRecords(datasetId as number, [purchase, purchase]);
    expect(first).toMatchObject({ ok: true, inserted: 2, duplicates: 0 });
    const later = await ingestEventRecords(datasetId as number, [purchase]);
    expect(later).toMatchObject({ ok: true, inserted: 0, duplicates: 1 });
    expect(await eventsOf(name, '1808', 'tropical fruit')).toBe(2);
  });

  it("stores the fingerprints a request of the same events would, so posting a file's events again adds nothing", async () => {
    const name = uniqueDatasetName('fingerprints');
    const csv = files.write(
      'mixed.csv',
      'user_id,item_id,type,ts,value,text\nü-1,sku-1,Purchase,2024-03-01T12:30:05.250+02:00,12.5,"Grüße, 😀"\n' +
        'u2,,view,1709290000,,\nu2,,view,1709290000,,\n',
    );
    const { datasetId } = await importFiles({ datasetName: name, events: csv });
    const again = await ingestEventRecords(datasetId as number, [
      {
        user_id: 'ü-1',
        item_id: 'sku-1',
        type: 'Purchase',
        ts: '2024-03-01T12:30:05.250+02:00',
        value: 12.5,
        text: 'Grüße, 😀',
      },
      { user_id: 'u2', type: 'view', ts: 1709290000 },
      { user_id: 'u2', type: 'view', ts: 1709290000 },
    ]);
    expect(again).toMatchObject({ ok: true, inserted: 0, duplicates: 3 });
  });
});
