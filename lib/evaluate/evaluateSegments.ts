import { getPool } from '@/lib/db/connection';
import { adjustedRandIndex, normalizedMutualInformation } from '@/lib/ml/segment/clusterQuality';

export interface SegmentsEvaluation {
  k: number;
  silhouette: number;
  daviesBouldin: number;
  agreement: Record<string, { ari: number; nmi: number; users: number }>;
}

/**
 * The active run's segmentation: its quality metrics, and its agreement with each truth
 * attribute (e.g. the demo's true_persona) over the users that carry it.
 */
export async function evaluateSegments(datasetId: number, truthAttributes: string[]): Promise<SegmentsEvaluation> {
  const pool = getPool();
  const { rows: runs } = await pool.query<{
    id: number;
    metrics: { segments?: { k: number; silhouette: number; daviesBouldin: number } };
  }>(`SELECT r.id, r.metrics FROM datasets d JOIN model_runs r ON r.id = d.active_run_id WHERE d.id = $1`, [datasetId]);
  const run = runs[0];
  if (!run?.metrics.segments) throw new Error('The dataset has no trained run yet: run `npx portrait train` first');
  const agreement: SegmentsEvaluation['agreement'] = {};
  for (const attribute of truthAttributes) {
    const { rows } = await pool.query<{ segment_index: number; truth: string }>(
      `SELECT p.segment_index, coalesce(a.value_text, a.value_num::text) AS truth
       FROM user_profiles p JOIN user_attributes a
         ON a.dataset_id = $2 AND a.user_id = p.user_id AND a.name = $3
       WHERE p.run_id = $1 AND coalesce(a.value_text, a.value_num::text) IS NOT NULL`,
      [run.id, datasetId, attribute],
    );
    if (rows.length === 0) throw new Error(`No profiled user has the attribute "${attribute}"`);
    const predicted = rows.map((row) => row.segment_index);
    const truth = rows.map((row) => row.truth);
    agreement[attribute] = {
      ari: adjustedRandIndex(predicted, truth),
      nmi: normalizedMutualInformation(predicted, truth),
      users: rows.length,
    };
  }
  const { k, silhouette, daviesBouldin } = run.metrics.segments;
  return { k, silhouette, daviesBouldin, agreement };
}
