import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/apiKeys';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { getPool } from '@/lib/db/connection';
import { getPrisma } from '@/lib/db/prisma';
import { POST } from './route';

let datasetId: number;
let otherDatasetId: number;
let key: string;
let analystCookie: string;

function post(id: number, body: string, headers: Record<string, string>, search = '') {
  return POST(new Request(`http://localhost/api/datasets/${id}/events${search}`, { method: 'POST', body, headers }), {
    params: Promise.resolve({ id: String(id) }),
  });
}

async function eventCount(id = datasetId): Promise<number> {
  const { rows } = await getPool().query('SELECT count(*)::int AS n FROM events WHERE dataset_id = $1', [id]);
  return rows[0].n;
}

describe('POST /api/datasets/:id/events', () => {
  beforeAll(async () => {
    datasetId = (await getPrisma().dataset.create({ data: { name: 'http-ingest' } })).id;
    otherDatasetId = (await getPrisma().dataset.create({ data: { name: 'http-ingest-other' } })).id;
    key = (await createApiKey(datasetId, 'shop backend')).key;
    const analyst = await createAccount('ingest-analyst@example.com', 'long enough password', 'analyst');
    analystCookie = `${sessionCookieName}=${(await createSession(analyst.id)).token}`;
  });

  const good = [
    { user_id: 'u1', item_id: 'i1', type: 'view', ts: '2026-01-01T10:00:00Z' },
    { user_id: 'u1', item_id: 'i1', type: 'purchase', ts: 1767261600, value: 20 },
  ];

  it('stores a JSON array of events sent with the dataset’s API key, once', async () => {
    const response = await post(datasetId, JSON.stringify(good), {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ ok: true, inserted: 2, received: 2 });
    const again = await post(datasetId, JSON.stringify(good), { authorization: `Bearer ${key}` });
    expect(await again.json()).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(await eventCount()).toBe(2);
  });

  it('takes NDJSON too', async () => {
    const ndjson = `{"user_id":"u2","type":"search","ts":"2026-01-02T00:00:00Z","text":"red shoes"}\n\n{"user_id":"u2","type":"view","item_id":"i9","ts":"2026-01-02T00:01:00Z"}\n`;
    const response = await post(datasetId, ndjson, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-ndjson',
    });
    expect(response.status).toBe(201);
    expect(await eventCount()).toBe(4);
  });

  it('takes one event sent as a JSON object, and refuses JSON that is neither an object nor an array', async () => {
    const one = { user_id: 'u2', type: 'view', item_id: 'i8', ts: '2026-01-02T00:02:00Z' };
    const response = await post(datasetId, JSON.stringify(one), {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ ok: true, inserted: 1, received: 1 });
    const number = await post(datasetId, '42', { authorization: `Bearer ${key}`, 'content-type': 'application/json' });
    expect(number.status).toBe(400);
    expect(await eventCount()).toBe(5);
  });

  it('rejects a batch with a bad row with 422, names the row and reason, and writes nothing', async () => {
    const batch = [...good.map((e) => ({ ...e, user_id: 'u3' })), { user_id: 'u3', type: 'view', ts: 'yesterday' }];
    const response = await post(datasetId, JSON.stringify(batch), { authorization: `Bearer ${key}` });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.details.errors[0].index).toBe(2);
    expect(body.error.details.errors[0].reason).toMatch(/timestamp/);
    expect(await eventCount()).toBe(5);
  });

  it('answers 422 naming the event dated outside 1990 .. tomorrow, and writes nothing', async () => {
    const batch = [
      { user_id: 'u4', type: 'view', ts: '2026-01-03T00:00:00Z' },
      { user_id: 'u4', type: 'view', ts: '9999-12-31' },
    ];
    const response = await post(datasetId, JSON.stringify(batch), { authorization: `Bearer ${key}` });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.message).toMatch(
      /^1 event could not be read \(event 1: timestamp "9999-12-31" is outside the accepted range/,
    );
    expect(body.error.details.errors).toEqual([
      { index: 1, reason: expect.stringContaining('PORTRAIT_TS_MAX_FUTURE_DAYS') },
    ]);
    expect(await eventCount()).toBe(5);
  });

  it('answers 400 for an event that gives a key twice, instead of keeping the last', async () => {
    const body = '[{"user_id":"u5","type":"view","ts":"2026-01-03T00:00:00Z","user_id":"u6"}]';
    const response = await post(datasetId, body, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      'The key "user_id" appears twice in one event; nothing was written',
    );
    expect(await eventCount()).toBe(5);
  });

  it('answers 401 without a key or with a bad key, 403 for another dataset’s key or an analyst', async () => {
    expect((await post(datasetId, '[]', {})).status).toBe(401);
    expect((await post(datasetId, '[]', { authorization: 'Bearer pk_nope_nope' })).status).toBe(401);
    expect((await post(otherDatasetId, JSON.stringify(good), { authorization: `Bearer ${key}` })).status).toBe(403);
    expect((await post(datasetId, JSON.stringify(good), { cookie: analystCookie })).status).toBe(403);
    expect(await eventCount(otherDatasetId)).toBe(0);
  });

  it('answers 413 beyond 10,000 events or the body size limit, and 400 for malformed JSON', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ user_id: `u${i}`, type: 'view', ts: 1767261600 + i }));
    const tooMany = await post(datasetId, JSON.stringify(many), { authorization: `Bearer ${key}` });
    expect(tooMany.status).toBe(413);
    const huge = await post(datasetId, `[${'"x",'.repeat(2_000_000)}"x"]`, { authorization: `Bearer ${key}` });
    expect(huge.status).toBe(413);
    const malformed = await post(datasetId, '[{"user_id": ', {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(await eventCount()).toBe(5);
  });
});
