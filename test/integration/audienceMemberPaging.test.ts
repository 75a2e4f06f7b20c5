import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as membersRoute } from '@/app/api/v1/datasets/[id]/audiences/[audienceId]/members/route';
import { listAudienceMembers } from '@/lib/audiences/readAudiences';
import { createAudience, updateAudience } from '@/lib/audiences/saveAudience';
import { createApiKey, revokeApiKey } from '@/lib/auth/apiKeys';
import { closePools, getPool } from '@/lib/db/connection';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';

// The members paging of the profile API: by page number or by cursor (`after`, the previous
// answer's `nextAfter`), each page cut before its rows are joined to their profiles, and a
// targeted total that follows membership changes.

let seeded: SeededDataset;
let key: string;

async function getMembers(audienceId: number, query: string, apiKey = key) {
  const response = await membersRoute(
    new Request(`http://localhost/api/v1/datasets/${seeded.datasetId}/audiences/${audienceId}/members${query}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    }),
    { params: Promise.resolve({ id: String(seeded.datasetId), audienceId: String(audienceId) }) },
  );
  return { status: response.status, body: await response.json() };
}

async function targetedIds(audienceId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ user_id: string }>(
    'SELECT user_id FROM audience_members WHERE audience_id = $1 AND NOT holdout ORDER BY user_id',
    [audienceId],
  );
  return rows.map((row) => row.user_id);
}

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 160, seed: 12 });
  key = (await createApiKey(seeded.datasetId, 'pager', undefined, ['profiles:read'])).key;
});

afterAll(async () => {
  await getPool().query('DELETE FROM datasets WHERE id = $1', [seeded.datasetId]);
  await closePools();
});

describe('paging an audience for apps', () => {
  it('walks every targeted member once, in user-id order, by cursor, and ends with nextAfter null', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Paged by cursor',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.2 } },
      holdoutShare: 0.25,
    });
    const expected = await targetedIds(audience.id);
    expect(expected.length).toBeGreaterThan(30);
    const seen: string[] = [];
    let query = '?pageSize=7';
    for (let pages = 0; pages < 100; pages++) {
      const { status, body } = await getMembers(audience.id, query);
      expect(status).toBe(200);
      expect(body.total).toBe(expected.length);
      seen.push(...body.userIds);
      if (body.nextAfter === null) break;
      expect(body.nextAfter).toBe(body.userIds.at(-1));
      query = `?pageSize=7&after=${encodeURIComponent(body.nextAfter)}`;
    }
    expect(seen).toEqual(expected);
    // the page numbers give the same members
    const third = await getMembers(audience.id, '?pageSize=7&page=3');
    expect(third.body.userIds).toEqual(expected.slice(14, 21));
  });

  it("joins a page's members to their segment as the whole list would", async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Paged with segments',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.4 } },
    });
    const page = await listAudienceMembers(audience.id, { page: 2, pageSize: 5 });
    const { rows } = await getPool().query<{ user_id: string; name: string | null; segment_index: number | null }>(
      `SELECT m.user_id, s.name, p.segment_index FROM audience_members m
       LEFT JOIN user_profiles p ON p.run_id = $2 AND p.user_id = m.user_id
       LEFT JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
       WHERE m.audience_id = $1 ORDER BY m.user_id LIMIT 5 OFFSET 5`,
      [audience.id, seeded.runId],
    );
    expect(page.members.map((m) => [m.userId, m.segment, m.segmentIndex])).toEqual(
      rows.map((row) => [row.user_id, row.name, row.segment_index]),
    );
    expect(page.members.every((m) => m.segment !== null)).toBe(true);
  });

  it('counts the targeted members again once the membership or the control group changes', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Recounted',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.5 } },
      holdoutShare: 0.1,
    });
    const before = await getMembers(audience.id, '?pageSize=1');
    expect(before.body.total).toBe((await targetedIds(audience.id)).length);
    await updateAudience(audience.id, { holdoutShare: 0.4 });
    const wider = await getMembers(audience.id, '?pageSize=1');
    expect(wider.body.total).toBe((await targetedIds(audience.id)).length);
    expect(wider.body.total).toBeLessThan(before.body.total);
    await updateAudience(audience.id, {
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.3 } },
    });
    const more = await getMembers(audience.id, '?pageSize=1');
    expect(more.body.total).toBe((await targetedIds(audience.id)).length);
    expect(more.body.total).toBeGreaterThan(wider.body.total);
  });

  it('refuses a revoked key at once', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Revoked reader',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.6 } },
    });
    const reader = await createApiKey(seeded.datasetId, 'short-lived', undefined, ['profiles:read']);
    expect((await getMembers(audience.id, '', reader.key)).status).toBe(200);
    await revokeApiKey(reader.summary.id);
    expect((await getMembers(audience.id, '', reader.key)).status).toBe(401);
  });
});
