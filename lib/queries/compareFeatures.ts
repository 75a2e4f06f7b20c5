import { getPool } from '@/lib/db/connection';
import type { RunRef } from './requireRun';

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

/**
 * At most this many profiles feed each side, drawn by the run's fixed sample key, so the numbers
 * are the same on every visit. 10,000 puts a mean within about 0.01 standard deviations.
 */
export const featureSampleSize = 10_000;

interface FeatureStats {
  mean: number;
  median: number;
  sd: number;
}

/** "monetary_mean" or "monetaryMean" -> "Monetary mean", for features no persona trait labels. */
export function humanizeFeature(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Mean, median and standard deviation of every numeric (and boolean, as 0/1) member. */
export function featureStats(rows: Record<string, unknown>[]): Map<string, FeatureStats> {
  const values = new Map<string, number[]>();
  for (const features of rows) {
    for (const [key, value] of Object.entries(features)) {
      const number = typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : null;
      if (number === null || !Number.isFinite(number)) continue;
      const list = values.get(key);
      if (list) list.push(number);
      else values.set(key, [number]);
    }
  }
  const stats = new Map<string, FeatureStats>();
  for (const [key, list] of values) {
    const sorted = Float64Array.from(list).sort();
    const n = sorted.length;
    let sum = 0;
    for (const value of sorted) sum += value;
    const mean = sum / n;
    let squares = 0;
    for (const value of sorted) squares += (value - mean) ** 2;
    const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    stats.set(key, { mean, median, sd: Math.sqrt(squares / n) });
  }
  return stats;
}

// A run's profiles change only through incremental assignment, which bumps the dataset's
// revision, so statistics are kept per process under (run, revision): the population once, each
// segment once. Bounded, oldest first out.
const cacheLimit = 256;
const statsCache = new Map<string, Promise<Map<string, FeatureStats>>>();

function cachedStats(key: string, load: () => Promise<Map<string, FeatureStats>>) {
  let stats = statsCache.get(key);
  if (!stats) {
    stats = load();
    stats.catch(() => statsCache.delete(key));
    statsCache.set(key, stats);
    if (statsCache.size > cacheLimit) statsCache.delete(statsCache.keys().next().value as string);
  }
  return stats;
}

async function sampleStats(runId: number, segmentIndex: number | null) {
  const { rows } = await getPool().query<{ features: Record<string, unknown> }>(
    `SELECT features FROM user_profiles
     WHERE run_id = $1 AND ($2::int IS NULL OR segment_index = $2)
     ORDER BY sample_key LIMIT $3`,
    [runId, segmentIndex, featureSampleSize],
  );
  return featureStats(rows.map((row) => row.features));
}

// Labels from the run's feature descriptions (meta.features), else from persona traits; a run's
// labels never change either.
const labelsCache = new Map<number, Promise<Map<string, string>>>();

function cachedLabels(runId: number): Promise<Map<string, string>> {
  let labels = labelsCache.get(runId);
  if (!labels) {
    labels = loadLabels(runId);
    labels.catch(() => labelsCache.delete(runId));
    labelsCache.set(runId, labels);
    if (labelsCache.size > cacheLimit) labelsCache.delete(labelsCache.keys().next().value as number);
  }
  return labels;
}

async function loadLabels(runId: number): Promise<Map<string, string>> {
  const { rows } = await getPool().query<{ feature: string; label: string }>(
    `SELECT t->>'feature' AS feature, t->>'label' AS label
     FROM segments s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.persona->'traits') = 'array'
       THEN s.persona->'traits' ELSE '[]'::jsonb END) t
     WHERE s.run_id = $1 AND t ? 'feature' AND t ? 'label'
     UNION ALL
     SELECT d->>'name', d->>'label'
     FROM model_runs r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.meta->'features') = 'array'
       THEN r.meta->'features' ELSE '[]'::jsonb END) d
     WHERE r.id = $1 AND d ? 'name' AND d ? 'label'`,
    [runId],
  );
  return new Map(rows.map((row) => [row.feature, row.label]));
}

/**
 * Every numeric (and boolean, as a share) feature in the run's profiles: its mean and median in
 * one segment against the whole population, ordered by the size of the standardised difference.
 */
export async function compareFeatures(run: RunRef, segmentIndex: number): Promise<FeatureComparison[]> {
  const { runId } = run;
  const version = `${runId}:${run.dataset.revision}`;
  const [population, segment, labelOf] = await Promise.all([
    cachedStats(`${version}:population`, () => sampleStats(runId, null)),
    cachedStats(`${version}:${segmentIndex}`, () => sampleStats(runId, segmentIndex)),
    cachedLabels(runId),
  ]);
  const comparisons: FeatureComparison[] = [];
  for (const [feature, own] of segment) {
    const all = population.get(feature);
    if (!all) continue;
    comparisons.push({
      feature,
      label: labelOf.get(feature) ?? humanizeFeature(feature),
      segmentMean: own.mean,
      segmentMedian: own.median,
      populationMean: all.mean,
      populationMedian: all.median,
      z: all.sd > 1e-12 ? (own.mean - all.mean) / all.sd : 0,
    });
  }
  return comparisons.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.feature.localeCompare(b.feature));
}
