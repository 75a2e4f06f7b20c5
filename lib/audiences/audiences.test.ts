import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { type AudienceCondition, audienceDefinition } from './audienceDefinition';
import { compareRates, holdoutReport } from './holdoutReport';
import { previewAudience } from './previewAudience';
import { getAudienceDetail, listAudienceMembers } from './readAudiences';
import { recomputeAudience } from './recomputeAudience';
import { refreshAudiencesAfterIngest, refreshAudiencesAfterRetrain } from './refreshAudiences';
import { createAudience, updateAudience } from './saveAudience';

let seeded: SeededDataset;
const dayMs = 86_400_000;

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 300, seed: 11, previousRun: true });
});

afterAll(async () => {
  await getPool().query('DELETE FROM datasets WHERE id = $1', [seeded.datasetId]);
  await closePools();
});

const definition = (root: AudienceCondition) => audienceDefinition.parse({ root });
const lapsed = () => seeded.segments.findIndex((segment) => segment.name === 'Lapsed shoppers');

/** The rule evaluated in JavaScript over the stored rows, to check the SQL against. */
async function bruteForce(
  test: (user: {
    userId: string;
    segment: number;
    churn: number | undefined;
    recency: number;
    purchasesSince(days: number): number;
  }) => boolean,
): Promise<Set<string>> {
  const pool = getPool();
  const { rows: profiles } = await pool.query<{
    user_id: string;
    segment_index: number;
    features: Record<string, number>;
  }>('SELECT user_id, segment_index, features FROM user_profiles WHERE run_id = $1', [seeded.runId]);
  const { rows: scores } = await pool.query<{ user_id: string; value: number }>(
    `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'churn'`,
    [seeded.runId],
  );
  const { rows: events } = await pool.query<{ user_id: string; type: string; ts: Date }>(
    'SELECT user_id, type, ts FROM events WHERE dataset_id = $1',
    [seeded.datasetId],
  );
  const asOf = Math.max(...events.map((event) => event.ts.getTime()));
  const churn = new Map(scores.map((row) => [row.user_id, row.value]));
  const members = new Set<string>();
  for (const profile of profiles) {
    const own = events.filter((event) => event.user_id === profile.user_id && event.type === 'purchase');
    const user = {
      userId: profile.user_id,
      segment: profile.segment_index,
      churn: churn.get(profile.user_id),
      recency: profile.features.days_since_last,
      purchasesSince: (days: number) => own.filter((event) => event.ts.getTime() > asOf - days * dayMs).length,
    };
    if (test(user)) members.add(profile.user_id);
  }
  return members;
}

describe('audience definitions compiled to SQL', () => {
  it('sizes AND / OR / NOT groups of segment, score, profile and behaviour conditions exactly as the rows say', async () => {
    const root: AudienceCondition = {
      kind: 'or',
      conditions: [
        {
          kind: 'and',
          conditions: [
            { kind: 'score', target: 'churn', op: 'gte', value: 0.5 },
            { kind: 'segment', runId: seeded.runId, segmentIndex: lapsed() },
          ],
        },
        {
          kind: 'and',
          conditions: [
            { kind: 'behaviour', did: true, eventType: 'purchase', atLeast: 2, withinDays: 30 },
            { kind: 'not', condition: { kind: 'profile', field: 'recency', op: 'lte', value: 3 } },
          ],
        },
      ],
    };
    const expected = await bruteForce(
      (user) =>
        ((user.churn ?? -1) >= 0.5 && user.segment === lapsed()) ||
        (user.purchasesSince(30) >= 2 && !(user.recency <= 3)),
    );
    expect(expected.size).toBeGreaterThan(0);
    const preview = await previewAudience(seeded.datasetId, definition(root));
    expect(preview.size).toBe(expected.size);
    expect(preview.population).toBe(seeded.userIds.length);
    expect(preview.sample.length).toBe(Math.min(10, expected.size));
    for (const member of preview.sample) expect(expected.has(member.userId)).toBe(true);
  });

  it('counts "did not" in a window as fewer than the asked number of events', async () => {
    const root: AudienceCondition = {
      kind: 'behaviour',
      did: false,
      eventType: 'purchase',
      atLeast: 1,
      withinDays: 45,
    };
    const expected = await bruteForce((user) => user.purchasesSince(45) < 1);
    expect((await previewAudience(seeded.datasetId, definition(root))).size).toBe(expected.size);
  });

  it('keeps a value that looks like SQL a value, and leaves the tables as they were', async () => {
    const root: AudienceCondition = {
      kind: 'behaviour',
      did: true,
      eventType: "purchase'; DROP TABLE events; --",
      withinDays: 30,
      atLeast: 1,
    };
    expect((await previewAudience(seeded.datasetId, definition(root))).size).toBe(0);
    const { rows } = await getPool().query('SELECT count(*)::int AS n FROM events WHERE dataset_id = $1', [
      seeded.datasetId,
    ]);
    expect(rows[0].n).toBe(seeded.eventCount);
  });

  it('refuses a score whose model was not trained or does not beat its baseline, naming the target', async () => {
    const root: AudienceCondition = { kind: 'score', target: 'attr:income', op: 'gte', value: 0.5 };
    const refusal = await previewAudience(seeded.datasetId, definition(root)).catch((error) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal.status).toBe(422);
    expect(refusal.message).toContain('attr:income');
  });

  it('compares a text attribute by equality only, a number also by size, and names an attribute the dataset lacks', async () => {
    const pool = getPool();
    await pool.query(
      `INSERT INTO user_attributes (dataset_id, user_id, name, kind, value_num)
       SELECT $1, user_id, 'company_size', 'number', (row_number() OVER (ORDER BY user_id)) * 10
       FROM tracked_users WHERE dataset_id = $1 ORDER BY user_id LIMIT 20`,
      [seeded.datasetId],
    );
    const size = async (root: AudienceCondition) => (await previewAudience(seeded.datasetId, definition(root))).size;
    const refusal = (root: AudienceCondition) =>
      previewAudience(seeded.datasetId, definition(root)).then(
        () => {
          throw new Error('not refused');
        },
        (error: ApiError) => error,
      );
    // the editor's value box sends text: "100" equals the number 100
    expect(await size({ kind: 'attribute', name: 'company_size', op: 'eq', value: '100' })).toBe(1);
    expect(await size({ kind: 'attribute', name: 'company_size', op: 'gte', value: '150' })).toBe(6);
    expect(await size({ kind: 'attribute', name: 'company_size', op: 'lte', value: 30 })).toBe(3);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM user_attributes a JOIN user_profiles p ON p.user_id = a.user_id AND p.run_id = $2
       WHERE a.dataset_id = $1 AND a.name = 'age_band' AND a.value_text = '25-34'`,
      [seeded.datasetId, seeded.runId],
    );
    expect(await size({ kind: 'attribute', name: 'age_band', op: 'eq', value: '25-34' })).toBe(rows[0].n);
    const ordered = await refusal({ kind: 'attribute', name: 'age_band', op: 'gte', value: '25-34' });
    expect(ordered.status).toBe(422);
    expect(ordered.message).toMatch(/"age_band" is text: an audience can ask whether it equals a value/);
    const notNumber = await refusal({ kind: 'attribute', name: 'company_size', op: 'gte', value: 'abc' });
    expect(notNumber.message).toBe('"company_size" is a number: compare it with a number, not "abc"');
    const unknown = await refusal({ kind: 'attribute', name: 'plan_tier', op: 'eq', value: 'pro' });
    expect(unknown.message).toBe('This dataset has no user attribute "plan_tier"');
    // saved before comparisons were checked, "at least" a text asked for equality, and still does
    const saved = await createAudience(seeded.datasetId, {
      name: 'Age band 25-34',
      definition: definition({ kind: 'attribute', name: 'age_band', op: 'eq', value: '25-34' }),
    });
    await pool.query(`UPDATE audiences SET definition = jsonb_set(definition, '{root,op}', '"gte"') WHERE id = $1`, [
      saved.id,
    ]);
    expect((await recomputeAudience(saved.id, 'retrain')).size).toBe(rows[0].n);
  });

  it('refuses trees nested without end', () => {
    let root: AudienceCondition = { kind: 'segment', runId: 1, segmentIndex: 0 };
    for (let i = 0; i < 10; i++) root = { kind: 'not', condition: root };
    expect(audienceDefinition.safeParse({ root }).success).toBe(false);
  });
});

describe('materialised membership', () => {
  it('stores the members of a saved audience, its size history and who entered', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'High churn',
      definition: definition({ kind: 'score', target: 'churn', op: 'gte', value: 0.5 }),
    });
    const expected = await bruteForce((user) => (user.churn ?? -1) >= 0.5);
    expect(audience.size).toBe(expected.size);
    const detail = await getAudienceDetail(audience.id);
    expect(detail.history).toEqual([
      expect.objectContaining({ size: expected.size, entered: expected.size, reason: 'created' }),
    ]);
    const page = await listAudienceMembers(audience.id, { page: 1, pageSize: 500 });
    expect(new Set(page.members.map((member) => member.userId))).toEqual(expected);
  });

  it('moves a segment condition of an older run to the new segment sharing most of its users', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Old lapsed',
      definition: definition({
        kind: 'segment',
        runId: seeded.previousRunId as number,
        segmentIndex: lapsed(),
        persona: 'Lapsed shoppers',
      }),
    });
    expect(audience.definition.root).toEqual(expect.objectContaining({ runId: seeded.runId, segmentIndex: lapsed() }));
    expect(audience.size).toBe(seeded.segments[lapsed()].size);
    // a later retrain that moved the lapsed shoppers to another index
    const moved = seeded.segments.length;
    await getPool().query('UPDATE user_profiles SET segment_index = $3 WHERE run_id = $1 AND segment_index = $2', [
      seeded.runId,
      lapsed(),
      moved,
    ]);
    await getPool().query(
      `INSERT INTO segments (run_id, index, name, description, size, share) VALUES ($1, $2, 'Gone quiet', '', 0, 0)`,
      [seeded.runId, moved],
    );
    try {
      await getPool().query('UPDATE audiences SET definition = jsonb_set(definition, $2, $3) WHERE id = $1', [
        audience.id,
        '{root,runId}',
        JSON.stringify(seeded.previousRunId),
      ]);
      const { failures } = await refreshAudiencesAfterRetrain(seeded.datasetId);
      expect(failures).toEqual([]);
      const detail = await getAudienceDetail(audience.id);
      expect(detail.definition.root).toEqual(expect.objectContaining({ segmentIndex: moved, persona: 'Gone quiet' }));
      expect(detail.notes[0]).toEqual(expect.objectContaining({ weak: false, shared: audience.size }));
      expect(detail.size).toBe(audience.size);
      expect(detail.history.at(-1)).toEqual(expect.objectContaining({ reason: 'retrain', entered: 0, left: 0 }));
    } finally {
      await getPool().query('UPDATE user_profiles SET segment_index = $2 WHERE run_id = $1 AND segment_index = $3', [
        seeded.runId,
        lapsed(),
        moved,
      ]);
      await getPool().query('DELETE FROM segments WHERE run_id = $1 AND index = $2', [seeded.runId, moved]);
    }
  });

  it('adds a user whose new events meet the rule and logs the entry', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Reviewed lately',
      definition: definition({ kind: 'behaviour', did: true, eventType: 'wishlist', atLeast: 1, withinDays: 7 }),
    });
    expect(audience.size).toBe(0);
    const userId = seeded.userIds[5];
    const result = await ingestEventRecords(seeded.datasetId, [
      { user_id: userId, item_id: null, type: 'wishlist', ts: new Date().toISOString() },
    ]);
    expect(result.ok).toBe(true);
    const refresh = await refreshAudiencesAfterIngest(seeded.datasetId, result.batchId as number);
    expect(refresh).toEqual(expect.objectContaining({ status: 'refreshed', entered: 1 }));
    const detail = await getAudienceDetail(audience.id);
    expect(detail.size).toBe(1);
    expect(detail.recentChanges[0]).toEqual(expect.objectContaining({ userId, change: 'entered', reason: 'events' }));
  });

  it('keeps a seeded share of members as a control group that targeted lists leave out', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Everyone bought',
      definition: definition({ kind: 'behaviour', did: true, eventType: 'purchase', atLeast: 1, withinDays: 3650 }),
      holdoutShare: 0.2,
      holdoutSeed: 5,
    });
    const detail = await getAudienceDetail(audience.id);
    expect(detail.holdoutSize).toBeGreaterThan(audience.size * 0.1);
    expect(detail.holdoutSize).toBeLessThan(audience.size * 0.3);
    const targeted = await listAudienceMembers(audience.id, { page: 1, pageSize: 200, targetedOnly: true });
    expect(targeted.total).toBe(audience.size - detail.holdoutSize);
    expect(targeted.members.every((member) => !member.holdout)).toBe(true);
    // the same seed picks the same users; the report counts both groups
    await updateAudience(audience.id, { holdoutShare: 0.2 });
    expect((await getAudienceDetail(audience.id)).holdoutSize).toBe(detail.holdoutSize);
    const report = await holdoutReport(audience.id, { goalEvent: 'purchase', since: new Date(0) });
    expect(report.targeted.users + report.holdout.users).toBe(audience.size);
    // saved over history: conversions count from the members' entry, and the report says none came yet
    const saved = await listAudienceMembers(audience.id, { page: 1, pageSize: 1, targetedOnly: true });
    // an empty window at the members' entry, never one that ends before it starts
    expect(report.to).toBe(report.from);
    expect(report.targeted.converted + report.holdout.converted).toBe(0);
    // a date, with the time as well when the newest event is from the members' day of entry
    expect(report.note).toMatch(
      /^No "purchase" events since the members entered \(\d{4}-\d\d-\d\d( \d\d:\d\d UTC)?\); the newest is from /,
    );
    await ingestEventRecords(seeded.datasetId, [
      { user_id: saved.members[0].userId, item_id: null, type: 'purchase', ts: new Date().toISOString() },
    ]);
    const after = await holdoutReport(audience.id, { goalEvent: 'purchase', since: new Date(0) });
    expect(after.targeted.converted).toBe(1);
    expect(after.note).toMatch(/^No clear difference yet|^Targeted members did/);
  });
});

describe('holdout comparison', () => {
  it('reports uplift with an interval that excludes zero only for a clear difference', () => {
    const clear = compareRates({ users: 2000, converted: 400 }, { users: 2000, converted: 200 });
    expect(clear.uplift.absolute).toBeCloseTo(0.1);
    expect(clear.significant).toBe(true);
    const unclear = compareRates({ users: 50, converted: 11 }, { users: 50, converted: 10 });
    expect(unclear.significant).toBe(false);
    expect(unclear.targeted.interval[0]).toBeLessThan(0.22);
    expect(unclear.targeted.interval[1]).toBeGreaterThan(0.22);
  });
});

describe('lookalike audiences', () => {
  it('saves the users nearest to a segment, never its members, and as many as asked', async () => {
    const { createLookalikeAudience } = await import('./createLookalikeAudience');
    const camera = seeded.segments.findIndex((segment) => segment.name === 'Camera enthusiasts');
    const audience = await createLookalikeAudience(seeded.datasetId, {
      name: 'Like camera enthusiasts',
      seed: { segmentIndex: camera },
      size: 25,
    });
    expect(audience.kind).toBe('lookalike');
    expect(audience.size).toBe(25);
    expect(audience.description).toContain('Camera enthusiasts');
    const page = await listAudienceMembers(audience.id, { page: 1, pageSize: 100 });
    expect(page.members.every((member) => seeded.segmentOf.get(member.userId) !== camera)).toBe(true);
  });
});

describe('erasing a user', () => {
  it("removes them from every audience and its entry log, and the audience's size follows", async () => {
    const { eraseTrackedUser } = await import('@/lib/privacy/eraseTrackedUser');
    const audience = await createAudience(seeded.datasetId, {
      name: 'To erase from',
      definition: definition({ kind: 'score', target: 'churn', op: 'gte', value: 0 }),
    });
    const page = await listAudienceMembers(audience.id, { page: 1, pageSize: 1 });
    const userId = page.members[0].userId;
    const report = await eraseTrackedUser('tester', seeded.datasetId, userId);
    expect(report?.deleted.audienceMembers).toBeGreaterThanOrEqual(1);
    const { rows } = await getPool().query(
      `SELECT (SELECT count(*)::int FROM audience_members WHERE user_id = $1) AS members,
              (SELECT count(*)::int FROM audience_changes WHERE user_id = $1) AS changes`,
      [userId],
    );
    expect(rows[0]).toEqual({ members: 0, changes: 0 });
    expect((await getAudienceDetail(audience.id)).size).toBe(audience.size - 1);
  });
});
