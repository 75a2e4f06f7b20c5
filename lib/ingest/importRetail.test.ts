import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { parseColumnMapping } from './columnMapping';
import { importFiles } from './importFiles';

// The first 50 rows of the UCI Online Retail sample (CC BY 4.0, see test/fixtures/ingest/README.md).
const retail = path.resolve(import.meta.dirname, '../../test/fixtures/ingest/online_retail_head.csv');
const mapping = parseColumnMapping(
  'user_id=CustomerID,item_id=StockCode,ts=InvoiceDate,ts_format=M/D/YYYY H:MM,type=:purchase,value=Quantity*UnitPrice,' +
    'title=Description,price=UnitPrice,attributes=Country',
);
const linesWithoutCustomer = [5, 6, 8, 13, 15, 16, 23, 27, 31, 37, 39, 40, 43, 46, 47, 50];
const rejects = tempFolder('retail');

afterAll(async () => {
  await closePools();
});

describe('importing the online retail sample through a mapping', () => {
  it('reports every row without a customer by its line and writes nothing by default', async () => {
    const name = uniqueDatasetName('retail-strict');
    const result = await importFiles({ datasetName: name, events: retail, mapping });
    expect(result.ok).toBe(false);
    const [events] = result.batches;
    expect(events.errorCount).toBe(16);
    expect(events.missing.user_id).toBe(16);
    expect(events.errors.map((error) => error.line)).toEqual(linesWithoutCustomer);
    expect(new Set(events.errors.map((error) => error.reason))).toEqual(new Set(['missing user_id']));
    expect(result.datasetId).toBeNull();
  });

  it('imports purchases, items and customers from the one file with skip-invalid', async () => {
    const name = uniqueDatasetName('retail');
    const result = await importFiles({
      datasetName: name,
      events: retail,
      items: retail,
      users: retail,
      mapping,
      skipInvalid: true,
      rejectPath: { events: rejects.path('events.rejects.csv'), users: rejects.path('users.rejects.csv') },
    });
    expect(result.ok).toBe(true);
    const [users, items, events] = result.batches;
    expect(users).toMatchObject({ kind: 'users', rowsRead: 50, inserted: 33, rejected: 16 });
    expect(items).toMatchObject({ kind: 'items', rowsRead: 50, inserted: 49, rejected: 0 });
    expect(events).toMatchObject({
      kind: 'events',
      rowsRead: 50,
      inserted: 34,
      rejected: 16,
      stubsCreated: { users: 0, items: 0 },
    });

    const pool = getPool();
    const first = await pool.query(
      `SELECT e.user_id, e.item_id, e.type, e.ts, e.value FROM events e JOIN datasets d ON d.id = e.dataset_id
       WHERE d.name = $1 AND e.user_id = '12488' AND e.item_id = '21479'`,
      [name],
    );
    expect(first.rows).toEqual([
      { user_id: '12488', item_id: '21479', type: 'purchase', ts: new Date('2011-10-31T10:42:00Z'), value: 17 },
    ]);
    const item = await pool.query(
      `SELECT i.title, i.price, i.is_stub FROM items i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = $1 AND i.item_id = '21479'`,
      [name],
    );
    expect(item.rows).toEqual([{ title: 'WHITE SKULL HOT WATER BOTTLE', price: 4.25, is_stub: false }]);
    const country = await pool.query(
      `SELECT a.kind, a.value_text FROM user_attributes a JOIN datasets d ON d.id = a.dataset_id
       WHERE d.name = $1 AND a.user_id = '12488' AND a.name = 'Country'`,
      [name],
    );
    expect(country.rows).toEqual([{ kind: 'string', value_text: 'France' }]);
  });
});
