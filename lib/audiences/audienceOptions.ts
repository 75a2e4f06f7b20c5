import { getPool } from '@/lib/db/connection';
import { datasetCategories, datasetEventTypes } from '@/lib/goals/goalChoices';
import { describeTarget, isHiddenAttribute } from '@/lib/ml/predict/targetRegistry';
import { sensitiveAttributes } from '@/lib/queries/requireRun';
import { loadAudienceContext } from './audienceContext';
import { holdoutOf, targetVerdict } from './checkAudienceDefinition';

export interface AudienceOptions {
  runId: number;
  asOf: string;
  population: number;
  segments: { index: number; name: string; size: number; belowFloor: boolean }[];
  /** every target of the run; only `predictive` ones may select an audience */
  targets: {
    target: string;
    /** what the target is about, for its label: the category, attribute or goal name (lib/ml/predict/targetRegistry) */
    name: string;
    /** the horizon in days, where the target has one */
    days: number | null;
    kind: string;
    predictive: boolean;
    reason: string | null;
    metric: string | null;
    value: number | null;
    baseline: number | null;
    classes: string[];
  }[];
  eventTypes: string[];
  categories: string[];
  attributes: { name: string; kind: string; values: string[] }[];
  /** numeric features the run stored per user */
  features: string[];
}

/** What the audience editor can offer for a dataset's active run. */
export async function audienceOptions(datasetId: number): Promise<AudienceOptions> {
  const context = await loadAudienceContext(datasetId);
  const pool = getPool();
  const [segments, targets, eventTypes, categories, attributes, features, dataset] = await Promise.all([
    pool.query<{ index: number; name: string; size: number; below_floor: boolean }>(
      'SELECT index, name, size, below_floor FROM segments WHERE run_id = $1 ORDER BY index',
      [context.runId],
    ),
    pool.query<{
      target: string;
      kind: string;
      status: string;
      reason: string | null;
      quality: Record<string, unknown>;
      classes: string[] | null;
    }>(
      `SELECT t.target, t.kind, t.status, t.reason, t.quality,
         (SELECT array_agg(DISTINCT s.detail ->> 'predicted') FROM (SELECT detail FROM scores
            WHERE run_id = t.run_id AND target = t.target AND t.kind <> 'numeric' LIMIT 2000) s
          WHERE s.detail ->> 'predicted' IS NOT NULL) AS classes
       FROM prediction_targets t WHERE t.run_id = $1 ORDER BY t.target`,
      [context.runId],
    ),
    datasetEventTypes(datasetId),
    datasetCategories(datasetId),
    pool.query<{ name: string; kind: string; values: string[] | null }>(
      `SELECT name, min(kind) AS kind,
         (array_agg(DISTINCT value_text) FILTER (WHERE value_text IS NOT NULL))[1:50] AS values
       FROM user_attributes WHERE dataset_id = $1 GROUP BY name ORDER BY name`,
      [datasetId],
    ),
    pool.query<{ key: string }>(
      `SELECT DISTINCT k.key FROM (SELECT features FROM user_profiles WHERE run_id = $1 LIMIT 200) p,
         jsonb_each(p.features) k WHERE jsonb_typeof(k.value) = 'number' ORDER BY 1`,
      [context.runId],
    ),
    pool.query<{ settings: Record<string, unknown> }>('SELECT settings FROM datasets WHERE id = $1', [datasetId]),
  ]);
  const hidden = sensitiveAttributes({
    id: datasetId,
    name: '',
    settings: dataset.rows[0]?.settings ?? {},
    activeRunId: null,
    revision: 0,
  });
  return {
    runId: context.runId,
    asOf: context.asOf.toISOString(),
    population: segments.rows.reduce((sum, row) => sum + row.size, 0),
    segments: segments.rows.map((row) => ({
      index: row.index,
      name: row.name,
      size: row.size,
      belowFloor: row.below_floor,
    })),
    targets: targets.rows
      .filter((row) => !isHiddenAttribute(row.target, hidden))
      .map((row) => {
        const verdict = targetVerdict(row);
        const holdout = holdoutOf(row.quality);
        const described = describeTarget(row.target, row.quality);
        return {
          target: row.target,
          name: described?.name ?? row.target,
          days: described?.days ?? null,
          kind: row.kind,
          predictive: verdict.predictive,
          reason: verdict.predictive ? null : (row.reason ?? verdict.reason ?? null),
          metric: holdout?.metric ?? null,
          value: holdout?.value ?? null,
          baseline: holdout?.baseline ?? null,
          classes: (row.classes ?? []).sort(),
        };
      }),
    eventTypes,
    categories,
    attributes: attributes.rows
      .filter((row) => !hidden.has(row.name))
      .map((row) => ({ name: row.name, kind: row.kind, values: (row.values ?? []).sort() })),
    features: features.rows.map((row) => row.key),
  };
}
