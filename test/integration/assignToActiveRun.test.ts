import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postAssign } from '@/app/api/datasets/[id]/assign/route';
import { POST as postEvents } from '@/app/api/datasets/[id]/events/route';
import { createAccount } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/apiKeys';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { listSegments, type SegmentList } from '@/lib/queries/listSegments';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { assignToActiveRun } from '@/lib/training/assignToActiveRun';
import { trainDataset } from '@/lib/training/trainDataset';

const datasetName = 'assign-demo';
let datasetId: number;
let runId: number;
let apiKey: string;
let analystCookie: string;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

interface ProfileRow {
  user_id: string;
  segment_index: number;
  vector: number[];
  map_x: number;
  map_y: number;
  distance: number;
  features: string;
}

async function profiles(): Promise<Map<string, ProfileRow>> {
  const { rows } = await getPool().query<ProfileRow>(
    `SELECT user_id, segment_index, vector, map_x, map_y, distance, features::text AS features
     FROM user_profiles WHERE run_id = $1`,
    [runId],
  );
  return new Map(rows.map((row) => [row.user_id, row]));
}

async function segmentSizes(): Promise<
  { index: number; size: number; share: number; counted: number; personaSize: number }[]
> {
  const { rows } = await getPool().query(
    `SELECT s.index, s.size, s.share, (s.persona->>'size')::int AS "personaSize",
       (SELECT count(*)::int FROM user_profiles p WHERE p.run_id = s.run_id AND p.segment_index = s.index) AS counted
     FROM segments s WHERE s.run_id = $1 ORDER BY s.index`,
    [runId],
  );
  return rows;
}

/** The events of some users, rewritten as another user's, as the ingest endpoint takes them. */
async function eventsCopiedFrom(sources: string[], asUser: string) {
  const { rows } = await getPool().query<{
    item_id: string | null;
    type: string;
    ts: Date;
    value: number | null;
    text: string | null;
  }>(
    'SELECT item_id, type, ts, value, text FROM events WHERE dataset_id = $1 AND user_id = ANY($2::text[]) ORDER BY ts',
    [datasetId, sources],
  );
  return rows.map((row) => ({
    user_id: asUser,
    item_id: row.item_id ?? '',
    type: row.type,
    ts: row.ts.toISOString(),
    value: row.value ?? '',
    text: row.text ?? '',
  }));
}

/** Two segments, and the lightest user of the first one (fewest events, so new events decide). */
async function lightUserAndOtherSegment(exclude: string[] = []) {
  const pool = getPool();
  const { rows } = await pool.query<{ user_id: string; segment_index: number }>(
    `SELECT p.user_id, p.segment_index FROM user_profiles p
     JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index AND NOT s.below_floor
     WHERE p.run_id = $1 AND NOT (p.user_id = ANY($2::text[]))
     ORDER BY (SELECT count(*) FROM events e WHERE e.dataset_id = $3 AND e.user_id = p.user_id), p.user_id LIMIT 1`,
    [runId, exclude, datasetId],
  );
  const light = rows[0];
  const { rows: others } = await pool.query<{ index: number; representatives: string[] }>(
    `SELECT index, ARRAY(SELECT jsonb_array_elements_text(persona->'representativeUsers')) AS representatives
     FROM segments WHERE run_id = $1 AND index <> $2 AND NOT below_floor ORDER BY size DESC LIMIT 1`,
    [runId, light.segment_index],
  );
  return { user: light.user_id, from: light.segment_index, to: others[0].index, sources: others[0].representatives };
}

function expectConsistentSegments(sizes: Awaited<ReturnType<typeof segmentSizes>>, total: number) {
  for (const segment of sizes) {
    expect(segment.size).toBe(segment.counted);
    expect(segment.personaSize).toBe(segment.counted);
    expect(segment.share).toBeCloseTo(segment.counted / total, 6);
  }
  expect(sizes.reduce((sum, s) => sum + s.size, 0)).toBe(total);
}

function call(handler: typeof postAssign, id: number, body: unknown, headers: Record<string, string> = {}) {
  return handler(
    new Request(`http://localhost/api/datasets/${id}/x`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    }),
    { params: Promise.resolve({ id: String(id) }) },
  );
}

describe('incremental assignment to the active run', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-assign-'));
    const demo = await generateDemo({ users: 700, seed: 5, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
    apiKey = (await createApiKey(datasetId, 'assign test')).key;
    const analyst = await createAccount('assign-analyst@example.com', 'long enough password', 'analyst');
    analystCookie = `${sessionCookieName}=${(await createSession(analyst.id)).token}`;
  }, 300_000);

  afterAll(() => {
    if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
    else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
  });

  it('finds no user with new events right after training, and changes nothing', async () => {
    const before = await profiles();
    const result = await assignToActiveRun(datasetId);
    expect(result).toMatchObject({ runId, assigned: 0, moved: 0, added: 0 });
    expect(await profiles()).toEqual(before);
  });

  it('re-profiles users whose events did not change onto their stored vectors and map positions', async () => {
    const before = await profiles();
    const users = [...before.keys()].sort().slice(0, 60);
    const result = await assignToActiveRun(datasetId, { userIds: users });
    expect(result.assigned).toBe(60);
    const after = await profiles();
    let sameSegment = 0;
    for (const user of users) {
      const old = before.get(user) as ProfileRow;
      const now = after.get(user) as ProfileRow;
      const largest = Math.max(...old.vector.map((value, i) => Math.abs(value - now.vector[i])));
      expect(largest).toBeLessThan(1e-3);
      expect(now.map_x).toBeCloseTo(old.map_x, 2);
      expect(now.map_y).toBeCloseTo(old.map_y, 2);
      if (now.segment_index === old.segment_index) sameSegment++;
    }
    // k-means labels are nearest-centroid labels, except where small segments were merged
    expect(sameSegment).toBeGreaterThanOrEqual(57);
    expectConsistentSegments(await segmentSizes(), before.size);
  }, 60_000);

  it("moves a user whose new events follow another segment's members into that segment, touching no one else", async () => {
    const { user, from, to, sources } = await lightUserAndOtherSegment();
    const before = await profiles();
    const sizesBefore = await segmentSizes();
    const shownBefore = await listSegments(datasetId);
    const detailBefore = await getSegmentDetail(datasetId, to);
    const copied = await ingestEventRecords(datasetId, await eventsCopiedFrom(sources.slice(0, 3), user));
    expect(copied.inserted).toBeGreaterThan(0);

    const result = await assignToActiveRun(datasetId);
    expect(result.assigned).toBe(1);
    expect(result.changes).toEqual([{ userId: user, from, to }]);
    const after = await profiles();
    expect(after.get(user)?.segment_index).toBe(to);
    for (const [id, row] of before) if (id !== user) expect(after.get(id)).toEqual(row);

    const sizes = await segmentSizes();
    expectConsistentSegments(sizes, before.size);
    expect(sizes[from].size).toBe(sizesBefore[from].size - 1);
    expect(sizes[to].size).toBe(sizesBefore[to].size + 1);
    // The segment list, cached per process, shows the new sizes at once.
    const shownSize = (list: SegmentList) => list.segments.find((segment) => segment.index === to)?.size;
    expect(shownSize(shownBefore)).toBe(sizesBefore[to].size);
    expect(shownSize(await listSegments(datasetId))).toBe(sizesBefore[to].size + 1);
    // ... and so does the persona detail, whose feature means now count the newcomer.
    const detailAfter = await getSegmentDetail(datasetId, to);
    expect(detailAfter.size).toBe(detailBefore.size + 1);
    const means = (detail: typeof detailBefore) => detail.features.map((feature) => feature.segmentMean);
    expect(means(detailAfter)).not.toEqual(means(detailBefore));
  }, 60_000);

  it('assigns the senders of events posted over HTTP, a user new to the run included, when the queue is drained', async () => {
    const { to, sources } = await lightUserAndOtherSegment();
    await drainProfileUpdates();
    const before = await profiles();
    const response = await call(postEvents, datasetId, await eventsCopiedFrom(sources.slice(0, 2), 'newcomer-1'), {
      authorization: `Bearer ${apiKey}`,
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.update).toMatchObject({ queuedUsers: 1, pending: 1 });
    expect(await profiles()).toEqual(before);
    expect(await drainProfileUpdates()).toMatchObject([{ datasetId, runId, users: 1, outcome: 'updated' }]);
    const after = await profiles();
    expect(after.get('newcomer-1')?.segment_index).toBe(to);
    expect(after.size).toBe(before.size + 1);
    expect(after.get('newcomer-1')?.vector).toHaveLength(before.values().next().value?.vector.length ?? -1);
    expectConsistentSegments(await segmentSizes(), after.size);
  }, 60_000);

  it('POST /api/datasets/:id/assign takes the dataset API key or an admin, not an analyst', async () => {
    const users = { users: ['newcomer-1', 'nobody-here'] };
    const withKey = await call(postAssign, datasetId, users, { authorization: `Bearer ${apiKey}` });
    expect(withKey.status).toBe(200);
    expect(await withKey.json()).toMatchObject({
      runId,
      assigned: 1,
      moved: 0,
      added: 0,
      withoutEvents: ['nobody-here'],
    });

    const asAnalyst = await call(postAssign, datasetId, users, { cookie: analystCookie });
    expect(asAnalyst.status).toBe(403);

    // an admin's session (assignment is not among the demo admin's changes)
    const admin = await createAccount(`assign-admin-${process.pid}@example.com`, 'a long enough password', 'admin');
    const adminCookie = { cookie: `${sessionCookieName}=${(await createSession(admin.id)).token}` };
    const asAdmin = await call(postAssign, datasetId, { since: '2000-01-01T00:00:00Z' }, adminCookie);
    expect(asAdmin.status).toBe(200);
    expect((await asAdmin.json()).assigned).toBe((await profiles()).size);

    const both = await call(postAssign, datasetId, { ...users, since: '2000-01-01T00:00:00Z' }, adminCookie);
    expect(both.status).toBe(400);
    const untrained = await getPool().query<{ id: number }>(
      `INSERT INTO datasets (name) VALUES ('assign-untrained') RETURNING id`,
    );
    const notTrained = await call(postAssign, untrained.rows[0].id, {}, adminCookie);
    expect(notTrained.status).toBe(409);
    expect((await notTrained.json()).error.details.reason).toBe('no_active_run');
  }, 120_000);
});
