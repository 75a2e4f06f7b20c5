import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { exportSegmentMembers } from '@/lib/export/exportSegmentMembers';
import { textHash } from '@/lib/ml/text/embeddingCache';
import type { Persona } from '@/lib/runs/persona.types';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { erasedUserRef, eraseTrackedUser } from './eraseTrackedUser';

let seeded: SeededDataset;

/**
 * Every table of the schema, each read as JSON rows and searched for the user id as a JSON
 * string: rows of this dataset (dataset_id), of its runs (run_id), or all rows of tables that
 * belong to no dataset (audit log, accounts, embedding cache...). Returns table -> matching rows.
 */
async function tablesMentioning(datasetId: number, userId: string): Promise<Record<string, number>> {
  const pool = getPool();
  const { rows: tables } = await pool.query<{ table_name: string; columns: string[] }>(
    `SELECT table_name, array_agg(column_name::text) AS columns FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' GROUP BY table_name`,
  );
  const found: Record<string, number> = {};
  for (const { table_name, columns } of tables) {
    const scope = columns.includes('dataset_id')
      ? 'WHERE t.dataset_id = $1'
      : columns.includes('run_id')
        ? 'WHERE t.run_id IN (SELECT id FROM model_runs WHERE dataset_id = $1)'
        : 'WHERE $1::int IS NOT NULL';
    const { rows } = await pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "${table_name}" t ${scope}
         AND strpos(row_to_json(t)::text, to_json($2::text)::text) > 0`,
      [datasetId, userId],
    );
    if (rows[0].count > 0) found[table_name] = rows[0].count;
  }
  return found;
}

/** The persona export (JSON and Markdown) and the segment's member list, as text. */
async function exportsOf(datasetId: number, segmentIndex: number): Promise<string> {
  const parts: string[] = [];
  for (const format of ['json', 'md'] as const) {
    parts.push((await exportPersonas(datasetId, format, { actor: 'privacy-test' })).body.toString('utf8'));
  }
  const members = await exportSegmentMembers(datasetId, segmentIndex, { actor: 'privacy-test' });
  for await (const chunk of members.chunks) parts.push(chunk);
  return parts.join('\n');
}

async function segmentOf(runId: number, index: number) {
  const { rows } = await getPool().query<{ size: number; share: number; below_floor: boolean; persona: Persona }>(
    'SELECT size, share, below_floor, persona FROM segments WHERE run_id = $1 AND index = $2',
    [runId, index],
  );
  return rows[0];
}

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 200, previousRun: true, seed: 5 });
});

afterAll(async () => {
  await closePools();
});

describe('eraseTrackedUser', () => {
  it('leaves nothing about the user in any table, and only the user', async () => {
    const pool = getPool();
    // A representative user of a shown segment who wrote review text, so every kind of row is there.
    const { rows: candidates } = await pool.query<{ user_id: string; text: string; index: number }>(
      `SELECT e.user_id, min(e.text) AS text, s.index FROM events e
         JOIN segments s ON s.run_id = $2 AND NOT s.below_floor AND s.persona->'representativeUsers' ? e.user_id
        WHERE e.dataset_id = $1 AND e.text IS NOT NULL GROUP BY e.user_id, s.index ORDER BY e.user_id LIMIT 1`,
      [seeded.datasetId, seeded.runId],
    );
    const { user_id: userId, index } = candidates[0];
    const ownText = `Only ${userId} ever wrote this ${Date.now()}`;
    const sharedText = candidates[0].text;
    await pool.query(
      `INSERT INTO events (dataset_id, fingerprint, user_id, item_id, type, ts, value, text, type_key)
       VALUES ($1, gen_random_uuid(), $2, NULL, 'search', now() - interval '400 days', NULL, $3, event_type_key('search'))`,
      [seeded.datasetId, userId, ownText],
    );
    const model = 'test-model';
    await pool.query(
      `INSERT INTO text_embeddings (model, text_hash, vector) VALUES ($1, $2, '\\x00'), ($1, $3, '\\x00')
       ON CONFLICT DO NOTHING`,
      [model, textHash(model, ownText), textHash(model, sharedText)],
    );
    // Another user wrote the same shared text, so its cached embedding must stay.
    const other = seeded.userIds.find((id) => id !== userId) as string;
    await pool.query(
      `INSERT INTO events (dataset_id, fingerprint, user_id, item_id, type, ts, value, text, type_key)
       VALUES ($1, gen_random_uuid(), $2, NULL, 'review', now() - interval '400 days', NULL, $3, event_type_key('review'))`,
      [seeded.datasetId, other, sharedText],
    );

    // the running aggregates of the user's events that profile updates go on from
    await pool.query(
      `INSERT INTO user_event_state (dataset_id, user_id, run_id, totals, embedding_counts, text_term_counts,
         text_vector_sum, sentiment)
       VALUES ($1, $2, $3, '{1}', '{}', '{}', '{}', '{0,0}')`,
      [seeded.datasetId, userId, seeded.runId],
    );
    await pool.query(
      `INSERT INTO user_item_state (dataset_id, user_id, item_id, last_ts, purchased, rating, last_type)
       VALUES ($1, $2, 'some-item', 0, true, NULL, 'purchase')`,
      [seeded.datasetId, userId],
    );

    const before = await tablesMentioning(seeded.datasetId, userId);
    expect(Object.keys(before).sort()).toEqual(
      expect.arrayContaining([
        'events',
        'recommendations',
        'scores',
        'segments',
        'tracked_users',
        'user_attributes',
        'user_event_state',
        'user_item_state',
        'user_profiles',
      ]),
    );
    const segmentBefore = await segmentOf(seeded.runId, index);
    const mentionsUser = new RegExp(`\\b${userId}\\b`);
    expect(await exportsOf(seeded.datasetId, index)).toMatch(mentionsUser);
    const { rows: totalBefore } = await pool.query<{ events: number; profiles: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE dataset_id = $1) AS events,
              (SELECT count(*)::int FROM user_profiles WHERE run_id = $2) AS profiles`,
      [seeded.datasetId, seeded.runId],
    );

    const report = await eraseTrackedUser('privacy-test', seeded.datasetId, userId);

    expect(await tablesMentioning(seeded.datasetId, userId)).toEqual({});
    expect(await exportsOf(seeded.datasetId, index)).not.toMatch(mentionsUser);
    expect(report?.deleted.events).toBe(before.events);
    expect(report?.deleted.profiles).toBe(2);
    expect(report?.deleted.trackedUsers).toBe(1);
    expect(report?.deleted.textEmbeddings).toBe(1);
    const { rows: cache } = await pool.query<{ text_hash: string }>(
      'SELECT text_hash FROM text_embeddings WHERE model = $1 AND text_hash = ANY($2::text[])',
      [model, [textHash(model, ownText), textHash(model, sharedText)]],
    );
    expect(cache.map((row) => row.text_hash)).toEqual([textHash(model, sharedText)]);

    // Only this user went.
    const { rows: totalAfter } = await pool.query<{ events: number; profiles: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE dataset_id = $1) AS events,
              (SELECT count(*)::int FROM user_profiles WHERE run_id = $2) AS profiles`,
      [seeded.datasetId, seeded.runId],
    );
    expect(totalAfter[0]).toEqual({
      events: totalBefore[0].events - before.events,
      profiles: totalBefore[0].profiles - 1,
    });

    // The segment no longer counts the user; shares still add up to one.
    const segmentAfter = await segmentOf(seeded.runId, index);
    expect(segmentAfter.size).toBe(segmentBefore.size - 1);
    expect(segmentAfter.persona.size).toBe(segmentBefore.size - 1);
    expect(segmentAfter.persona.representativeUsers).toEqual(
      segmentBefore.persona.representativeUsers.filter((id) => id !== userId),
    );
    const { rows: shares } = await pool.query<{ total: number }>(
      'SELECT sum(share)::float8 AS total FROM segments WHERE run_id = $1',
      [seeded.runId],
    );
    expect(shares[0].total).toBeCloseTo(1, 6);

    // The audit log records the erasure under a hash, never the id.
    const { rows: audit } = await pool.query<{ actor: string; target: string; detail: Record<string, unknown> }>(
      `SELECT actor, target, detail FROM audit_log WHERE action = 'user.erase' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [`dataset:${seeded.datasetId}`],
    );
    expect(audit[0]).toMatchObject({
      actor: 'privacy-test',
      detail: { user: erasedUserRef(seeded.datasetId, userId), deleted: { events: before.events } },
    });

    expect(await eraseTrackedUser('privacy-test', seeded.datasetId, userId)).toBeNull();
  });

  it('hides a segment that erasure takes under the size floor', async () => {
    const pool = getPool();
    const floorSegment = seeded.segments.find((s) => !s.belowFloor && s.size < 80) ?? seeded.segments[1];
    await pool.query(`UPDATE datasets SET settings = settings || '{"segmentSizeFloor": 1000}' WHERE id = $1`, [
      seeded.datasetId,
    ]);
    try {
      const member = seeded.userIds.find((id) => seeded.segmentOf.get(id) === floorSegment.index) as string;
      await eraseTrackedUser('privacy-test', seeded.datasetId, member);
      expect((await segmentOf(seeded.runId, floorSegment.index)).below_floor).toBe(true);
    } finally {
      await pool.query(`UPDATE datasets SET settings = settings || '{"segmentSizeFloor": 20}' WHERE id = $1`, [
        seeded.datasetId,
      ]);
    }
  });

  it('refuses while a retrain of the dataset is running, and erases nothing', async () => {
    const pool = getPool();
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO model_runs (dataset_id, status) VALUES ($1, 'running') RETURNING id`,
      [seeded.datasetId],
    );
    const userId = seeded.userIds[seeded.userIds.length - 1];
    try {
      await expect(eraseTrackedUser('privacy-test', seeded.datasetId, userId)).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(Object.keys(await tablesMentioning(seeded.datasetId, userId))).toContain('events');
    } finally {
      await pool.query(`UPDATE model_runs SET status = 'failed' WHERE id = $1`, [rows[0].id]);
    }
  });

  it("waits for a profile update of the same user holding the run's segments instead of deadlocking with it", async () => {
    const pool = getPool();
    const userId = seeded.userIds[seeded.userIds.length - 2];
    const update = await pool.connect();
    try {
      // a profile update as drainProfileUpdates takes its locks: the run's segments, then the user's profile
      await update.query('BEGIN');
      await update.query('SELECT index FROM segments WHERE run_id = $1 ORDER BY index FOR UPDATE', [seeded.runId]);
      const updatePid = (await update.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const erasure = eraseTrackedUser('privacy-test', seeded.datasetId, userId);
      erasure.catch(() => {});
      // until the erasure waits for a lock the update holds
      for (let tries = 0; ; tries++) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks w JOIN pg_locks h
             ON h.locktype = w.locktype AND h.granted AND NOT w.granted AND h.pid = $1
             AND h.database IS NOT DISTINCT FROM w.database AND h.relation IS NOT DISTINCT FROM w.relation
             AND h.page IS NOT DISTINCT FROM w.page AND h.tuple IS NOT DISTINCT FROM w.tuple
             AND h.transactionid IS NOT DISTINCT FROM w.transactionid`,
          [updatePid],
        );
        if (rows[0].n > 0) break;
        if (tries > 400) throw new Error('the erasure never waited for the update');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const written = update.query(
        `UPDATE user_profiles SET updated_at = clock_timestamp() WHERE run_id = $1 AND user_id = $2`,
        [seeded.runId, userId],
      );
      const outcomes = await Promise.allSettled([written.then(() => update.query('COMMIT')), erasure]);
      expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
      ]);
      expect(Object.keys(await tablesMentioning(seeded.datasetId, userId))).not.toContain('user_profiles');
    } finally {
      await update.query('ROLLBACK').catch(() => {});
      update.release();
    }
  });

  it('answers null for a user the dataset never had, and 404 for a missing dataset', async () => {
    expect(await eraseTrackedUser('privacy-test', seeded.datasetId, 'nobody-by-this-name')).toBeNull();
    await expect(eraseTrackedUser('privacy-test', 987_654, 'u00001')).rejects.toMatchObject({ code: 'not_found' });
  });
});
