import { forgetCachedDatasets } from '@/lib/datasets/datasetCache';
import { type BulkColumn, bulkInsert } from '@/lib/db/bulkInsert';
import { getPool } from '@/lib/db/connection';
import { inTransaction } from '@/lib/db/inTransaction';
import { type TargetQuality, targetQuality } from '@/lib/ml/predict/targets/targetQuality';
import type { ScoreRow, TargetRow } from '@/lib/ml/predict/targets/targetTraining';

export interface StoredSegment {
  index: number;
  name: string;
  description: string;
  size: number;
  share: number;
  belowFloor: boolean;
  centroid: ArrayLike<number>;
  persona: object;
}

export interface StoredProfile {
  userId: string;
  segmentIndex: number;
  vector: ArrayLike<number>;
  mapX: number;
  mapY: number;
  distance: number;
  sampleKey: number;
  features: object;
}

/** A prediction_targets row; its quality record follows lib/ml/predict/targets/targetQuality. */
export type StoredTarget = TargetRow;
export type StoredScore = ScoreRow;

export interface StoredRecommendation {
  userId: string;
  rank: number;
  itemId: string;
  score: number;
  reason: string;
  /** the rating the user would give the item; null without a rating model */
  predictedRating?: number | null;
}

export interface StoredArtifact {
  name: string;
  content: unknown;
}

export interface RunOutputs {
  segments: StoredSegment[];
  profiles: Iterable<StoredProfile>;
  targets: StoredTarget[];
  scores: Iterable<StoredScore>;
  recommendations: Iterable<StoredRecommendation>;
  /** fitted parts later steps reuse (run_artifacts) */
  artifacts?: StoredArtifact[];
}

export async function createRun(datasetId: number, params: object): Promise<number> {
  const { rows } = await getPool().query<{ id: number }>(
    `INSERT INTO model_runs (dataset_id, status, params) VALUES ($1, 'running', $2) RETURNING id`,
    [datasetId, JSON.stringify(params)],
  );
  return rows[0].id;
}

export async function appendRunLog(runId: number, line: string): Promise<void> {
  await getPool().query('UPDATE model_runs SET log = array_append(log, $2) WHERE id = $1', [runId, line]);
}

function* map<T, U>(values: Iterable<T>, fn: (value: T) => U): Iterable<U> {
  for (const value of values) yield fn(value);
}

const profileColumns = [
  { name: 'run_id', type: 'int' },
  { name: 'user_id', type: 'text' },
  { name: 'segment_index', type: 'int' },
  { name: 'vector', type: 'real[]' },
  { name: 'map_x', type: 'real' },
  { name: 'map_y', type: 'real' },
  { name: 'distance', type: 'real' },
  { name: 'sample_key', type: 'real' },
  { name: 'features', type: 'jsonb' },
];
const scoreColumns = [
  { name: 'run_id', type: 'int' },
  { name: 'target', type: 'text' },
  { name: 'user_id', type: 'text' },
  { name: 'value', type: 'float8' },
  { name: 'detail', type: 'jsonb' },
];
const recommendationColumns = [
  { name: 'run_id', type: 'int' },
  { name: 'user_id', type: 'text' },
  { name: 'rank', type: 'int' },
  { name: 'item_id', type: 'text' },
  { name: 'score', type: 'float8' },
  { name: 'reason', type: 'text' },
  { name: 'predicted_rating', type: 'float8' },
];

/** Per-user rows of a run: what a failed write leaves behind and deleteRunRows clears. */
const perUserTables = ['user_profiles', 'scores', 'recommendations'];

async function writeTable(table: string, columns: BulkColumn[], rows: Iterable<unknown[]>): Promise<void> {
  const client = await getPool().connect();
  try {
    await bulkInsert(client, table, columns, rows as Iterable<never[]>);
  } finally {
    client.release();
  }
}

async function deleteRunRows(runId: number): Promise<void> {
  for (const table of perUserTables) await getPool().query(`DELETE FROM ${table} WHERE run_id = $1`, [runId]);
}

/**
 * One chunk of a run's per-user rows, written while the run is still `running`, which no reader
 * shows: a run fitted on a sample writes every user this way before completeRun (whose own
 * per-user outputs are then empty). A failed run's rows go with failRun.
 */
export async function writeRunRows(
  runId: number,
  rows: Pick<RunOutputs, 'profiles' | 'scores' | 'recommendations'>,
): Promise<void> {
  const client = await getPool().connect();
  try {
    await bulkInsert(client, 'user_profiles', profileColumns, profileRows(runId, rows.profiles));
    await bulkInsert(client, 'scores', scoreColumns, scoreRows(runId, rows.scores));
    await bulkInsert(client, 'recommendations', recommendationColumns, recommendationRows(runId, rows.recommendations));
  } finally {
    client.release();
  }
}

/** Writes some of a chunk's rows inside replaceChunkRows's transaction; called once per part, one call at a time. */
export type WriteChunkRows = (rows: Pick<RunOutputs, 'profiles' | 'scores' | 'recommendations'>) => Promise<void>;

/**
 * writeRunRows for a chunk that may be written again (a retried chunk job): in one transaction,
 * the run's rows of the chunk's users (every user id from firstUserId to lastUserId; their scores of `scoreTargets` only) are deleted and the chunk's
 * written, part by part as `fill` hands them to its writer, so a retry after a worker was killed
 * mid-write leaves the same rows as one attempt. False, writing nothing, when the run is no longer running.
 */
export async function replaceChunkRows(
  runId: number,
  chunk: { firstUserId: string; lastUserId: string; scoreTargets: string[] },
  fill: (write: WriteChunkRows) => Promise<void>,
): Promise<boolean> {
  return inTransaction(async (client) => {
    // Held until COMMIT: failRun, which marks the run failed before deleting its rows, waits for
    // this chunk, so no chunk's rows outlive a failed run.
    const { rows: run } = await client.query<{ status: string }>(
      'SELECT status FROM model_runs WHERE id = $1 FOR SHARE',
      [runId],
    );
    if (run[0]?.status !== 'running') return false;
    // By the chunk's range of user ids, which the primary keys serve: as `user_id = ANY(list)` the
    // planner, guessing a new run small, read every row the run had so far and kept the chunk's,
    // seconds a chunk by the end of a 1M-user run.
    const range = [runId, chunk.firstUserId, chunk.lastUserId];
    await client.query('DELETE FROM user_profiles WHERE run_id = $1 AND user_id >= $2 AND user_id <= $3', range);
    await client.query(
      'DELETE FROM scores WHERE run_id = $1 AND target = ANY($4::text[]) AND user_id >= $2 AND user_id <= $3',
      [...range, chunk.scoreTargets],
    );
    await client.query('DELETE FROM recommendations WHERE run_id = $1 AND user_id >= $2 AND user_id <= $3', range);
    await fill(async (rows) => {
      await bulkInsert(client, 'user_profiles', profileColumns, profileRows(runId, rows.profiles));
      await bulkInsert(client, 'scores', scoreColumns, scoreRows(runId, rows.scores));
      await bulkInsert(
        client,
        'recommendations',
        recommendationColumns,
        recommendationRows(runId, rows.recommendations),
      );
    });
    return true;
  });
}

function profileRows(runId: number, profiles: Iterable<StoredProfile>) {
  return map(profiles, (p) => [
    runId,
    p.userId,
    p.segmentIndex,
    ArrayBuffer.isView(p.vector) ? p.vector : Array.from(p.vector),
    p.mapX,
    p.mapY,
    p.distance,
    p.sampleKey,
    p.features,
  ]);
}

function scoreRows(runId: number, scores: Iterable<StoredScore>) {
  return map(scores, (s) => [runId, s.target, s.userId, s.value, s.detail ?? null]);
}

function recommendationRows(runId: number, recommendations: Iterable<StoredRecommendation>) {
  return map(recommendations, (r) => [runId, r.userId, r.rank, r.itemId, r.score, r.reason, r.predictedRating ?? null]);
}

/**
 * Writes a finished run's outputs and makes it the dataset's active run. Readers only ever see
 * the previous run or the complete new one: the per-user rows (profiles, scores,
 * recommendations, most of the writing) go in first, side by side on connections of their own,
 * while the run is still `running`, which no reader shows (requireRun serves succeeded runs
 * only, the rest the active run); then ONE transaction writes the segments, targets and
 * artifacts, marks the run succeeded and makes it active. When any of it fails, the rows written
 * so far are deleted again and the run never becomes active.
 */
export async function completeRun(
  runId: number,
  datasetId: number,
  outputs: RunOutputs,
  summary: { metrics: object; timings: object; meta: object; eventsUpTo: Date | null },
): Promise<void> {
  const written = await Promise.allSettled([
    writeTable('user_profiles', profileColumns, profileRows(runId, outputs.profiles)),
    writeTable('scores', scoreColumns, scoreRows(runId, outputs.scores)),
    writeTable('recommendations', recommendationColumns, recommendationRows(runId, outputs.recommendations)),
  ]);
  const failure = written.find((result) => result.status === 'rejected');
  if (failure) {
    await deleteRunRows(runId).catch(() => {});
    throw failure.reason;
  }
  // Fresh statistics before the run goes live: planned with the previous run's (or an empty
  // table's) row counts, a segment's member page at 100,000 users sorted all 17,000 members
  // (313 ms) instead of walking the (run, segment, distance) index (9 ms) until autovacuum came by.
  for (const table of perUserTables) await getPool().query(`ANALYZE ${table}`);
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await bulkInsert(
      client,
      'segments',
      [
        { name: 'run_id', type: 'int' },
        { name: 'index', type: 'int' },
        { name: 'name', type: 'text' },
        { name: 'description', type: 'text' },
        { name: 'size', type: 'int' },
        { name: 'share', type: 'float8' },
        { name: 'below_floor', type: 'bool' },
        { name: 'centroid', type: 'real[]' },
        { name: 'persona', type: 'jsonb' },
      ],
      outputs.segments.map((s) => [
        runId,
        s.index,
        s.name,
        s.description,
        s.size,
        s.share,
        s.belowFloor,
        Array.from(s.centroid),
        s.persona,
      ]),
    );
    await bulkInsert(
      client,
      'prediction_targets',
      [
        { name: 'run_id', type: 'int' },
        { name: 'target', type: 'text' },
        { name: 'kind', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'reason', type: 'text' },
        { name: 'model', type: 'text' },
        { name: 'quality', type: 'jsonb' },
      ],
      outputs.targets.map((t) => [
        runId,
        t.target,
        t.kind,
        t.status,
        t.reason ?? null,
        t.model ?? null,
        checkedQuality(t),
      ]),
    );
    for (const artifact of outputs.artifacts ?? []) {
      await client.query('INSERT INTO run_artifacts (run_id, name, content) VALUES ($1, $2, $3)', [
        runId,
        artifact.name,
        JSON.stringify(artifact.content),
      ]);
    }
    await client.query(
      `UPDATE model_runs SET status = 'succeeded', metrics = $2, timings = $3, meta = $4, events_up_to = $5,
         finished_at = now() WHERE id = $1`,
      [
        runId,
        JSON.stringify(summary.metrics),
        JSON.stringify(summary.timings),
        JSON.stringify(summary.meta),
        summary.eventsUpTo,
      ],
    );
    await client.query('UPDATE datasets SET active_run_id = $2, updated_at = now() WHERE id = $1', [datasetId, runId]);
    await client.query('COMMIT');
    forgetCachedDatasets();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    await deleteRunRows(runId).catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Artifacts stored while the run is still running (a sample-fitted run's models, which its
 * chunk jobs read back); completeRun is then given none.
 */
export async function writeRunArtifacts(runId: number, artifacts: StoredArtifact[]): Promise<void> {
  for (const artifact of artifacts) {
    await getPool().query('INSERT INTO run_artifacts (run_id, name, content) VALUES ($1, $2, $3)', [
      runId,
      artifact.name,
      JSON.stringify(artifact.content),
    ]);
  }
}

export async function deleteRunArtifact(runId: number, name: string): Promise<void> {
  await getPool().query('DELETE FROM run_artifacts WHERE run_id = $1 AND name = $2', [runId, name]);
}

/**
 * A failed run keeps its log and error for the history, and no per-user rows; the active run
 * stays as it was.
 */
export async function failRun(runId: number, error: string): Promise<void> {
  await getPool().query(`UPDATE model_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
    runId,
    error,
  ]);
  await deleteRunRows(runId);
  // only a run whose chunks ran as jobs has artifacts before it completes
  await getPool().query('DELETE FROM run_artifacts WHERE run_id = $1', [runId]);
}

/** A target's quality record as it will be stored (JSON: NaN becomes null), checked against the one schema. */
function checkedQuality(target: StoredTarget): TargetQuality {
  const parsed = targetQuality.safeParse(JSON.parse(JSON.stringify(target.quality)));
  if (!parsed.success) {
    throw new Error(`The quality record of ${target.target} does not follow targetQuality: ${parsed.error.message}`);
  }
  return target.quality;
}
