import { getPool } from '@/lib/db/connection';

export interface FeatureComparison {
  feature: string;
  label: string;
  segmentMean: number;
  segmentMedian: number;
  populationMean: number;
  populationMedian: number;
  /** standardised difference: (segment mean - population mean) / population standard deviation */
  z: number;
}

/** At most this many profiles feed each side; past it the means come from the fixed random sample. */
export const featureSampleSize = 20_000;

/** "monetary_mean" or "monetaryMean" -> "Monetary mean", for features no persona trait labels. */
export function humanizeFeature(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Every numeric (and boolean, as a share) feature in the run's profiles: its mean and median in
 * one segment against the whole population, ordered by the size of the standardised difference.
 */
export async function compareFeatures(runId: number, segmentIndex: number): Promise<FeatureComparison[]> {
  const pool = getPool();
  const [stats, labels] = await Promise.all([
    pool.query<{
      key: string;
      segment_mean: number;
      segment_median: number;
      population_mean: number;
      population_median: number;
      population_sd: number | null;
    }>(
      `WITH seg AS (
         SELECT features FROM user_profiles WHERE run_id = $1 AND segment_index = $2 ORDER BY sample_key LIMIT $3
       ), pop AS (
         SELECT features FROM user_profiles WHERE run_id = $1 ORDER BY sample_key LIMIT $3
       ), seg_values AS (
         SELECT f.key, CASE jsonb_typeof(f.value) WHEN 'number' THEN (f.value)::float8
           WHEN 'boolean' THEN CASE WHEN (f.value)::boolean THEN 1.0 ELSE 0.0 END END AS v
         FROM seg, jsonb_each(seg.features) f
       ), pop_values AS (
         SELECT f.key, CASE jsonb_typeof(f.value) WHEN 'number' THEN (f.value)::float8
           WHEN 'boolean' THEN CASE WHEN (f.value)::boolean THEN 1.0 ELSE 0.0 END END AS v
         FROM pop, jsonb_each(pop.features) f
       ), seg_stats AS (
         SELECT key, avg(v) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median
         FROM seg_values WHERE v IS NOT NULL GROUP BY key
       ), pop_stats AS (
         SELECT key, avg(v) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, stddev_pop(v) AS sd
         FROM pop_values WHERE v IS NOT NULL GROUP BY key
       )
       SELECT p.key, s.mean AS segment_mean, s.median AS segment_median,
         p.mean AS population_mean, p.median AS population_median, p.sd AS population_sd
       FROM pop_stats p JOIN seg_stats s USING (key)`,
      [runId, segmentIndex, featureSampleSize],
    ),
    pool.query<{ feature: string; label: string }>(
      `SELECT DISTINCT t->>'feature' AS feature, t->>'label' AS label
       FROM segments s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.persona->'traits') = 'array'
         THEN s.persona->'traits' ELSE '[]'::jsonb END) t
       WHERE s.run_id = $1 AND t ? 'feature' AND t ? 'label'`,
      [runId],
    ),
  ]);
  const labelOf = new Map(labels.rows.map((row) => [row.feature, row.label]));
  return stats.rows
    .map((row) => {
      const sd = row.population_sd ?? 0;
      return {
        feature: row.key,
        label: labelOf.get(row.key) ?? humanizeFeature(row.key),
        segmentMean: row.segment_mean,
        segmentMedian: row.segment_median,
        populationMean: row.population_mean,
        populationMedian: row.population_median,
        z: sd > 1e-12 ? (row.segment_mean - row.population_mean) / sd : 0,
      };
    })
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.feature.localeCompare(b.feature));
}
