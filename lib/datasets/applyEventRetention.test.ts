import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { applyEventRetention, applyEventRetentionEverywhere } from './applyEventRetention';
import { datasetSettingsPatch, getDatasetSettings, updateDatasetSettings } from './datasetSettings';

afterAll(async () => {
  await closePools();
});

// Dated from the real clock, so a worker's hourly pass (which uses it) agrees with these tests.
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const events = [
  'user_id,item_id,type,ts',
  `u1,i1,view,${daysAgo(300)}`,
  `u1,i2,view,${daysAgo(60)}`,
  `u2,i1,view,${daysAgo(200)}`,
  `u2,i2,purchase,${daysAgo(10)}`,
  `u3,i1,view,${daysAgo(400)}`,
].join('\n');

async function importShop(label: string): Promise<{ name: string; id: number }> {
  const name = uniqueDatasetName(label);
  const file = tempFolder(label).write('events.csv', `${events}\n`);
  const { datasetId } = await importFiles({ datasetName: name, events: file });
  return { name, id: datasetId as number };
}

describe('event retention', () => {
  it('deletes only the events older than the retention, of that dataset only, and audits it', async () => {
    const shop = await importShop('retention');
    const other = await importShop('retention-other');
    const view = await updateDatasetSettings('test', shop.id, { retentionDays: 120 });
    expect(view.retentionDays).toBe(120);

    const outcome = await applyEventRetention(shop.id, { now, actor: 'test' });
    expect(outcome).toMatchObject({ retentionDays: 120, deleted: 3 });
    expect(outcome.cutoff?.toISOString()).toBe(daysAgo(120));
    const { rows } = await getPool().query<{ ts: Date }>('SELECT ts FROM events WHERE dataset_id = $1 ORDER BY ts', [
      shop.id,
    ]);
    expect(rows.map((row) => row.ts.toISOString())).toEqual([daysAgo(60), daysAgo(10)]);
    // users stay: retention is about events
    expect(await datasetCounts(shop.name)).toMatchObject({ events: 2, users: 3 });
    expect(await datasetCounts(other.name)).toMatchObject({ events: 5 });
    const audit = await getPool().query<{ actor: string; detail: { deleted: number } }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'events.retention' AND target = $1",
      [`dataset:${shop.id}`],
    );
    expect(audit.rows).toEqual([
      { actor: 'test', detail: expect.objectContaining({ deleted: 3, retentionDays: 120 }) },
    ]);

    // applying again deletes nothing more; a worker's pass over every dataset leaves the other one alone
    expect((await applyEventRetention(shop.id, { now })).deleted).toBe(0);
    const everywhere = await applyEventRetentionEverywhere(now);
    expect(everywhere.find((o) => o.datasetId === other.id)).toBeUndefined();
    expect(await datasetCounts(other.name)).toMatchObject({ events: 5 });
  });

  it('keeps every event without a retention, and after it is cleared with null', async () => {
    const shop = await importShop('retention-none');
    expect((await getDatasetSettings(shop.id)).retentionDays).toBeNull();
    expect(await applyEventRetention(shop.id, { now })).toMatchObject({
      retentionDays: null,
      cutoff: null,
      deleted: 0,
    });
    await updateDatasetSettings('test', shop.id, { retentionDays: 1000 });
    await updateDatasetSettings('test', shop.id, { retentionDays: null });
    expect((await applyEventRetention(shop.id, { now })).deleted).toBe(0);
    expect(await datasetCounts(shop.name)).toMatchObject({ events: 5 });
  });

  it('refuses a retention that is not a whole number of days from 1 to 36,500', () => {
    for (const retentionDays of [0, -5, 1.5, '30', 40_000])
      expect(datasetSettingsPatch.safeParse({ retentionDays }).success).toBe(false);
    expect(datasetSettingsPatch.safeParse({ retentionDays: 365 }).success).toBe(true);
  });
});
