import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpDatasetRevision } from '@/lib/datasets/bumpDatasetRevision';
import { updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { getPool } from '@/lib/db/connection';
import { eraseTrackedUser } from '@/lib/privacy/eraseTrackedUser';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { GET as getMap } from './[id]/map/route';
import { GET as getOverview } from './[id]/overview/route';
import { GET as getRuns } from './[id]/runs/route';
import { GET as getSegment } from './[id]/segments/[index]/route';
import { GET as getSegmentUsers } from './[id]/segments/[index]/users/route';
import { GET as getSegments } from './[id]/segments/route';
import { GET as getRecommendations } from './[id]/users/[userId]/recommendations/route';
import { GET as getUser } from './[id]/users/[userId]/route';
import { GET as searchUsers } from './[id]/users/route';
import { GET as getDatasets } from './route';

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Response bodies are checked field by field below, so they are typed loosely.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Body = any;

async function call(
  handler: Handler,
  path: string,
  params: Record<string, string> = {},
): Promise<{ status: number; body: Body }> {
  const response = await handler(new Request(`http://localhost${path}`), { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

let seeded: SeededDataset;
let untrainedId: number;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
  seeded = await seedDatasetWithRun({ users: 300, previousRun: true, eventsAfterCutoff: 12, seed: 11 });
  const { rows } = await getPool().query<{ id: number }>(`INSERT INTO datasets (name) VALUES ($1) RETURNING id`, [
    `untrained_${Date.now().toString(36)}`,
  ]);
  untrainedId = rows[0].id;
});

afterAll(() => {
  if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
});

describe('access', () => {
  it('answers 401 in the one error shape when nobody is signed in', async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
    try {
      const { status, body } = await call(getDatasets, '/api/datasets');
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
      expect(typeof body.error.message).toBe('string');
    } finally {
      process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    }
  });

  it('does not admit the demo login from a non-local host', async () => {
    const response = await getDatasets(new Request('http://portrait.example.com/api/datasets'));
    expect(response.status).toBe(401);
  });
});

describe('GET /api/datasets', () => {
  it('lists the seeded dataset with its counts, date range and active run', async () => {
    const { status, body } = await call(getDatasets, '/api/datasets');
    expect(status).toBe(200);
    const dataset = body.datasets.find((d: { id: number }) => d.id === seeded.datasetId);
    expect(dataset.counts).toEqual({ users: 300, items: seeded.itemCount, events: seeded.eventCount });
    expect(dataset.activeRun.id).toBe(seeded.runId);
    expect(dataset.activeRun.k).toBe(5);
    expect(dataset.activeRun.silhouette).toBeCloseTo(0.42, 3);
    expect(dataset.activeRun.durationMs).toBe(42_000);
    expect(dataset.activeRun.eventsUpTo).toBe(seeded.eventsUpTo.toISOString());
    expect(new Date(dataset.eventRange.last).getTime()).toBeGreaterThan(seeded.eventsUpTo.getTime());
    const untrained = body.datasets.find((d: { id: number }) => d.id === untrainedId);
    expect(untrained.activeRun).toBeNull();
    expect(untrained.counts.events).toBe(0);
  });
});

describe('GET /api/datasets/[id]/overview', () => {
  it('shows segment sizes without the segment under the size floor, and counts it apart', async () => {
    const { status, body } = await call(getOverview, `/api/datasets/${seeded.datasetId}/overview`, {
      id: String(seeded.datasetId),
    });
    expect(status).toBe(200);
    const shown = seeded.segments.filter((s) => !s.belowFloor);
    expect(body.segments.map((s: { name: string }) => s.name).sort()).toEqual(shown.map((s) => s.name).sort());
    expect(body.segments[0].size).toBe(Math.max(...shown.map((s) => s.size)));
    expect(body.hiddenSegments).toEqual({ count: 1, users: 5 });
    expect(body.profiledUsers).toBe(300);
  });

  it('flags the run stale and counts the events that arrived after its cut-off', async () => {
    const { body } = await call(getOverview, `/api/datasets/${seeded.datasetId}/overview`, {
      id: String(seeded.datasetId),
    });
    expect(body.freshness.stale).toBe(true);
    expect(body.freshness.eventsAfterCutoff).toBe(12);
    expect(body.freshness.reasons[0]).toMatch(/^12 events arrived after/);
  });

  it('answers an untrained dataset with its counts and no run', async () => {
    const { status, body } = await call(getOverview, `/api/datasets/${untrainedId}/overview`, {
      id: String(untrainedId),
    });
    expect(status).toBe(200);
    expect(body.activeRun).toBeNull();
    expect(body.segments).toEqual([]);
    expect(body.freshness.stale).toBe(false);
  });

  it('answers 404 for a dataset that does not exist and 400 for a bad id', async () => {
    expect((await call(getOverview, '/api/datasets/999999/overview', { id: '999999' })).status).toBe(404);
    const bad = await call(getOverview, '/api/datasets/abc/overview', { id: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^params\.id/);
  });
});

describe('GET /api/datasets/[id]/segments', () => {
  it('returns persona cards for shown segments only, largest first', async () => {
    const { status, body } = await call(getSegments, `/api/datasets/${seeded.datasetId}/segments`, {
      id: String(seeded.datasetId),
    });
    expect(status).toBe(200);
    expect(body.runId).toBe(seeded.runId);
    expect(body.segments).toHaveLength(4);
    expect(body.segments.map((s: { name: string }) => s.name)).not.toContain('Tiny group');
    const sizes = body.segments.map((s: { size: number }) => s.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    const camera = body.segments.find((s: { name: string }) => s.name === 'Camera enthusiasts');
    expect(camera.persona.topCategories[0].name).toBe('Cameras');
    expect(camera.persona.traits.length).toBeGreaterThanOrEqual(3);
    expect(camera.persona.activity).toHaveLength(12);
    expect(camera.persona).not.toHaveProperty('representativeUsers');
  });

  it('says how to train when the dataset has no run', async () => {
    const { status, body } = await call(getSegments, `/api/datasets/${untrainedId}/segments`, {
      id: String(untrainedId),
    });
    expect(status).toBe(404);
    expect(body.error.details.reason).toBe('not_trained');
    expect(body.error.message).toContain('npx portrait train --dataset');
  });

  it('reads an older run when runId is given', async () => {
    const { body } = await call(
      getSegments,
      `/api/datasets/${seeded.datasetId}/segments?runId=${seeded.previousRunId}`,
      {
        id: String(seeded.datasetId),
      },
    );
    expect(body.runId).toBe(seeded.previousRunId);
  });
});

describe('GET /api/datasets/[id]/segments/[index]', () => {
  it('returns the full persona and feature differences ordered by their size', async () => {
    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts');
    const { status, body } = await call(getSegment, `/api/datasets/${seeded.datasetId}/segments/${camera?.index}`, {
      id: String(seeded.datasetId),
      index: String(camera?.index),
    });
    expect(status).toBe(200);
    expect(body.persona.representativeUsers).toHaveLength(5);
    const zs = body.features.map((f: { z: number }) => Math.abs(f.z));
    expect([...zs].sort((a, b) => b - a)).toEqual(zs);
    const spend = body.features.find((f: { feature: string }) => f.feature === 'avg_order_value');
    expect(spend.label).toBe('Spend per order');
    expect(spend.z).toBeGreaterThan(1);
    expect(spend.segmentMean).toBeGreaterThan(spend.populationMean);
    expect(body.features.find((f: { feature: string }) => f.feature === 'has_reviewed')).toBeDefined();
    expect(body.targets.map((t: { target: string }) => t.target)).toEqual(['churn', 'propensity:Cameras']);
  });

  it('leaves sensitive attributes out of the persona', async () => {
    const { body } = await call(getSegment, `/api/datasets/${seeded.datasetId}/segments/0`, {
      id: String(seeded.datasetId),
      index: '0',
    });
    expect(Object.keys(body.persona.attributes)).toEqual(['age_band']);
  });

  it('drops the sentence about an attribute marked sensitive after training from the description', async () => {
    const pool = getPool();
    const { rows } = await pool.query<{ description: string }>(
      'SELECT description FROM segments WHERE run_id = $1 AND index = 0',
      [seeded.runId],
    );
    const original = rows[0].description;
    await pool.query('UPDATE segments SET description = $1 WHERE run_id = $2 AND index = 0', [
      `${original} 41.0% have Religion buddhist (vs 12.5% overall).`,
      seeded.runId,
    ]);
    await bumpDatasetRevision(pool, seeded.datasetId);
    try {
      const detail = await call(getSegment, `/x`, { id: String(seeded.datasetId), index: '0' });
      expect(detail.body.description).toBe(original);
      const list = await call(getSegments, `/x`, { id: String(seeded.datasetId) });
      const card = list.body.segments.find((segment: { index: number }) => segment.index === 0);
      expect(card.description).toBe(original);
    } finally {
      await pool.query('UPDATE segments SET description = $1 WHERE run_id = $2 AND index = 0', [
        original,
        seeded.runId,
      ]);
      await bumpDatasetRevision(pool, seeded.datasetId);
    }
  });

  it('answers a segment under the size floor exactly like a missing one', async () => {
    const hidden = await call(getSegment, `/x`, {
      id: String(seeded.datasetId),
      index: String(seeded.hiddenSegmentIndex),
    });
    const missing = await call(getSegment, `/x`, { id: String(seeded.datasetId), index: '77' });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.message.replace(/\d+/, 'N')).toBe(missing.body.error.message.replace(/\d+/, 'N'));
  });
});

describe('GET /api/datasets/[id]/segments/[index]/users', () => {
  const lapsed = () => seeded.segments.find((s) => s.name === 'Lapsed shoppers') as { index: number; size: number };

  it('pages the users of a segment nearest the centre first', async () => {
    const { index, size } = lapsed();
    const first = await call(getSegmentUsers, `/x?page=1&pageSize=20`, {
      id: String(seeded.datasetId),
      index: String(index),
    });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(size);
    expect(first.body.rows).toHaveLength(20);
    const distances = first.body.rows.map((r: { distance: number }) => r.distance);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    const last = await call(getSegmentUsers, `/x?page=${Math.ceil(size / 20)}&pageSize=20`, {
      id: String(seeded.datasetId),
      index: String(index),
    });
    expect(last.body.rows).toHaveLength(size - 20 * (Math.ceil(size / 20) - 1));
    for (const row of [...first.body.rows, ...last.body.rows]) expect(seeded.segmentOf.get(row.userId)).toBe(index);
  });

  it('sorts by churn score, highest first', async () => {
    const { index } = lapsed();
    const { body } = await call(getSegmentUsers, `/x?sort=churn&pageSize=50`, {
      id: String(seeded.datasetId),
      index: String(index),
    });
    const churn = body.rows.map((r: { churn: number }) => r.churn);
    expect(churn.every((value: number) => typeof value === 'number')).toBe(true);
    expect([...churn].sort((a, b) => b - a)).toEqual(churn);
  });

  it('caps the page size at 200', async () => {
    const { status, body } = await call(getSegmentUsers, `/x?pageSize=201`, {
      id: String(seeded.datasetId),
      index: '0',
    });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^query\.pageSize/);
  });
});

describe('GET /api/datasets/[id]/map', () => {
  it('returns the same sample of points on every call, with the total for the note', async () => {
    const a = await call(getMap, `/x?limit=100`, { id: String(seeded.datasetId) });
    const b = await call(getMap, `/x?limit=100`, { id: String(seeded.datasetId) });
    expect(a.status).toBe(200);
    expect(a.body.total).toBe(300);
    expect(a.body.userId).toHaveLength(100);
    expect(a.body.x).toHaveLength(100);
    expect(b.body.userId).toEqual(a.body.userId);
  });

  it('marks users of hidden segments as null and never names the hidden index', async () => {
    const { body } = await call(getMap, `/x`, { id: String(seeded.datasetId) });
    expect(body.userId).toHaveLength(300);
    expect(body.segment.filter((s: number | null) => s === null)).toHaveLength(5);
    expect(body.segment).not.toContain(seeded.hiddenSegmentIndex);
    expect((await call(getMap, `/x?limit=5001`, { id: String(seeded.datasetId) })).status).toBe(400);
  });
});

describe('GET /api/datasets/[id]/users/[userId]', () => {
  it('returns the profile with segment, features beside segment means and scores with their model quality', async () => {
    const userId = seeded.userIds[0];
    const { status, body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId });
    expect(status).toBe(200);
    expect(body.segment).toEqual({ index: seeded.segmentOf.get(userId), name: 'Bargain hunters', shown: true });
    const orders = body.features.find((f: { feature: string }) => f.feature === 'orders');
    expect(typeof orders.value).toBe('number');
    expect(typeof orders.segmentMean).toBe('number');
    expect(body.features.find((f: { feature: string }) => f.feature === 'top_category').segmentMean).toBeNull();
    const churn = body.scores.find((s: { target: string }) => s.target === 'churn');
    expect(churn.quality.auc).toBeCloseTo(0.81, 5);
    expect(body.recentEvents.length).toBeGreaterThan(0);
    expect(body.recentEvents.length).toBeLessThanOrEqual(20);
    const times = body.recentEvents.map((e: { ts: string }) => e.ts);
    expect([...times].sort().reverse()).toEqual(times);
    expect(body.recentEvents.find((e: { itemId: string | null }) => e.itemId).itemTitle).toEqual(expect.any(String));
    // a purchase's value is money (shown in the dataset's currency); other events' values are not
    for (const event of body.recentEvents as { type: string; isPurchase: boolean }[])
      expect(event.isPurchase, event.type).toBe(['purchase', 'order', 'buy'].includes(event.type));
  });

  it('infers attributes with a confidence and never shows sensitive ones', async () => {
    const inferredUser = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM scores WHERE run_id = $1 AND target = 'attr:age_band' ORDER BY user_id LIMIT 1`,
      [seeded.runId],
    );
    const userId = inferredUser.rows[0].user_id;
    const { body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId });
    expect(body.inferred.map((a: { attribute: string }) => a.attribute)).toContain('age_band');
    expect(body.inferred.map((a: { attribute: string }) => a.attribute)).not.toContain('religion');
    const age = body.inferred[0];
    expect(age.confidence).toBeGreaterThan(0.2);
    expect(age.confidence).toBeLessThanOrEqual(1);
    expect(age.alternatives.every((alt: { probability: number }) => alt.probability <= age.confidence)).toBe(true);
    expect(body.attributes.map((a: { name: string }) => a.name)).not.toContain('religion');
    const known = body.attributes.find((a: { name: string }) => a.name === 'is_member');
    if (known) expect(known.value).toEqual(expect.any(Boolean));
  });

  it('reads a binary inferred attribute as its predicted class with the probability of that class', async () => {
    const { rows } = await getPool().query<{ user_id: string; value: number }>(
      `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'attr:is_member' ORDER BY user_id LIMIT 1`,
      [seeded.runId],
    );
    const { body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId: rows[0].user_id });
    const member = body.inferred.find((a: { attribute: string }) => a.attribute === 'is_member');
    expect(member.value).toBe(rows[0].value >= 0.5 ? 'true' : 'false');
    expect(member.confidence).toBeCloseTo(Math.max(rows[0].value, 1 - rows[0].value), 6);
    expect(body.attributes.map((a: { name: string }) => a.name)).not.toContain('is_member');
  });

  it("labels features from the run's feature descriptions", async () => {
    const { body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId: seeded.userIds[3] });
    expect(body.features.find((f: { feature: string }) => f.feature === 'days_since_last').label).toBe(
      'Days since the last event',
    );
  });

  it('hides the name of a segment under the size floor', async () => {
    const hiddenUser = seeded.userIds.find((id) => seeded.segmentOf.get(id) === seeded.hiddenSegmentIndex) as string;
    const { body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId: hiddenUser });
    expect(body.segment.shown).toBe(false);
    expect(body.segment.name).not.toContain('Tiny');
    expect(body.features.every((f: { segmentMean: number | null }) => f.segmentMean === null)).toBe(true);
  });

  it('answers 404 for an unknown user', async () => {
    const { status, body } = await call(getUser, `/x`, { id: String(seeded.datasetId), userId: 'nobody' });
    expect(status).toBe(404);
    expect(body.error.message).toContain('"nobody"');
  });
});

describe('GET /api/datasets/[id]/users/[userId]/recommendations', () => {
  it('returns ranked items with titles, categories and reasons, none already bought', async () => {
    const userId = seeded.userIds[1];
    const { status, body } = await call(getRecommendations, `/x?limit=5`, { id: String(seeded.datasetId), userId });
    expect(status).toBe(200);
    expect(body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5]);
    const scores = body.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.items[0]).toMatchObject({
      title: expect.any(String),
      categories: [expect.any(String)],
      reason: expect.any(String),
    });
    const bought = await getPool().query<{ item_id: string }>(
      `SELECT DISTINCT item_id FROM events WHERE dataset_id = $1 AND user_id = $2 AND type = 'purchase'`,
      [seeded.datasetId, userId],
    );
    const boughtIds = new Set(bought.rows.map((r) => r.item_id));
    expect(body.items.some((i: { itemId: string }) => boughtIds.has(i.itemId))).toBe(false);
  });
});

describe('GET /api/datasets/[id]/users?search=', () => {
  it('finds users by id prefix with their segment, at most 20', async () => {
    const { status, body } = await call(searchUsers, `/x?search=u001`, { id: String(seeded.datasetId) });
    expect(status).toBe(200);
    expect(body.users).toHaveLength(20);
    expect(body.users.every((u: { userId: string }) => u.userId.startsWith('u001'))).toBe(true);
    expect(body.users[0].userId).toBe('u00100');
    expect(body.users[0].segmentName).toEqual(expect.any(String));
  });

  it('treats LIKE wildcards in the prefix as plain characters', async () => {
    const { body } = await call(searchUsers, `/x?search=u%25`, { id: String(seeded.datasetId) });
    expect(body.users).toEqual([]);
  });

  it('rejects an empty search', async () => {
    expect((await call(searchUsers, `/x?search=`, { id: String(seeded.datasetId) })).status).toBe(400);
  });
});

describe('GET /api/datasets/[id]/runs', () => {
  it('lists runs newest first with metrics, recommendation quality and targets', async () => {
    const { status, body } = await call(getRuns, `/x`, { id: String(seeded.datasetId) });
    expect(status).toBe(200);
    expect(body.runs.map((r: { id: number }) => r.id)).toEqual([seeded.runId, seeded.previousRunId]);
    expect(body.runs[0].active).toBe(true);
    expect(body.runs[1].active).toBe(false);
    expect(body.runs[0].silhouette).toBeGreaterThan(body.runs[1].silhouette);
    expect(body.runs[0].recommendation).toMatchObject({ ndcg: 0.31, baselines: { popularity: { ndcg: 0.18 } } });
    expect(body.runs[1].recommendation.ndcg).toBeCloseTo(0.279, 3);
    const skipped = body.runs[0].targets.find((t: { target: string }) => t.target === 'attr:income');
    expect(skipped).toMatchObject({ status: 'skipped', reason: expect.stringContaining('income') });
  });
});

// Last in the file: these change the seeded dataset.
describe('segment list and persona detail, cached per process', () => {
  const list = () => call(getSegments, '/x', { id: String(seeded.datasetId) });
  const detail = (index: number) => call(getSegment, '/x', { id: String(seeded.datasetId), index: String(index) });

  it('show an erasure at once: the segment shrinks and loses the representative user', async () => {
    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts') as { index: number };
    const before = await detail(camera.index);
    const sizeBefore = (await list()).body.segments.find((s: { index: number }) => s.index === camera.index).size;
    const representative = before.body.persona.representativeUsers[0] as string;
    expect(await eraseTrackedUser('test', seeded.datasetId, representative)).not.toBeNull();
    const after = await detail(camera.index);
    expect(after.body.persona.representativeUsers).not.toContain(representative);
    expect(after.body.size).toBe(sizeBefore - 1);
    expect((await list()).body.segments.find((s: { index: number }) => s.index === camera.index).size).toBe(
      sizeBefore - 1,
    );
  });

  it('hide an attribute marked sensitive at once', async () => {
    expect(Object.keys((await detail(0)).body.persona.attributes)).toContain('age_band');
    await updateDatasetSettings('test', seeded.datasetId, { sensitiveAttributes: ['religion', 'age_band'] });
    expect(Object.keys((await detail(0)).body.persona.attributes)).not.toContain('age_band');
  });

  it('follow a newly activated run at once', async () => {
    expect((await list()).body.runId).toBe(seeded.runId);
    await getPool().query('UPDATE datasets SET active_run_id = $2 WHERE id = $1', [
      seeded.datasetId,
      seeded.previousRunId,
    ]);
    try {
      expect((await list()).body.runId).toBe(seeded.previousRunId);
      expect((await detail(0)).body.runId).toBe(seeded.previousRunId);
    } finally {
      await getPool().query('UPDATE datasets SET active_run_id = $2 WHERE id = $1', [seeded.datasetId, seeded.runId]);
    }
  });
});
