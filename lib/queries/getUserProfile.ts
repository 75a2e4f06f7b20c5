import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { describeTarget } from '@/lib/ml/predict/targetRegistry';
import {
  type FreshnessRow,
  freshnessSql,
  type ProfileFreshness,
  profileFreshness,
} from '@/lib/realtime/profileFreshness';
import { compareFeatures, humanizeFeature } from './compareFeatures';
import {
  activeRunOf,
  type DatasetRefRow,
  datasetRefColumns,
  datasetRefOf,
  purchaseTypes,
  requireRun,
  sensitiveAttributes,
} from './requireRun';

export interface UserFeature {
  feature: string;
  label: string;
  value: number | string | boolean | null;
  /** null when the feature is not numeric or the user's segment is under the size floor */
  segmentMean: number | null;
  populationMean: number | null;
}

export interface UserScore {
  target: string;
  kind: string;
  value: number;
  detail: unknown;
  model: string | null;
  /** the target's hold-out quality as the run stored it (auc, lift, baseline, split, ...) */
  quality: Record<string, unknown>;
}

export interface InferredAttribute {
  attribute: string;
  /** the most likely class, or the predicted number */
  value: string | number;
  /** the most likely class's probability; null for numeric targets */
  confidence: number | null;
  alternatives: { value: string; probability: number }[];
  model: string | null;
  quality: Record<string, unknown>;
}

export interface UserEvent {
  ts: string;
  type: string;
  itemId: string | null;
  itemTitle: string | null;
  value: number | null;
  /** a purchase type's value is money, shown in the dataset's currency */
  isPurchase: boolean;
  text: string | null;
}

export interface UserProfile {
  datasetId: number;
  runId: number;
  userId: string;
  isStub: boolean;
  /** false when the user had no events by the run's cut-off */
  profiled: boolean;
  segment: { index: number; name: string; shown: boolean } | null;
  distance: number | null;
  attributes: { name: string; value: string | number | boolean | null }[];
  features: UserFeature[];
  scores: UserScore[];
  inferred: InferredAttribute[];
  /**
   * The attributes this run infers for users who lack them: those whose model beat its baseline on
   * held-out users, so guesses were stored. Empty when none did (or the dataset has no attributes).
   */
  inferableAttributes: string[];
  /** whether the run trained any attribute model at all (none is trained without enough labelled users) */
  attributeModelsTrained: boolean;
  eventCount: number;
  recentEvents: UserEvent[];
  /** when the profile last followed new events, and by which run's models */
  freshness: ProfileFreshness;
}

const recentEventLimit = 20;
/** the features that most set the user's segment apart; the rest stay on the segment page */
export const profileFeatureLimit = 20;

function classProbabilities(detail: unknown): { value: string; probability: number }[] {
  if (!detail || typeof detail !== 'object') return [];
  const source = (detail as { probabilities?: unknown }).probabilities ?? detail;
  if (!source || typeof source !== 'object') return [];
  return Object.entries(source as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .map(([value, probability]) => ({ value, probability }))
    .sort((a, b) => b.probability - a.probability);
}

/**
 * The inferred value of an `attr:` score as the pipeline stores it: multi-class detail holds the
 * class probabilities, binary detail the predicted class (value = P(positive)), numeric detail
 * the prediction.
 */
function inferredValue(score: { kind: string; value: number; detail: unknown }) {
  const classes = classProbabilities(score.detail);
  if (classes.length) {
    return { value: classes[0].value, confidence: classes[0].probability, alternatives: classes.slice(1, 4) };
  }
  const predicted = (score.detail as { predicted?: unknown } | null)?.predicted;
  const value = typeof predicted === 'string' || typeof predicted === 'number' ? predicted : score.value;
  const confidence = score.kind === 'binary' ? Math.max(score.value, 1 - score.value) : null;
  return { value, confidence, alternatives: [] };
}

function attributeValue(row: { kind: string; value_text: string | null; value_num: number | null }) {
  if (row.kind === 'number') return row.value_num;
  if (row.kind === 'boolean') return row.value_text === null ? null : row.value_text === 'true';
  return row.value_text;
}

export async function getUserProfile(datasetId: number, userId: string, runId?: number): Promise<UserProfile> {
  // A named run is checked first; the active run is read in the same statement as the profile.
  const namedRun = runId === undefined ? null : await requireRun(datasetId, runId);
  // One prepared statement rather than six: on these machines a round trip, and parsing and
  // planning this statement, cost more than running it.
  const { rows } = await getPool().query<{
    dataset: DatasetRefRow | null;
    is_stub: boolean | null;
    profile: {
      segment_index: number;
      distance: number;
      features: Record<string, unknown>;
      name: string;
      below_floor: boolean;
    } | null;
    attributes: { name: string; kind: string; value_text: string | null; value_num: number | null }[];
    scores: {
      target: string;
      value: number;
      detail: unknown;
      kind: string;
      model: string | null;
      quality: Record<string, unknown>;
    }[];
    attribute_models: boolean;
    event_count: number;
    recent_events: {
      ts: string;
      type: string;
      item_id: string | null;
      title: string | null;
      value: number | null;
      text: string | null;
    }[];
    freshness: FreshnessRow | null;
  }>({
    name: 'portrait_user_profile',
    text: `WITH d AS (SELECT ${datasetRefColumns} FROM datasets WHERE id = $1),
     r AS (SELECT coalesce($3::int, (SELECT active_run_id FROM d)) AS id)
     SELECT
       (SELECT to_json(d) FROM d) AS dataset,
       (SELECT is_stub FROM tracked_users WHERE dataset_id = $1 AND user_id = $2) AS is_stub,
       (SELECT to_json(p) FROM (
          SELECT p.segment_index, p.distance, p.features, s.name, s.below_floor
          FROM user_profiles p JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
          WHERE p.run_id = (SELECT id FROM r) AND p.user_id = $2) p) AS profile,
       (SELECT coalesce(json_agg(a ORDER BY a.name), '[]') FROM (
          SELECT name, kind, value_text, value_num FROM user_attributes
          WHERE dataset_id = $1 AND user_id = $2) a) AS attributes,
       (SELECT coalesce(json_agg(x ORDER BY x.target), '[]') FROM (
          SELECT s.target, s.value, s.detail, t.kind, t.model, t.quality
          FROM scores s JOIN prediction_targets t ON t.run_id = s.run_id AND t.target = s.target
          WHERE s.run_id = (SELECT id FROM r) AND s.user_id = $2) x) AS scores,
       EXISTS (SELECT 1 FROM prediction_targets t WHERE t.run_id = (SELECT id FROM r) AND t.status = 'trained'
          AND t.target LIKE 'attr:%') AS attribute_models,
       (SELECT count(*)::int FROM events WHERE dataset_id = $1 AND user_id = $2) AS event_count,
       (SELECT coalesce(json_agg(e ORDER BY e.ts DESC), '[]') FROM (
          SELECT e.ts, e.type, e.item_id, i.title, e.value, e.text
          FROM events e LEFT JOIN items i ON i.dataset_id = e.dataset_id AND i.item_id = e.item_id
          WHERE e.dataset_id = $1 AND e.user_id = $2 ORDER BY e.ts DESC LIMIT $4) e) AS recent_events,
       ${freshnessSql('$1', '(SELECT id FROM r)', '$2')} AS freshness`,
    values: [datasetId, userId, runId ?? null, recentEventLimit],
  });
  const found = rows[0];
  const run = namedRun ?? activeRunOf(datasetRefOf(found.dataset, datasetId));
  const hidden = sensitiveAttributes(run.dataset);
  const purchases = purchaseTypes(run.dataset);
  const stored = found.profile;
  if (found.is_stub === null && !stored)
    throw new ApiError('not_found', `User "${userId}" is not in dataset "${run.dataset.name}"`);

  const features: UserFeature[] = [];
  if (stored) {
    const comparisons = await compareFeatures(run, stored.segment_index);
    const seen = new Set<string>();
    for (const comparison of comparisons) {
      if (!(comparison.feature in stored.features) || features.length >= profileFeatureLimit) continue;
      seen.add(comparison.feature);
      features.push({
        feature: comparison.feature,
        label: comparison.label,
        value: stored.features[comparison.feature] as UserFeature['value'],
        segmentMean: stored.below_floor ? null : comparison.segmentMean,
        populationMean: comparison.populationMean,
      });
    }
    for (const [feature, value] of Object.entries(stored.features)) {
      if (seen.has(feature) || typeof value !== 'string') continue;
      features.push({
        feature,
        label: humanizeFeature(feature),
        value: value as UserFeature['value'],
        segmentMean: null,
        populationMean: null,
      });
    }
  }

  const inferred: InferredAttribute[] = [];
  const plainScores: UserScore[] = [];
  for (const score of found.scores) {
    const described = describeTarget(score.target);
    if (described?.key !== 'attribute') {
      plainScores.push(score);
      continue;
    }
    const attribute = described.parameter;
    if (hidden.has(attribute)) continue;
    inferred.push({ attribute, ...inferredValue(score), model: score.model, quality: score.quality });
  }

  return {
    datasetId,
    runId: run.runId,
    userId,
    isStub: found.is_stub ?? false,
    profiled: Boolean(stored),
    segment: stored
      ? {
          index: stored.segment_index,
          name: stored.below_floor ? 'A small segment (below the size floor, not shown)' : stored.name,
          shown: !stored.below_floor,
        }
      : null,
    distance: stored?.distance ?? null,
    attributes: found.attributes
      .filter((row) => !hidden.has(row.name))
      .map((row) => ({ name: row.name, value: attributeValue(row) })),
    features,
    scores: plainScores,
    inferred,
    // the run's targets with stored scores come with the freshness, which names what follows events
    inferableAttributes: (found.freshness?.served_targets ?? []).flatMap((target) => {
      const described = describeTarget(target);
      return described?.key === 'attribute' && !hidden.has(described.parameter) ? [described.parameter] : [];
    }),
    attributeModelsTrained: found.attribute_models,
    eventCount: found.event_count,
    recentEvents: found.recent_events.map((row) => ({
      ts: new Date(row.ts).toISOString(),
      type: row.type,
      itemId: row.item_id,
      itemTitle: row.title,
      value: row.value,
      isPurchase: purchases.has(row.type.toLowerCase()),
      text: row.text,
    })),
    freshness: profileFreshness(run.runId, found.freshness),
  };
}
