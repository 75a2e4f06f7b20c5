import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { applyEventRetention, applyEventRetentionEverywhere } from './applyEventRetention';
import { datasetSettingsPatch, getDatasetSettings, updateDatasetSettings } from './datasetSettings';

afterAll(async () => {
  await closePools();
});

const events = [
  'user_id,item_id,type,ts',
  'u1,i1,view,2026-01-01T10:00:00Z',
  'u1,i2,view,2026-05-01T10:00:00Z',
  'u2,i1,view,2026-02-15T10:00:00Z',
  'u2,i2,purchase,2026-06-20T10:00:00Z',
  'u3,i1,view,2025-12-01T10:00:00Z',
].join('\n');
const now = new Date('2026-07-01T00:00:00Z');

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
    // 120 days before 1 July is 2 March: the January, February and December events go
    expect(outcome).toMatchObject({ retentionDays: 120, deleted: 3 });
    expect(outcome.cutoff?.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    const { rows } = await getPool().query<{ ts: Date }>('SELECT ts FROM events WHERE dataset_id = $1 ORDER BY ts', [
      shop.id,
    ]);
    expect(rows.map((row) => row.ts.toISOString())).toEqual(['2026-05-01T10:00:00.000Z', '2026-06-20T10:00:00.000Z']);
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
    await updateDatasetSettings('test', shop.id, { retentionDays: 30 });
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
