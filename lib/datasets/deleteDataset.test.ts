import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { deleteDataset } from './deleteDataset';
import { ensureDataset, findDatasetId } from './ensureDataset';
import { eventPartitionName } from './eventPartition';

afterAll(async () => {
  await closePools();
});

describe('datasets', () => {
  it('creates a dataset once by name and refuses blank names', async () => {
    const name = uniqueDatasetName('ensure');
    const id = await ensureDataset(name);
    expect(await ensureDataset(` ${name} `)).toBe(id);
    expect(await findDatasetId(name)).toBe(id);
    await expect(ensureDataset('  ')).rejects.toThrow(/Invalid dataset name/);
  });

  it('deletes a dataset with its events (its partition dropped), users and items', async () => {
    const name = uniqueDatasetName('delete');
    const file = tempFolder('delete').write(
      'events.csv',
      'user_id,item_id,type,ts\nu1,i1,view,2024-01-01\nu2,i1,view,2024-01-02\n',
    );
    const { datasetId } = await importFiles({ datasetName: name, events: file });
    const partition = eventPartitionName(datasetId as number);
    const partitionExists = async () =>
      (await getPool().query('SELECT to_regclass($1) IS NOT NULL AS found', [partition])).rows[0].found;
    expect(await partitionExists()).toBe(true);
    expect(await datasetCounts(name)).toMatchObject({ events: 2, users: 2, items: 1 });
    expect(await deleteDataset(name)).toMatchObject({ name, events: 2 });
    expect(await datasetCounts(name)).toMatchObject({ exists: false });
    expect(await partitionExists()).toBe(false);
    expect(await deleteDataset(name)).toBeNull();
  });

  it("deletes a dataset's events, users and items with its row, its events in its partition and among other datasets'", async () => {
    const file = tempFolder('delete-row').write('events.csv', 'user_id,item_id,type,ts\nu1,i1,view,2024-01-01\n');
    const partitioned = (await importFiles({ datasetName: uniqueDatasetName('row'), events: file })).datasetId;
    const inDefault = await ensureDataset(uniqueDatasetName('row-default'));
    await ingestEventRecords(inDefault, [{ user_id: 'u1', type: 'view', ts: '2024-01-01' }]);
    const events = async () =>
      (
        await getPool().query<{ count: number }>(
          'SELECT count(*)::int AS count FROM events WHERE dataset_id = ANY($1::int[])',
          [[partitioned, inDefault]],
        )
      ).rows[0].count;
    const users = async () =>
      (
        await getPool().query<{ count: number }>(
          `SELECT ((SELECT count(*) FROM tracked_users WHERE dataset_id = ANY($1::int[]))
                + (SELECT count(*) FROM items WHERE dataset_id = ANY($1::int[])))::int AS count`,
          [[partitioned, inDefault]],
        )
      ).rows[0].count;
    expect(await events()).toBe(2);
    expect(await users()).toBe(3);
    await getPool().query('DELETE FROM datasets WHERE id = ANY($1::int[])', [[partitioned, inDefault]]);
    expect(await events()).toBe(0);
    expect(await users()).toBe(0);
  });
});
