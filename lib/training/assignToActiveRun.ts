import { createHash } from 'node:crypto';
import type pg from 'pg';
import { bumpDatasetRevision } from '@/lib/datasets/bumpDatasetRevision';
import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { inTransaction } from '@/lib/db/inTransaction';
import { profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import { readableFeatures } from '@/lib/ml/features/readableFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import { assignToNearestCentroids } from '@/lib/ml/segment/kmeans';
import { loadTextEmbedder, type TextEmbedderStatus } from '@/lib/ml/text/loadTextEmbedder';
import { parseTextModelId } from '@/lib/ml/text/textDtype';
import { textModelConfig } from '@/lib/ml/text/textModelConfig';
import { type DenseMatrix, rowOf } from '@/lib/ml/types';
import { lockRunSegments } from '@/lib/runs/lockRunSegments';
import { resizeSegments, type SegmentSizeChanges } from '@/lib/runs/resizeSegments';
import { loadPipelineInput } from './loadPipelineInput';
import { createPostgresEmbeddingCache } from './postgresEmbeddingCache';

export class AssignmentError extends Error {
  constructor(
    readonly reason: 'no_dataset' | 'no_active_run' | 'no_profile_model',
    message: string,
  ) {
    super(message);
  }
}

export interface AssignOptions {
  /** these users (all their events); otherwise users with new events */
  userIds?: string[];
  /**
   * users with an event at or after this time, or imported at or after it; without userIds and
   * since: events after the run's cut-off or imported since the run started
   */
  since?: Date;
  /** embed texts the run's embedding cache lacks by loading the run's model (default false) */
  embedNewTexts?: boolean;
  /** with embedNewTexts: how to get the run's model (cache key `<model>:<dtype>`), e.g. one kept loaded; default loads it */
  textEmbedderFor?: (runModelId: string) => () => Promise<TextEmbedderStatus>;
  /** write inside this open transaction instead of one of its own */
  client?: pg.PoolClient;
}

export interface SegmentChange {
  userId: string;
  /** null for a user the run had not profiled */
  from: number | null;
  to: number;
}

export interface AssignmentResult {
  runId: number;
  /** users re-profiled and assigned */
  assigned: number;
  /** of those, users whose segment changed, and users new to the run */
  moved: number;
  added: number;
  /** requested users with no events at all */
  withoutEvents: string[];
  /** every change of segment (first 1,000) */
  changes: SegmentChange[];
  /** texts left out of text vectors (not cached, model not loaded), and why */
  textsWithoutVector: number;
  textReason?: string;
  ms: number;
}

export interface ActiveRun {
  id: number;
  startedAt: Date;
  eventsUpTo: Date | null;
}

const writeChunk = 500;
const changeListLimit = 1000;
/** stored users a UMAP-mapped newcomer is placed beside (the nearest of them) */
const mapNeighbourSample = 2000;

export async function activeRunOf(
  datasetId: number,
  client: Pick<pg.PoolClient, 'query'> = getPool(),
): Promise<ActiveRun> {
  const { rows } = await client.query<{ id: number | null; started_at: Date; events_up_to: Date | null }>(
    `SELECT r.id, r.started_at, r.events_up_to FROM datasets d LEFT JOIN model_runs r ON r.id = d.active_run_id
     WHERE d.id = $1`,
    [datasetId],
  );
  const row = rows[0];
  if (!row) throw new AssignmentError('no_dataset', `No dataset with id ${datasetId}`);
  if (row.id === null) {
    throw new AssignmentError('no_active_run', 'The dataset has no trained run yet: run `npx portrait train` first');
  }
  return { id: row.id, startedAt: row.started_at, eventsUpTo: row.events_up_to };
}

/** Users with events after the run's cut-off or imported since it started (or since `since`). */
async function usersWithNewEvents(datasetId: number, run: ActiveRun, since?: Date): Promise<string[]> {
  const eventsAfter = since ?? run.eventsUpTo ?? new Date(0);
  const importedAfter = since ?? run.startedAt;
  const { rows } = await getPool().query<{ user_id: string }>(
    `SELECT DISTINCT e.user_id FROM events e
     WHERE e.dataset_id = $1 AND (e.ts ${since ? '>=' : '>'} $2
       OR e.import_id IN (SELECT id FROM import_batches WHERE dataset_id = $1 AND started_at >= $3))
     ORDER BY e.user_id`,
    [datasetId, eventsAfter, importedAfter],
  );
  return rows.map((row) => row.user_id);
}

/** Vectors read from a `real[]` column as a matrix (float4 values, so Float32Array keeps them exactly). */
export function storedRows(vectors: number[][]): DenseMatrix {
  const cols = vectors[0]?.length ?? 0;
  const data = new Float32Array(vectors.length * cols);
  for (let row = 0; row < vectors.length; row++) data.set(vectors[row], row * cols);
  return { rows: vectors.length, cols, data };
}

/** A stable key in [0, 1) for a user new to the run, so the map sample stays reproducible. */
export function sampleKeyOf(userId: string): number {
  return createHash('md5').update(userId).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Incremental assignment: re-profiles users from all their events with the active run's fitted
 * profile model (its standardisation, SVD directions, block weights and map axes), puts each in
 * the segment of the nearest stored centroid, and updates their user_profiles row. Segment sizes
 * and shares are recounted in the same transaction. Users not named (or without new events) are
 * not touched; scores and recommendations stay as the run computed them until the next retrain.
 */
export async function assignToActiveRun(datasetId: number, options: AssignOptions = {}): Promise<AssignmentResult> {
  const started = performance.now();
  const run = await activeRunOf(datasetId);
  const pool = getPool();
  const artifact = await pool.query<{ content: unknown }>(
    'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
    [run.id, profileModelArtifact],
  );
  if (!artifact.rows[0]) {
    throw new AssignmentError(
      'no_profile_model',
      `Run ${run.id} was trained before runs stored their profile model; retrain once to assign users incrementally`,
    );
  }
  const model = profileModelFromJson(artifact.rows[0].content);
  const requested = options.userIds
    ? [...new Set(options.userIds)]
    : await usersWithNewEvents(datasetId, run, options.since);
  const result: AssignmentResult = {
    runId: run.id,
    assigned: 0,
    moved: 0,
    added: 0,
    withoutEvents: [],
    changes: [],
    textsWithoutVector: 0,
    ms: 0,
  };
  if (requested.length === 0) {
    result.ms = Math.round(performance.now() - started);
    return result;
  }

  const settings = await readPipelineSettings(datasetId);
  const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds: requested, attributes: false });
  const found = new Set(events.userIds);
  result.withoutEvents = requested.filter((id) => !found.has(id));
  const users = events.userIds.length;
  if (users === 0) {
    result.ms = Math.round(performance.now() - started);
    return result;
  }
  const asOf = Math.max(model.asOf, referenceTime(events.ts).ms);
  const textModel = model.text?.method === 'transformers' ? model.text.model : null;
  const profiles = await profileWithModel(events, items, settings, model, asOf, {
    cache: textModel ? createPostgresEmbeddingCache(textModel) : undefined,
    loadEmbedder:
      textModel && options.embedNewTexts
        ? (options.textEmbedderFor?.(textModel) ??
          // the run stored the embedder's cache key, `<configured model>:<dtype>`
          (() => loadTextEmbedder({ ...textModelConfig(), ...parseTextModelId(textModel) })))
        : undefined,
  });
  result.textsWithoutVector = profiles.textsWithoutVector;
  if (profiles.textReason) result.textReason = profiles.textReason;

  const { rows: segments } = await pool.query<{ index: number; centroid: number[] }>(
    'SELECT index, centroid FROM segments WHERE run_id = $1 ORDER BY index',
    [run.id],
  );
  const nearest = assignToNearestCentroids(profiles.vectors, storedRows(segments.map((segment) => segment.centroid)));
  const labels = Int32Array.from(nearest.labels, (position) => segments[position].index);
  const distances = Float32Array.from(nearest.squaredDistances, Math.sqrt);
  const map = profiles.map ?? (await mapByNearestStoredUser(run.id, profiles.vectors, events.userIds));
  const lastEventMs = new Float64Array(users).fill(Number.NEGATIVE_INFINITY);
  for (let e = 0; e < events.user.length; e++) {
    if (events.ts[e] > lastEventMs[events.user[e]]) lastEventMs[events.user[e]] = events.ts[e];
  }

  const write = async (client: pg.PoolClient) => {
    await lockRunSegments(client, [run.id]);
    const previous = await client.query<{ user_id: string; segment_index: number; churn: number | null }>(
      `SELECT user_id, segment_index, (features->>'churn')::float8 AS churn FROM user_profiles
       WHERE run_id = $1 AND user_id = ANY($2::text[])`,
      [run.id, events.userIds],
    );
    const before = new Map(previous.rows.map((row) => [row.user_id, row]));
    for (let start = 0; start < users; start += writeChunk) {
      const values: unknown[] = [run.id];
      const tuples: string[] = [];
      for (let u = start; u < Math.min(users, start + writeChunk); u++) {
        const userId = events.userIds[u];
        const old = before.get(userId);
        const features = readableFeatures(profiles.featureNames, profiles.raw, u, {
          churn: old?.churn ?? undefined,
          sentiment: profiles.sentiment[u],
        });
        const p = values.length;
        values.push(
          userId,
          labels[u],
          Array.from(rowOf(profiles.vectors, u)),
          map.x[u],
          map.y[u],
          distances[u],
          sampleKeyOf(userId),
          JSON.stringify(features),
          Number.isFinite(lastEventMs[u]) ? new Date(lastEventMs[u]) : null,
        );
        tuples.push(
          `($1, $${p + 1}, $${p + 2}, $${p + 3}::real[], $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}::jsonb, clock_timestamp(), $${p + 9}::timestamptz)`,
        );
        if (!old) result.added++;
        else if (old.segment_index !== labels[u]) result.moved++;
        if ((!old || old.segment_index !== labels[u]) && result.changes.length < changeListLimit) {
          result.changes.push({ userId, from: old ? old.segment_index : null, to: labels[u] });
        }
      }
      await client.query(
        `INSERT INTO user_profiles (run_id, user_id, segment_index, vector, map_x, map_y, distance, sample_key, features,
           updated_at, events_through)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (run_id, user_id) DO UPDATE SET segment_index = excluded.segment_index, vector = excluded.vector,
           map_x = excluded.map_x, map_y = excluded.map_y, distance = excluded.distance, features = excluded.features,
           updated_at = excluded.updated_at, events_through = excluded.events_through`,
        values,
      );
    }
    await recordReassignment(client, {
      runId: run.id,
      datasetId,
      users,
      segmentsChanged: result.moved > 0 || result.added > 0,
    });
  };
  if (options.client) await write(options.client);
  else await inTransaction(write);
  forgetCachedDatasets();
  result.assigned = users;
  result.ms = Math.round(performance.now() - started);
  return result;
}

/**
 * What follows re-profiled users of a run: segment sizes recounted and the dataset's revision
 * bumped when a segment changed, and the run's count of reassigned users.
 */
export async function recordReassignment(
  client: Pick<pg.PoolClient, 'query'>,
  input: {
    runId: number;
    datasetId: number;
    users: number;
    segmentsChanged: boolean;
    /** where the caller knows them, the sizes move by these instead of being recounted */
    sizeChanges?: SegmentSizeChanges;
  },
) {
  if (input.segmentsChanged) {
    if (input.sizeChanges) await resizeSegments(client, input.runId, input.sizeChanges);
    else await recountSegments(client, input.runId);
    await bumpDatasetRevision(client, input.datasetId);
  }
  await client.query(
    `UPDATE model_runs SET meta = jsonb_set(meta, '{assignments}', jsonb_build_object(
       'users', coalesce((meta->'assignments'->>'users')::int, 0) + $2::int,
       'lastAt', now()))
     WHERE id = $1`,
    [input.runId, input.users],
  );
}

/** Segment sizes and shares (columns and persona) from the run's profiles as they now stand. */
export async function recountSegments(
  client: { query: (text: string, values: unknown[]) => Promise<unknown> },
  runId: number,
) {
  await client.query(
    `WITH counts AS (
       SELECT s.index, (SELECT count(*) FROM user_profiles p WHERE p.run_id = s.run_id AND p.segment_index = s.index)::int AS size
       FROM segments s WHERE s.run_id = $1
     ), total AS (SELECT greatest(sum(size), 1)::float8 AS users FROM counts)
     UPDATE segments s SET size = c.size, share = c.size / total.users,
       persona = s.persona || jsonb_build_object('size', c.size, 'share', c.size / total.users)
     FROM counts c, total WHERE s.run_id = $1 AND s.index = c.index`,
    [runId],
  );
}

/**
 * Map positions for a run whose map is not linear (UMAP): each user goes where the nearest of a
 * fixed sample of the run's other profiles is.
 */
export async function mapByNearestStoredUser(
  runId: number,
  vectors: DenseMatrix,
  userIds: string[],
): Promise<{ x: Float32Array; y: Float32Array }> {
  const { rows } = await getPool().query<{ vector: number[]; map_x: number; map_y: number }>(
    `SELECT vector, map_x, map_y FROM user_profiles WHERE run_id = $1 AND NOT (user_id = ANY($2::text[]))
     ORDER BY sample_key LIMIT $3`,
    [runId, userIds, mapNeighbourSample],
  );
  const x = new Float32Array(vectors.rows);
  const y = new Float32Array(vectors.rows);
  if (rows.length === 0) return { x, y };
  const nearest = assignToNearestCentroids(vectors, storedRows(rows.map((row) => row.vector)));
  for (let u = 0; u < vectors.rows; u++) {
    x[u] = rows[nearest.labels[u]].map_x;
    y[u] = rows[nearest.labels[u]].map_y;
  }
  return { x, y };
}

export type IngestAssignment =
  | ({ status: 'assigned' } & AssignmentResult)
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/** More users than this in one request are left for `portrait assign` or the next retrain. */
export const ingestAssignmentUserLimit = 2000;

/**
 * After events arrive over HTTP: assigns the users of that import batch against the active
 * run, when there is one that stored its profile model. New texts are not embedded here (no
 * model load on a request); the events are already committed, so a failure is reported, not thrown.
 */
export async function assignAfterIngest(datasetId: number, batchId: number): Promise<IngestAssignment> {
  try {
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND import_id = $2',
      [datasetId, batchId],
    );
    if (rows.length === 0) return { status: 'skipped', reason: 'no new events' };
    if (rows.length > ingestAssignmentUserLimit) {
      return {
        status: 'skipped',
        reason: `${rows.length} users in one request (over ${ingestAssignmentUserLimit}): run \`npx portrait assign\``,
      };
    }
    const result = await assignToActiveRun(datasetId, { userIds: rows.map((row) => row.user_id) });
    return { status: 'assigned', ...result };
  } catch (error) {
    if (error instanceof AssignmentError) return { status: 'skipped', reason: error.message };
    console.error('Assignment after ingest failed', error);
    return { status: 'failed', reason: (error as Error).message };
  }
}
