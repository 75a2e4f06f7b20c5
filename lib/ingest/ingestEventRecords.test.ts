import { afterAll, describe, expect, it } from 'vitest';
import { ensureDataset } from '@/lib/datasets/ensureDataset';
import { closePools } from '@/lib/db/connection';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { datasetCounts, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { IngestRequestError, ingestEventRecords } from './ingestEventRecords';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST } from './limits';

afterAll(async () => {
  await closePools();
});

async function freshDataset(): Promise<{ id: number; name: string }> {
  const name = uniqueDatasetName('api');
  return { id: await ensureDataset(name), name };
}

describe('ingestEventRecords', () => {
  it('inserts a JSON array of events with stubs, identical ones as repeats, and a repeated request adds nothing', async () => {
    const { id, name } = await freshDataset();
    const events = [
      { user_id: 'u1', item_id: 'i1', type: 'View', ts: '2024-01-01T10:00:00Z' },
      { user_id: 'u1', item_id: 'i1', type: 'view', ts: 1704103200 },
      { user_id: 'u2', type: 'purchase', ts: 1704103200000, value: 9.5, text: 'thanks' },
    ];
    const result = await ingestEventRecords(id, events);
    expect(result).toMatchObject({
      ok: true,
      received: 3,
      inserted: 3,
      duplicates: 0,
      rejected: 0,
      stubsCreated: { users: 2, items: 1 },
    });
    expect(result.batchId).toEqual(expect.any(Number));
    const again = await ingestEventRecords(id, events);
    expect(again).toMatchObject({ ok: true, inserted: 0, duplicates: 3, stubsCreated: { users: 0, items: 0 } });
    expect(await datasetCounts(name)).toMatchObject({ events: 3, users: 2, items: 1 });
  });

  it('takes concurrent requests of the same events, listed in different orders, without a deadlock', async () => {
    const { id, name } = await freshDataset();
    const random = createSeededRandom(7);
    const shuffled = <T>(list: T[]) => {
      const order = [...list];
      for (let at = order.length - 1; at > 0; at--) {
        const other = Math.floor(random.next() * (at + 1));
        [order[at], order[other]] = [order[other], order[at]];
      }
      return order;
    };
    for (let round = 0; round < 8; round++) {
      // new events each round, three users at one moment: the unique (user_id, ts, fingerprint)
      // orders each user's events by fingerprint alone
      const events = Array.from({ length: 300 }, (_, row) => ({
        user_id: `u${row % 3}`,
        item_id: `i${row}`,
        type: 'view',
        ts: 1_704_103_200 + round,
      }));
      const results = await Promise.all(Array.from({ length: 6 }, () => ingestEventRecords(id, shuffled(events))));
      expect(results.every((result) => result.ok)).toBe(true);
      expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(300);
    }
    expect(await datasetCounts(name)).toMatchObject({ events: 2400, users: 3 });
  });

  it('reports each invalid event by its index and inserts nothing by default', async () => {
    const { id, name } = await freshDataset();
    const result = await ingestEventRecords(id, [
      { user_id: 'u1', type: 'view', ts: '2024-01-01' },
      { user_id: 'u1', type: 'view', ts: 'soon' },
      'not an event',
      { user_id: '', type: 'view', ts: '2024-01-01' },
      { user_id: 'u1', type: 'view', ts: '2024-01-01', value: 'ten' },
      { user_id: { id: 1 }, type: 'view', ts: '2024-01-01' },
    ]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { index: 1, reason: 'bad timestamp "soon" (expected ISO 8601 or epoch seconds/ms)' },
      { index: 2, reason: 'not a JSON object' },
      { index: 3, reason: 'missing user_id' },
      { index: 4, reason: 'value "ten" is not a number' },
      { index: 5, reason: 'field "user_id" holds an object, not a value' },
    ]);
    expect(result.inserted).toBe(0);
    expect(await datasetCounts(name)).toMatchObject({ events: 0, batches: 0 });
  });

  it('inserts the valid events of an NDJSON body with skipInvalid', async () => {
    const { id, name } = await freshDataset();
    const body =
      '{"user_id":"u1","type":"view","ts":1704103200}\n\n{"user_id":"u2",\n{"user_id":"u3","type":"view","ts":1704103260}\n';
    const result = await ingestEventRecords(id, body, { skipInvalid: true });
    expect(result).toMatchObject({ ok: true, received: 3, inserted: 2, rejected: 1 });
    expect(result.errors[0].index).toBe(1);
    expect(result.errors[0].reason).toContain('malformed JSON');
    expect(await datasetCounts(name)).toMatchObject({ events: 2 });
  });

  it('refuses too many events, too large a body, an unknown dataset and a body that is not a list', async () => {
    const { id } = await freshDataset();
    const tooMany = Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, () => ({
      user_id: 'u',
      type: 'view',
      ts: 1704103200,
    }));
    await expect(ingestEventRecords(id, tooMany)).rejects.toMatchObject({ status: 413, code: 'too_large' });
    await expect(ingestEventRecords(id, ' '.repeat(MAX_BODY_BYTES + 1))).rejects.toMatchObject({ status: 413 });
    await expect(ingestEventRecords(2_000_000_000, [])).rejects.toMatchObject({ status: 404 });
    await expect(ingestEventRecords(id, { events: [] } as unknown as unknown[])).rejects.toBeInstanceOf(
      IngestRequestError,
    );
    await expect(ingestEventRecords(id, '[1, 2')).rejects.toMatchObject({ status: 400 });
  });
});
