import { createHash } from 'node:crypto';
import type pg from 'pg';
import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { bumpDatasetRevision } from '@/lib/datasets/bumpDatasetRevision';
import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { lockDataset } from '@/lib/datasets/lockDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { trainTimeoutSec } from '@/lib/jobs/jobSettings';
import { textHash } from '@/lib/ml/text/embeddingCache';
import { requireDataset } from '@/lib/queries/requireRun';
import { lockRunSegments } from '@/lib/runs/lockRunSegments';
import { type ScrubReport, scrubErasedUserFiles } from './scrubErasedUserFiles';

export interface ErasureReport {
  datasetId: number;
  /** how the audit log names the user: a hash, so the log does not keep the id it erased */
  userRef: string;
  deleted: {
    events: number;
    attributes: number;
    trackedUsers: number;
    profiles: number;
    scores: number;
    recommendations: number;
    /** the user's running event aggregates that profile updates go on from, and the items among them */
    eventStates: number;
    itemStates: number;
    /** personas of stored runs that listed the user as a representative */
    representativeMentions: number;
    /** cached text embeddings of texts no one else wrote */
    textEmbeddings: number;
    /** memberships of the dataset's audiences, and their entry/exit log lines */
    audienceMembers: number;
    audienceChanges: number;
  };
  /** segments whose size no longer counts the user */
  segmentsResized: number;
  /** stored files and reports that named the user (see scrubErasedUserFiles) */
  files: ScrubReport;
}

/** More distinct texts than this are not looked for in the shared embedding cache (one scan of events). */
const maxTextsToUncache = 10_000;

/** sha256 of the dataset and user id, so an erasure can be checked for without the log naming the user. */
export function erasedUserRef(datasetId: number, userId: string): string {
  return createHash('sha256').update(`${datasetId}\u0000${userId}`).digest('hex').slice(0, 32);
}

async function count(client: pg.PoolClient, sql: string, values: unknown[]): Promise<number> {
  return (await client.query(sql, values)).rowCount ?? 0;
}

/** Distinct models in the embedding cache, read by skipping along its (model, text_hash) key. */
async function cachedModels(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ model: string }>(
    `WITH RECURSIVE m AS (
       SELECT min(model) AS model FROM text_embeddings
       UNION ALL
       SELECT (SELECT min(model) FROM text_embeddings WHERE model > m.model) FROM m WHERE m.model IS NOT NULL
     ) SELECT model FROM m WHERE model IS NOT NULL`,
  );
  return rows.map((row) => row.model);
}

/**
 * Erases one tracked user of a dataset: their events, attributes, user row, and from every run
 * of the dataset their profile, scores and recommendations; their id is taken out of stored
 * personas' representative users, the segment they were in no longer counts them (and is hidden
 * if that takes it under the size floor), and cached embeddings of texts only they wrote are
 * dropped. Exports read these stored rows, so the user is gone from later exports too.
 * Aggregates already computed over the segment (medians, keywords, lifts) keep their share of
 * the user until the next retrain.
 *
 * Refused while a retrain of the dataset is running: it read the user's events before the
 * erasure and would write them back. Returns null when the dataset has no trace of the user.
 */
export async function eraseTrackedUser(
  actor: Caller | string,
  datasetId: number,
  userId: string,
): Promise<ErasureReport | null> {
  await requireDataset(datasetId);
  const settings = await readPipelineSettings(datasetId);
  const client = await getPool().connect();
  let erased: { deleted: ErasureReport['deleted']; segmentsResized: number; representativeRuns: number[] };
  try {
    await client.query('BEGIN');
    // Imports and API ingestion into the dataset wait, so none can add the user back mid-way.
    await lockDataset(client, datasetId);
    const running = await client.query<{ id: number }>(
      `SELECT id FROM model_runs WHERE dataset_id = $1 AND status = 'running'
         AND started_at > now() - make_interval(secs => $2) LIMIT 1`,
      [datasetId, trainTimeoutSec()],
    );
    if (running.rows[0]) {
      throw new ApiError(
        'conflict',
        `Run ${running.rows[0].id} of this dataset is training on data read before the erasure: wait for it to finish or cancel it, then erase`,
      );
    }
    const texts = await client.query<{ text: string }>(
      `SELECT DISTINCT text FROM events WHERE dataset_id = $1 AND user_id = $2 AND text IS NOT NULL AND btrim(text) <> ''`,
      [datasetId, userId],
    );
    const runs = (
      await client.query<{ id: number }>('SELECT id FROM model_runs WHERE dataset_id = $1', [datasetId])
    ).rows.map((row) => row.id);
    // Taken before reading the user's segments, which an update could otherwise still move.
    await lockRunSegments(client, runs);
    const representativeRuns = (
      await client.query<{ run_id: number }>(
        `SELECT DISTINCT run_id FROM segments
         WHERE run_id = ANY($1::int[]) AND persona->'representativeUsers' @> jsonb_build_array($2::text)`,
        [runs, userId],
      )
    ).rows.map((row) => row.run_id);
    const memberships = await client.query<{ run_id: number; segment_index: number }>(
      'SELECT run_id, segment_index FROM user_profiles WHERE run_id = ANY($1::int[]) AND user_id = $2',
      [runs, userId],
    );

    const deleted: ErasureReport['deleted'] = {
      events: await count(client, 'DELETE FROM events WHERE dataset_id = $1 AND user_id = $2', [datasetId, userId]),
      attributes: await count(client, 'DELETE FROM user_attributes WHERE dataset_id = $1 AND user_id = $2', [
        datasetId,
        userId,
      ]),
      trackedUsers: await count(client, 'DELETE FROM tracked_users WHERE dataset_id = $1 AND user_id = $2', [
        datasetId,
        userId,
      ]),
      profiles: await count(client, 'DELETE FROM user_profiles WHERE run_id = ANY($1::int[]) AND user_id = $2', [
        runs,
        userId,
      ]),
      scores: await count(client, 'DELETE FROM scores WHERE run_id = ANY($1::int[]) AND user_id = $2', [runs, userId]),
      recommendations: await count(
        client,
        'DELETE FROM recommendations WHERE run_id = ANY($1::int[]) AND user_id = $2',
        [runs, userId],
      ),
      eventStates: await count(client, 'DELETE FROM user_event_state WHERE dataset_id = $1 AND user_id = $2', [
        datasetId,
        userId,
      ]),
      itemStates: await count(client, 'DELETE FROM user_item_state WHERE dataset_id = $1 AND user_id = $2', [
        datasetId,
        userId,
      ]),
      representativeMentions: await count(
        client,
        `UPDATE segments SET persona = jsonb_set(persona, '{representativeUsers}',
           (SELECT coalesce(jsonb_agg(member), '[]'::jsonb)
              FROM jsonb_array_elements(persona->'representativeUsers') AS member
             WHERE member <> to_jsonb($2::text)))
         WHERE run_id = ANY($1::int[]) AND persona->'representativeUsers' @> jsonb_build_array($2::text)`,
        [runs, userId],
      ),
      textEmbeddings: 0,
      audienceMembers: await count(
        client,
        `WITH gone AS (
           DELETE FROM audience_members m USING audiences a
           WHERE a.id = m.audience_id AND a.dataset_id = $1 AND m.user_id = $2 RETURNING m.audience_id)
         UPDATE audiences SET size = size - 1 WHERE id IN (SELECT audience_id FROM gone)`,
        [datasetId, userId],
      ),
      audienceChanges: await count(
        client,
        'DELETE FROM audience_changes c USING audiences a WHERE a.id = c.audience_id AND a.dataset_id = $1 AND c.user_id = $2',
        [datasetId, userId],
      ),
    };

    let segmentsResized = 0;
    for (const { run_id, segment_index } of memberships.rows) {
      segmentsResized += await count(
        client,
        `UPDATE segments SET size = greatest(size - 1, 0),
           below_floor = below_floor OR greatest(size - 1, 0) < $3,
           persona = CASE WHEN persona ? 'size'
             THEN jsonb_set(persona, '{size}', to_jsonb(greatest(size - 1, 0))) ELSE persona END
         WHERE run_id = $1 AND index = $2`,
        [run_id, segment_index, settings.segmentSizeFloor],
      );
      await client.query(
        `WITH total AS (SELECT sum(size)::float8 AS users FROM segments WHERE run_id = $1)
         UPDATE segments SET share = CASE WHEN total.users > 0 THEN size / total.users ELSE 0 END,
           persona = CASE WHEN persona ? 'share'
             THEN jsonb_set(persona, '{share}', to_jsonb(CASE WHEN total.users > 0 THEN size / total.users ELSE 0 END))
             ELSE persona END
         FROM total WHERE run_id = $1`,
        [run_id],
      );
    }

    // The embedding cache is shared by every dataset: a text goes only if no one else wrote it.
    if (texts.rows.length > 0 && texts.rows.length <= maxTextsToUncache) {
      const own = texts.rows.map((row) => row.text);
      const stillUsed = await client.query<{ text: string }>(
        'SELECT DISTINCT text FROM events WHERE text = ANY($1::text[])',
        [own],
      );
      const shared = new Set(stillUsed.rows.map((row) => row.text));
      const orphans = own.filter((text) => !shared.has(text));
      const models = orphans.length ? await cachedModels(client) : [];
      const hashes = models.flatMap((model) => orphans.map((text) => textHash(model, text)));
      if (hashes.length) {
        deleted.textEmbeddings = await count(client, 'DELETE FROM text_embeddings WHERE text_hash = ANY($1::text[])', [
          hashes,
        ]);
      }
    }

    const found = Object.values(deleted).some((value) => value > 0);
    if (!found) {
      await client.query('ROLLBACK');
      return null;
    }
    await bumpDatasetRevision(client, datasetId);
    await client.query('COMMIT');
    forgetCachedDatasets();
    erased = { deleted, segmentsResized, representativeRuns };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  const files = await scrubErasedUserFiles(datasetId, userId, erased.representativeRuns);
  const report: ErasureReport = {
    datasetId,
    userRef: erasedUserRef(datasetId, userId),
    deleted: erased.deleted,
    segmentsResized: erased.segmentsResized,
    files,
  };
  await writeAudit(actor, 'user.erase', `dataset:${datasetId}`, {
    user: report.userRef,
    deleted: report.deleted,
    segmentsResized: report.segmentsResized,
    files,
  });
  return report;
}
