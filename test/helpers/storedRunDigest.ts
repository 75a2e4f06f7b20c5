import { createHash } from 'node:crypto';
import { getPool } from '@/lib/db/connection';

/** Keys that measure the machine (e.g. a recommender's `fitMs`), not the model. */
const timingKey = /Ms$/;

/**
 * Numbers are written with 10 significant digits: a change that only reorders a floating-point
 * sum passes, while a change in what is computed does not.
 */
function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(10)) : String(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !timingKey.test(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, canonical(inner)]));
  }
  return value;
}

function hashRows(rows: unknown[]): { rows: number; sha256: string } {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(canonical(row))}\n`);
  return { rows: rows.length, sha256: hash.digest('hex') };
}

export type StoredRunDigest = Record<string, { rows: number; sha256: string }>;

/**
 * A digest, table by table, of everything a run stored: segments, user profiles, prediction
 * targets, scores, recommendations, artifacts and the run's params, metrics and meta (not its device,
 * timings, log, run id or dates). Two runs that stored the same results have the same digest.
 */
export async function storedRunDigest(runId: number): Promise<StoredRunDigest> {
  const pool = getPool();
  const select = async (sql: string) => (await pool.query(sql, [runId])).rows;
  const run = (await select('SELECT params, metrics, meta, events_up_to FROM model_runs WHERE id = $1'))[0];
  return {
    // meta.device says which GPUs this machine has, not what the run computed: left out like timings
    run: hashRows([
      {
        params: run.params,
        metrics: run.metrics,
        meta: { ...run.meta, device: undefined },
        eventsUpTo: run.events_up_to,
      },
    ]),
    segments: hashRows(
      await select(
        'SELECT index, name, description, size, share, below_floor, centroid, persona FROM segments WHERE run_id = $1 ORDER BY index',
      ),
    ),
    user_profiles: hashRows(
      await select(
        `SELECT user_id, segment_index, vector, map_x, map_y, distance, sample_key, features
           FROM user_profiles WHERE run_id = $1 ORDER BY user_id COLLATE "C"`,
      ),
    ),
    prediction_targets: hashRows(
      await select(
        'SELECT target, kind, status, reason, model, quality FROM prediction_targets WHERE run_id = $1 ORDER BY target COLLATE "C"',
      ),
    ),
    scores: hashRows(
      await select(
        'SELECT target, user_id, value, detail FROM scores WHERE run_id = $1 ORDER BY target COLLATE "C", user_id COLLATE "C"',
      ),
    ),
    recommendations: hashRows(
      await select(
        'SELECT user_id, rank, item_id, score, reason FROM recommendations WHERE run_id = $1 ORDER BY user_id COLLATE "C", rank',
      ),
    ),
    run_artifacts: hashRows(
      await select('SELECT name, content FROM run_artifacts WHERE run_id = $1 ORDER BY name COLLATE "C"'),
    ),
  };
}
