import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { isHiddenAttribute, targetLabel } from '@/lib/ml/predict/targetRegistry';
import { activeRunOf, requireDataset, sensitiveAttributes } from '@/lib/queries/requireRun';
import {
  type FreshnessRow,
  freshnessSql,
  type ProfileFreshness,
  profileFreshness,
} from '@/lib/realtime/profileFreshness';
import { holdoutOf, targetVerdict } from './checkAudienceDefinition';

export interface AppProfile {
  datasetId: number;
  runId: number;
  userId: string;
  segment: { index: number; persona: string | null } | null;
  /** only scores whose model beats its baseline on held-out data, with that quality */
  scores: {
    target: string;
    value: number;
    predicted: string | number | null;
    model: string | null;
    quality: { metric: string; value: number; baseline: number } | null;
  }[];
  /** audiences the user is targeted in (a held-out member is not told to apps) */
  audiences: { id: number; name: string }[];
  recommendations: {
    rank: number;
    itemId: string;
    title: string | null;
    score: number;
    reason: string;
    /** the rating the user would give the item, on the dataset's rating scale; null without ratings */
    predictedRating: number | null;
  }[];
  /** when the profile last followed new events, and by which run's models */
  freshness: ProfileFreshness;
}

const recommendationLimit = 5;

/**
 * The keys of a target's quality that the answer reads (its hold-out figures, flat or under
 * `holdout`, and what its label names): the rest (ROC and calibration curves, top features) was
 * about 30 KB per answer that Postgres built and the server parsed, a third of the server's CPU
 * per answer (1.1 ms to 0.7 ms on the 100,000-user demo).
 */
const qualityKeysRead = ['holdout', 'metric', 'value', 'baseline', 'horizonDays', 'goal'];

/** A user's profile as a storefront or an email tool reads it, from the active run, in one statement. */
export async function profileForApps(datasetId: number, userId: string): Promise<AppProfile> {
  const run = activeRunOf(await requireDataset(datasetId));
  const hidden = sensitiveAttributes(run.dataset);
  const { rows } = await getPool().query<{
    profile: { segment_index: number; name: string; below_floor: boolean } | null;
    scores: {
      target: string;
      value: number;
      detail: { predicted?: string | number } | null;
      status: string;
      model: string | null;
      quality: Record<string, unknown>;
    }[];
    audiences: { id: number; name: string }[];
    recommendations: {
      rank: number;
      item_id: string;
      title: string | null;
      score: number;
      reason: string;
      predicted_rating: number | null;
    }[];
    freshness: FreshnessRow | null;
  }>({
    name: 'portrait_v1_profile',
    text: `SELECT
       (SELECT to_json(p) FROM (SELECT p.segment_index, s.name, s.below_floor FROM user_profiles p
          JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
          WHERE p.run_id = $2 AND p.user_id = $3) p) AS profile,
       (SELECT coalesce(json_agg(x ORDER BY x.target), '[]') FROM (
          SELECT s.target, s.value, s.detail, t.status, t.model,
            (SELECT coalesce(jsonb_object_agg(q.key, q.value), '{}') FROM jsonb_each(t.quality) q
             WHERE q.key = ANY($5::text[])) AS quality
          FROM scores s
          JOIN prediction_targets t ON t.run_id = s.run_id AND t.target = s.target
          WHERE s.run_id = $2 AND s.user_id = $3) x) AS scores,
       (SELECT coalesce(json_agg(a ORDER BY a.name), '[]') FROM (
          SELECT a.id, a.name FROM audience_members m JOIN audiences a ON a.id = m.audience_id
          WHERE a.dataset_id = $1 AND m.user_id = $3 AND NOT m.holdout) a) AS audiences,
       (SELECT coalesce(json_agg(r ORDER BY r.rank), '[]') FROM (
          SELECT r.rank, r.item_id, i.title, r.score, r.reason, r.predicted_rating FROM recommendations r
          LEFT JOIN items i ON i.dataset_id = $1 AND i.item_id = r.item_id
          WHERE r.run_id = $2 AND r.user_id = $3 ORDER BY r.rank LIMIT $4) r) AS recommendations,
       ${freshnessSql('$1', '$2', '$3')} AS freshness`,
    values: [datasetId, run.runId, userId, recommendationLimit, qualityKeysRead],
  });
  const found = rows[0];
  if (!found.profile && !found.scores.length) {
    throw new ApiError(
      'not_found',
      `User "${userId}" has no profile in the active run of dataset "${run.dataset.name}"`,
    );
  }
  return {
    datasetId,
    runId: run.runId,
    userId,
    segment: found.profile
      ? { index: found.profile.segment_index, persona: found.profile.below_floor ? null : found.profile.name }
      : null,
    scores: found.scores
      .filter((score) => !isHiddenAttribute(score.target, hidden))
      .filter((score) => targetVerdict(score).predictive)
      .map((score) => ({
        target: score.target,
        /** what the target is, in words: "Churn", "Propensity: Cameras", "Goal: Buys books" */
        label: targetLabel(score.target, 'en', score.quality),
        value: score.value,
        predicted: score.detail?.predicted ?? null,
        model: score.model,
        quality: holdoutOf(score.quality),
      })),
    audiences: found.audiences,
    recommendations: found.recommendations.map((row) => ({
      rank: row.rank,
      itemId: row.item_id,
      title: row.title,
      score: row.score,
      reason: row.reason,
      predictedRating: row.predicted_rating,
    })),
    freshness: profileFreshness(run.runId, found.freshness),
  };
}
