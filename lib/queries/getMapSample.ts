import { getPool } from '@/lib/db/connection';
import { requireRun } from './requireRun';

/** Columns, not objects: 5,000 points cost about half the bytes. Row i is one user. */
export interface MapSample {
  datasetId: number;
  runId: number;
  /** users with a profile in the run; the sample is `userId.length` of them */
  total: number;
  userId: string[];
  x: number[];
  y: number[];
  /** null for users in segments under the size floor, which the map shows only as "other" */
  segment: (number | null)[];
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * The 2-D projection for the cluster map: the `limit` profiles with the smallest sample keys,
 * so the same users are drawn on every visit.
 */
export async function getMapSample(datasetId: number, limit: number, runId?: number): Promise<MapSample> {
  const run = await requireRun(datasetId, runId);
  const pool = getPool();
  const [points, total] = await Promise.all([
    pool.query<{ user_id: string; map_x: number; map_y: number; segment_index: number | null }>(
      `SELECT p.user_id, p.map_x, p.map_y, CASE WHEN s.below_floor THEN NULL ELSE p.segment_index END AS segment_index
       FROM user_profiles p JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
       WHERE p.run_id = $1 ORDER BY p.sample_key, p.user_id LIMIT $2`,
      [run.runId, limit],
    ),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM user_profiles WHERE run_id = $1', [run.runId]),
  ]);
  return {
    datasetId,
    runId: run.runId,
    total: total.rows[0].n,
    userId: points.rows.map((row) => row.user_id),
    x: points.rows.map((row) => round(row.map_x)),
    y: points.rows.map((row) => round(row.map_y)),
    segment: points.rows.map((row) => row.segment_index),
  };
}
